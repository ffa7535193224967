package org.censpec.maven;

import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

@Mojo(name = "dummy", defaultPhase = LifecyclePhase.VALIDATE, threadSafe = true)
public class Dummy extends AbstractMojo {
    @Override
    public void execute() {
        getLog().info("x");
    }
}
