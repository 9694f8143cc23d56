package io.quocrmbridge.canonical;

/**
 * The workspace directory the bridge currently holds: its own numbers and users (see {@link Directory}). Loaded from
 * Quo's API by {@code io.quocrmbridge.quo.WorkspaceDirectoryLoader} when QUO_API_KEY is set; until then (or without a
 * key) it is empty and the events' own hints decide. Activities and CRM linking read it.
 */
public final class WorkspaceDirectory {

    private volatile Directory current = Directory.EMPTY;

    public Directory current() {
        return current;
    }

    /** Replaces the directory at once (a completed refresh, and tests). */
    public void replace(Directory directory) {
        current = directory;
    }
}
