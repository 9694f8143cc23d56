package io.quocrmbridge.crm;

import java.util.List;
import java.util.Locale;

/**
 * How an activity is linked to a CRM contact (ACTIVITY_LINK_NO_MATCH, ACTIVITY_LINK_MULTIPLE). Candidates come
 * first from the Quo contact ids in the events (the CRM records the bridge wrote for them), then from the other
 * party's number looked up in the CRM.
 *
 * @param noMatch  what to do when nothing matches
 * @param multiple what to do when several contacts match
 */
public record LinkPolicy(NoMatch noMatch, Multiple multiple) {

    public enum NoMatch {
        /** Write the activity without a contact; it is linked once a matching contact lands (the default). */
        UNLINKED,
        /** Hold the activity back until a matching contact lands. */
        SKIP,
        /** Create a contact for the number, then link. */
        CREATE_CONTACT,
        /** Create a lead for the number, then link. */
        CREATE_LEAD
    }

    public enum Multiple {
        /** Link the most recently changed match (the default). */
        MOST_RECENT,
        /** Link every match (the CRM's own way of relating one activity to several people). */
        ALL,
        /** Dead-letter the activity, so a person resolves the duplicate contacts and replays it. */
        DEAD_LETTER
    }

    public static LinkPolicy parse(String noMatch, String multiple) {
        return new LinkPolicy(parse(NoMatch.class, "ACTIVITY_LINK_NO_MATCH", noMatch),
                parse(Multiple.class, "ACTIVITY_LINK_MULTIPLE", multiple));
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String setting, String value) {
        String name = value == null ? "" : value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            List<String> allowed = java.util.Arrays.stream(type.getEnumConstants())
                    .map(c -> c.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList();
            throw new IllegalArgumentException(setting + ": '" + value + "' is not one of " + allowed);
        }
    }

    /** What to do for one activity. */
    public record Decision(String whoId, List<String> others, boolean hold, String deadLetter, boolean create) {

        public static Decision link(String whoId, List<String> others) {
            return new Decision(whoId, others, false, null, false);
        }
    }

    /**
     * Decides from the matches, most recent first.
     *
     * @param number the other party's number, null when unknown (nothing is created for an unknown number)
     */
    public Decision decide(List<String> matches, String number) {
        if (matches.size() == 1) {
            return Decision.link(matches.get(0), List.of());
        }
        if (matches.size() > 1) {
            return switch (multiple) {
                case MOST_RECENT -> Decision.link(matches.get(0), List.of());
                case ALL -> Decision.link(matches.get(0), List.copyOf(matches.subList(1, matches.size())));
                case DEAD_LETTER -> new Decision(null, List.of(), false, matches.size() + " CRM records match "
                        + (number == null ? "the activity's contacts" : number) + ": " + matches
                        + " (ACTIVITY_LINK_MULTIPLE=dead-letter); merge them, then replay", false);
            };
        }
        return switch (noMatch) {
            case UNLINKED -> Decision.link(null, List.of());
            case SKIP -> new Decision(null, List.of(), true, null, false);
            case CREATE_CONTACT, CREATE_LEAD -> number == null ? Decision.link(null, List.of())
                    : new Decision(null, List.of(), false, null, true);
        };
    }
}
