package org.censpec.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class or method that needs something outside the JVM. When one is missing the test is
 * skipped with a one-line reason naming it and what installs it, and the build's end names it
 * again; with {@code -Dcenspec.require.kernels=true} (set by {@code ./run-tests}) it fails
 * instead, so the full suite never skips silently.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(PrerequisiteExtension.class)
public @interface Requires {
    Prerequisite[] value();
}
