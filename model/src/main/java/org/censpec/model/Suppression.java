package org.censpec.model;

import java.util.Optional;

/**
 * {@code suppress ID [on NAME] "reason";}: findings with this id (on the element NAME: a
 * device, share, allocator or flow) are kept in reports as suppressed, with the reason,
 * and no longer fail the check.
 */
public record Suppression(String id, Optional<NameRef> on, String reason, SourceLocation loc) {}
