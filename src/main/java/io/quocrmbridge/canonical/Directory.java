package io.quocrmbridge.canonical;

import java.util.Map;
import java.util.Set;

/**
 * What the bridge knows of the workspace itself: its own phone numbers (so they are never mistaken for the
 * customer's) and its users (names for transcripts, e-mail addresses for owner mapping). Filled from Quo's API when
 * QUO_API_KEY is set; empty otherwise, and the events' own hints (participants.workspace, direction) decide.
 */
public record Directory(Set<String> numbers, Map<String, User> users) {

    /** A workspace user: names for transcripts, the e-mail address for owner mapping. */
    public record User(String id, String email, String name) {
    }

    public static final Directory EMPTY = new Directory(Set.of(), Map.of());

    public boolean isOurs(String number) {
        return number != null && numbers.contains(number);
    }

    public User user(String userId) {
        return userId == null ? null : users.get(userId);
    }
}
