package org.censpec.model;

import java.util.Optional;

/** {@code attach D;}, {@code map D;}, {@code unmap D;} or {@code detach D;}. */
public record DeviceStep(Operation op, NameRef device, Optional<NameRef> label, SourceLocation loc) implements Step {

    @Override
    public String text() {
        return op.keyword() + " " + device.name();
    }
}
