package io.quocrmbridge.crm;

/**
 * Fits an activity's long text (a call's summary, links and transcript) into a CRM field: a text longer than the
 * field allows is cut at a clean boundary (the end of a line, else of a word) and ends with a visible note and the
 * link to the whole call in Quo, so the write is never refused for its length.
 */
public final class ActivityText {

    private ActivityText() {
    }

    /** The link to a merged activity (its call, or its texts) in Quo, or null. */
    public static String deepLink(com.fasterxml.jackson.databind.JsonNode activity) {
        com.fasterxml.jackson.databind.JsonNode link = activity.path("call").path("deepLink");
        if (!link.isTextual()) {
            link = activity.path("texts").path("deepLink");
        }
        return link.isTextual() ? link.asText() : null;
    }

    /**
     * @param text     the text as the route file's mapping built it
     * @param max      the field's length limit, in characters
     * @param deepLink where the whole conversation is, or null
     */
    public static String fit(String text, int max, String deepLink) {
        if (text == null || text.length() <= max) {
            return text;
        }
        String note = "\n\n[… shortened to fit this field's " + max + " characters"
                + (deepLink == null ? "" : "; the whole call is in Quo: " + deepLink) + "]";
        if (note.length() >= max) {
            return text.substring(0, max);
        }
        int room = max - note.length();
        int cut = text.lastIndexOf('\n', room);
        if (cut < room / 2) {
            cut = text.lastIndexOf(' ', room);
        }
        if (cut < room / 2) {
            cut = room;
        }
        // never split a surrogate pair (an emoji, say)
        if (cut > 0 && Character.isHighSurrogate(text.charAt(cut - 1))) {
            cut--;
        }
        return text.substring(0, cut).stripTrailing() + note;
    }
}
