package io.quocrmbridge.observe;

import org.slf4j.MDC;

/**
 * Puts the Quo event id on every log line written while an event is being handled ({@code %X{eventId}} in the log
 * pattern), so {@code grep EV...} shows an event's whole path: receipt, dispatch, CRM request and response.
 */
public final class EventLog {

    /** The MDC key, also named in {@code camel.main.mdc-logging-keys-pattern} so Camel carries it across threads. */
    public static final String KEY = "eventId";

    private EventLog() {
    }

    /**
     * Sets the event id of the lines that follow. The id comes from the webhook's body, so its control characters are
     * escaped here ({@link LogMasking#escapeControl}): {@code %X{eventId}} is written as it is, not through the
     * masked converters.
     */
    public static void enter(String eventId) {
        if (eventId == null) {
            MDC.remove(KEY);
        } else {
            MDC.put(KEY, LogMasking.escapeControl(eventId));
        }
    }

    public static void leave() {
        MDC.remove(KEY);
    }
}
