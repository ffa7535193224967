package org.censpec.codegen.kernel;

import java.util.List;
import org.censpec.model.check.GeneratedNames;

/**
 * Everything the kernel-module templates need for one spec, precomputed.
 * Templates only iterate over the lists and test the booleans; every name,
 * mask, literal and padding is computed in Java (see {@link DriverViewBuilder}).
 *
 * @param prefix           C prefix of every symbol and file, e.g. {@code rpi4_camera}
 * @param upperPrefix      the prefix in upper case, for macros and enum constants
 * @param specName         the spec's name ({@code spec NAME;}), an identifier (for comments)
 * @param literals         every C string literal and comment text of spec text ({@link org.censpec.codegen.emit.CText})
 * @param version          censpec version, for the banner
 * @param runtimeVersion   the kernel runtime interface version the tables are written for
 * @param properties       properties in declaration order
 * @param allocators       allocators in priority (declaration) order
 * @param devices          devices in declaration order
 * @param shares           shares in declaration order
 * @param heaps            the generic heap, then one heap per share, then the shares' aliases
 * @param maskDefines      aligned {@code #define}s of all masks (public header)
 * @param heapDefines      aligned {@code #define}s of heap names and count (uapi header)
 * @param ramBaseLiteral   C literal of the first byte of RAM ({@code ram SIZE at BASE})
 * @param ramEndLiteral    C literal of the first byte after RAM
 * @param matchedDevices   the devices with match strings, in declaration order
 * @param renamedHeaps     the heaps whose name changed with the naming convention (udev links)
 * @param heapAccess       the spec has {@code heap_access}: the udev rules set group and mode
 * @param heapGroup        its group, "" for none
 * @param hasHeapGroup     it names a group
 * @param heapMode         its mode, four octal digits (e.g. {@code 0660})
 */
public record DriverView(
        String prefix,
        String upperPrefix,
        String specName,
        Literals literals,
        String version,
        int runtimeVersion,
        List<PropertyView> properties,
        List<AllocatorView> allocators,
        List<DeviceView> devices,
        List<ShareView> shares,
        List<HeapView> heaps,
        List<DefineView> maskDefines,
        List<DefineView> heapDefines,
        String ramBaseLiteral,
        String ramEndLiteral,
        List<DeviceView> matchedDevices,
        List<HeapView> renamedHeaps,
        boolean heapAccess,
        String heapGroup,
        boolean hasHeapGroup,
        String heapMode) {

    /** The file name of the module's udev rules. */
    public String udevRulesFile() {
        return String.format(java.util.Locale.ROOT, KernelModuleGenerator.UDEV_RULES, prefix);
    }

    /** The production module's trace system ({@code cen_trace.h}'s {@code CEN_TRACE_SYSTEM}). */
    public String traceSystem() {
        return GeneratedNames.traceSystem(prefix);
    }

    /** The test build's module name. */
    public String testModule() {
        return GeneratedNames.testModule(prefix);
    }

    /** The test build's trace system. */
    public String testTraceSystem() {
        return GeneratedNames.traceSystem(testModule());
    }

    /**
     * Spec text as C source, escaped once ({@link org.censpec.codegen.emit.CText}).
     *
     * @param specName     the spec's name as a C string
     * @param specFile     the spec file's name as a C string (its {@code MODULE_INFO})
     * @param specFileText the spec file's name for a comment
     * @param version      the censpec version as a C string
     * @param runtimeError the message of the {@code #error} on a runtime of another version
     */
    public record Literals(
            String specName, String specFile, String specFileText, String version, String runtimeError) {}

    public DriverView {
        properties = List.copyOf(properties);
        allocators = List.copyOf(allocators);
        devices = List.copyOf(devices);
        shares = List.copyOf(shares);
        heaps = List.copyOf(heaps);
        maskDefines = List.copyOf(maskDefines);
        heapDefines = List.copyOf(heapDefines);
        matchedDevices = List.copyOf(matchedDevices);
        renamedHeaps = List.copyOf(renamedHeaps);
    }
}
