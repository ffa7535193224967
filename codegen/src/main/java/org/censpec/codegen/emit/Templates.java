package org.censpec.codegen.emit;

import java.net.URL;
import org.stringtemplate.v4.ST;
import org.stringtemplate.v4.STErrorListener;
import org.stringtemplate.v4.STGroup;
import org.stringtemplate.v4.STGroupFile;
import org.stringtemplate.v4.misc.STMessage;

/**
 * Loads a StringTemplate group from the classpath. Every group censpec uses is set up by
 * {@link #configure}: any template error throws {@link TemplateException}, and templates
 * read view-model records.
 */
public final class Templates {
    private static final STErrorListener THROWING = new STErrorListener() {
        @Override
        public void compileTimeError(STMessage msg) {
            throw new TemplateException("template compile error: " + msg);
        }

        @Override
        public void runTimeError(STMessage msg) {
            throw new TemplateException("template runtime error: " + msg);
        }

        @Override
        public void IOError(STMessage msg) {
            throw new TemplateException("template I/O error: " + msg);
        }

        @Override
        public void internalError(STMessage msg) {
            throw new TemplateException("template internal error: " + msg);
        }
    };

    private final STGroup group;

    public Templates(String resource) {
        group = load(resource);
    }

    /** Makes template errors throw and lets templates read record components. */
    public static STGroup configure(STGroup group) {
        group.setListener(THROWING);
        group.registerModelAdaptor(Record.class, new RecordAdaptor());
        return group;
    }

    /** A configured group file from the class path ({@code resource} without a leading slash). */
    public static STGroup load(String resource) {
        URL url = Templates.class.getClassLoader().getResource(resource.replaceFirst("^/", ""));
        if (url == null) {
            throw new TemplateException("template group not on the class path: " + resource);
        }
        STGroup group = configure(new STGroupFile(url, "UTF-8", '<', '>'));
        group.load();
        return group;
    }

    /** Renders template {@code name} with its single argument {@code v}; lines end with \n. */
    public String render(String name, Object v) {
        ST st = group.getInstanceOf(name);
        if (st == null) {
            throw new TemplateException("no template " + name + " in " + group.getName());
        }
        st.add("v", v);
        String text = st.render().replace("\r\n", "\n");
        return text.endsWith("\n") ? text : text + "\n";
    }
}
