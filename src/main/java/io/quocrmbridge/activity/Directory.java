package io.quocrmbridge.activity;

import java.util.Map;
import java.util.Set;

/**
 * What the bridge knows of the workspace itself: its own phone numbers (so they are never mistaken for the
 * customer's) and its users (names for transcripts, e-mail addresses for owner mapping). Filled from Quo's API when
 * QUO_API_KEY is set; empty otherwise, and the events' own hints (participants.workspace, direction) decide.
 */
public record Directory(Set<String> numbers, Map<String, CallActivity.User> users) {

    public static final Directory EMPTY = new Directory(Set.of(), Map.of());

    public boolean isOurs(String number) {
        return number != null && numbers.contains(number);
    }

    public CallActivity.User user(String userId) {
        return userId == null ? null : users.get(userId);
    }
}
