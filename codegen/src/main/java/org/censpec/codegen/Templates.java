package org.censpec.codegen;

import java.net.URL;
import org.stringtemplate.v4.ST;
import org.stringtemplate.v4.STErrorListener;
import org.stringtemplate.v4.STGroup;
import org.stringtemplate.v4.STGroupFile;
import org.stringtemplate.v4.misc.STMessage;

/** Loads a StringTemplate group from the classpath; any template error fails loudly. */
public final class Templates {
    private final STGroup group;

    public Templates(String resource) {
        URL url = Templates.class.getResource(resource);
        if (url == null) {
            throw new IllegalStateException("template group not found: " + resource);
        }
        group = new STGroupFile(url, "UTF-8", '<', '>');
        group.setListener(new Failing());
        group.registerModelAdaptor(Record.class, new RecordAdaptor());
    }

    /** Renders template {@code name} with its single argument {@code v}; lines end with \n. */
    public String render(String name, Object v) {
        ST st = group.getInstanceOf(name);
        if (st == null) {
            throw new IllegalStateException("no template " + name);
        }
        st.add("v", v);
        String text = st.render().replace("\r\n", "\n");
        return text.endsWith("\n") ? text : text + "\n";
    }

    private static final class Failing implements STErrorListener {
        @Override
        public void compileTimeError(STMessage msg) {
            throw new IllegalStateException(msg.toString());
        }

        @Override
        public void runTimeError(STMessage msg) {
            throw new IllegalStateException(msg.toString());
        }

        @Override
        public void IOError(STMessage msg) {
            throw new IllegalStateException(msg.toString());
        }

        @Override
        public void internalError(STMessage msg) {
            throw new IllegalStateException(msg.toString());
        }
    }
}
