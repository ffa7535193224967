package org.censpec.cli;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.Writer;
import org.censpec.model.parse.Printable;

/**
 * The console as censpec writes to it: every character through {@link Printable#escape}, so no
 * file name, node name, task name or message can send the terminal an escape sequence, a
 * carriage return or a bidi override, whatever command or format printed it.
 */
final class TerminalWriter extends FilterWriter {
    TerminalWriter(Writer out) {
        super(out);
    }

    @Override
    public void write(int c) throws IOException {
        String e = Printable.escape((char) c);
        if (e == null) {
            out.write(c);
        } else {
            out.write(e);
        }
    }

    @Override
    public void write(char[] buf, int off, int len) throws IOException {
        int start = off;
        for (int i = off; i < off + len; i++) {
            String e = Printable.escape(buf[i]);
            if (e != null) {
                out.write(buf, start, i - start);
                out.write(e);
                start = i + 1;
            }
        }
        out.write(buf, start, off + len - start);
    }

    @Override
    public void write(String s, int off, int len) throws IOException {
        write(s.toCharArray(), off, len);
    }
}
