package org.censpec.codegen.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.censpec.codegen.emit.TemplateException;
import org.censpec.codegen.emit.Templates;
import org.stringtemplate.v4.AutoIndentWriter;
import org.stringtemplate.v4.ST;
import org.stringtemplate.v4.STGroup;

/**
 * Renders the Linux kernel module of one spec from a {@link DriverView}: the board's
 * tables, its in-kernel and userspace headers and its Kbuild files, next to the
 * hand-written runtime ({@link #RUNTIME}: the dma-buf exporter, backends, heaps,
 * matching, the test build, and the Kbuild fragment {@code cen_runtime.kbuild} that
 * names their objects and probes the kernel) that is the same for every board; the
 * generated Kbuild includes that fragment and names no runtime file.
 *
 * <p>The templates live in {@code org/censpec/codegen/kernel/*.stg} on the class
 * path; any template error (syntax, unknown template, unknown property) throws
 * {@link TemplateException}. Output is a pure function of the view: no dates, no
 * host names, {@code \n} line ends.
 */
public final class KernelModuleGenerator {

    /** Version written into every generated file. */
    public static final String VERSION = org.censpec.model.CenspecVersion.VERSION;

    private static final String RESOURCE_DIR = "org/censpec/codegen/kernel/";
    private static final String COMMON = "common.stg";

    /** One generated file: group, template, and path relative to the module directory. */
    private record Output(String group, String template, String pathPattern) {}

    /** The udev rules of the module's heap nodes, by the spec's prefix (install under /etc/udev/rules.d/). */
    public static final String UDEV_RULES = "70-%s-dma-heap.rules";

    private static final List<Output> OUTPUTS = List.of(
            new Output("headers.stg", "publicHeader", "%s.h"),
            new Output("headers.stg", "uapiHeader", "uapi/%s.h"),
            new Output("tables.stg", "specSource", "%s_spec.c"),
            new Output("build.stg", "kbuild", "Kbuild"),
            new Output("build.stg", "makefile", "Makefile"),
            new Output("udev.stg", "udevRules", UDEV_RULES));

    private static final String RUNTIME_DIR = RESOURCE_DIR + "runtime/";

    /**
     * The hand-written kernel runtime (the repository's {@code kernel-runtime/}, listed in its
     * {@code runtime.files}), the same for every board, copied unchanged into every module (as
     * ANTLR's runtime is shared by every generated parser).
     */
    public static final List<String> RUNTIME = resource(RUNTIME_DIR + "runtime.files")
            .lines()
            .map(String::strip)
            .filter(l -> !l.isEmpty() && !l.startsWith("#"))
            .toList();

    /**
     * The runtime's interface version ({@code CEN_RUNTIME_VERSION} in {@code cen_core.h}): the
     * generated tables refuse to build against a runtime of another version.
     */
    public static final int RUNTIME_VERSION = runtimeVersion(resource(RUNTIME_DIR + "cen_core.h"));

    static int runtimeVersion(String header) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^#define CEN_RUNTIME_VERSION (\\d+)$")
                .matcher(header);
        if (!m.find()) {
            throw new TemplateException("cen_core.h defines no CEN_RUNTIME_VERSION");
        }
        return Integer.parseInt(m.group(1));
    }

    /**
     * Renders every file of the module.
     *
     * @return relative path (e.g. {@code uapi/rpi4_camera.h}) to file content, sorted by path
     */
    public SortedMap<String, String> generate(DriverView view) {
        requireComplete(view, "view");
        STGroup common = load(COMMON);
        Map<String, STGroup> groups = new HashMap<>();
        SortedMap<String, String> files = new TreeMap<>();
        for (Output out : OUTPUTS) {
            STGroup group = groups.computeIfAbsent(out.group(), name -> {
                STGroup g = load(name);
                g.importTemplates(common);
                return g;
            });
            String path = String.format(Locale.ROOT, out.pathPattern(), view.prefix());
            files.put(path, render(group, out.template(), view));
        }
        for (String name : RUNTIME) {
            files.put(name, runtimeFile(name));
        }
        files.put(RECORD_SCRIPT, recordScript(view.prefix()));
        return Collections.unmodifiableSortedMap(files);
    }

    /** The board-side recorder of the module's tracepoints (docs/observe.md), run with {@code sh}. */
    public static final String RECORD_SCRIPT = "censpec-record";

    /** The recorder with the spec's name as its default (the script's only generated part). */
    static String recordScript(String spec) {
        String text = resource("org/censpec/codegen/record/" + RECORD_SCRIPT);
        if (!text.contains("spec=@SPEC@\n")) {
            throw new TemplateException("censpec-record lost its spec placeholder");
        }
        return text.replace("spec=@SPEC@\n", "spec=" + spec + "\n");
    }

    /** The text of one runtime file, as committed under {@code runtime/}. */
    public static String runtimeFile(String name) {
        return resource(RUNTIME_DIR + name);
    }

    private static String resource(String resource) {
        try (InputStream in = KernelModuleGenerator.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new TemplateException("kernel runtime file missing from the class path: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Names of the template group files, for tools and tests. */
    public static List<String> templateGroups() {
        List<String> names = new ArrayList<>();
        names.add(RESOURCE_DIR + COMMON);
        OUTPUTS.stream().map(o -> RESOURCE_DIR + o.group()).distinct().forEach(names::add);
        return names;
    }

    private static STGroup load(String name) {
        return Templates.load(RESOURCE_DIR + name);
    }

    private static String render(STGroup group, String template, DriverView view) {
        ST st = group.getInstanceOf(template);
        if (st == null) {
            throw new TemplateException("no template " + template + " in " + group.getName());
        }
        st.add("d", view);
        StringWriter sw = new StringWriter();
        AutoIndentWriter writer = new AutoIndentWriter(sw, "\n");
        try {
            st.write(writer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sw.toString();
    }

    /** Rejects a view with a null anywhere, which a template would silently render as nothing. */
    private static void requireComplete(Object value, String where) {
        if (value == null) {
            throw new IllegalArgumentException(where + " is null");
        }
        if (value instanceof Record r) {
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                try {
                    requireComplete(c.getAccessor().invoke(r), where + "." + c.getName());
                } catch (IllegalAccessException | InvocationTargetException e) {
                    throw new IllegalStateException(e);
                }
            }
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                requireComplete(list.get(i), where + "[" + i + "]");
            }
        }
    }
}
