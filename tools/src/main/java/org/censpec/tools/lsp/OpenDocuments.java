package org.censpec.tools.lsp;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The documents the client has open, each at the version it last sent. */
final class OpenDocuments {
    private final Map<String, Doc> docs = new ConcurrentHashMap<>();

    void put(Doc d) {
        docs.put(d.uri(), d);
    }

    void remove(String uri) {
        docs.remove(uri);
    }

    Optional<Doc> get(String uri) {
        return Optional.ofNullable(docs.get(uri));
    }

    /** Whether {@code d} is still what the client has open (a result for it may be shown). */
    boolean isLatest(Doc d) {
        Doc now = docs.get(d.uri());
        return now != null && now.version() == d.version() && now.text().equals(d.text());
    }
}
