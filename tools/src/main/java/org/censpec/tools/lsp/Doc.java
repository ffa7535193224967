package org.censpec.tools.lsp;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.censpec.model.parse.SpecReader;

/** An open document as the client last sent it: its URI, version and full text. */
record Doc(String uri, int version, String text) {

    /** The spec's file name for locations and includes: the path of a file: URI, else the URI. */
    static String fileOf(String uri) {
        try {
            URI u = URI.create(uri);
            if ("file".equals(u.getScheme())) {
                return Path.of(u).toString();
            }
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            // not a file URI: keep it as the name
        }
        return uri;
    }

    /** The lines as the client counts them: LSP ends a line at LF, CR LF or a lone CR. */
    String[] lines() {
        return text.split("\r\n|\r|\n", -1);
    }

    String file() {
        return fileOf(uri);
    }

    /** Larger than censpec reads a spec file: no feature looks at it, its one diagnostic says so. */
    boolean tooLarge() {
        return text.length() > SpecReader.MAX_BYTES
                || text.getBytes(StandardCharsets.UTF_8).length > SpecReader.MAX_BYTES;
    }
}
