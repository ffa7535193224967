package org.censpec.model;

/** What a device step does to the shared buffer. */
public enum Operation {
    ATTACH("attach"),
    MAP("map"),
    UNMAP("unmap"),
    DETACH("detach");

    private final String keyword;

    Operation(String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }
}
