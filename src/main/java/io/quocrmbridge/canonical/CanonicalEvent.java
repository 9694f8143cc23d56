package io.quocrmbridge.canonical;

/**
 * A Quo event in the bridge's own shape, whatever payload version or plane it came from. Documented in
 * {@code docs/canonical-events.md}; the route files map it to each CRM's fields.
 *
 * @param eventId    the Quo event id (or {@code poll:<contact>:<version>} for polled contacts)
 * @param kind       one of {@link #CONTACT_UPSERT}, {@link #CONTACT_DELETE}, {@link #CALL}, {@link #MESSAGE},
 *                   {@link #UNKNOWN}
 * @param quoType    Quo's own event type, e.g. {@code call.summary.completed} or {@code callSummary}
 * @param source     webhook-legacy, webhook-beta or poll
 * @param occurredAt when Quo says the event happened (the envelope's createdAt)
 * @param contact    set for contact kinds
 * @param call       set for {@link #CALL}
 * @param message    set for {@link #MESSAGE}
 * @param note       why an event is parked, for {@link #UNKNOWN}
 */
public record CanonicalEvent(String eventId, String kind, String quoType, String source, String occurredAt,
                             CanonicalContact contact, CanonicalCall call, CanonicalMessage message, String note) {

    public static final String CONTACT_UPSERT = "contact.upsert";
    public static final String CONTACT_DELETE = "contact.delete";
    public static final String CALL = "call";
    public static final String MESSAGE = "message";
    public static final String UNKNOWN = "unknown";

    public static CanonicalEvent contact(String eventId, String kind, String quoType, String source,
                                         String occurredAt, CanonicalContact contact) {
        return new CanonicalEvent(eventId, kind, quoType, source, occurredAt, contact, null, null, null);
    }

    public static CanonicalEvent call(String eventId, String quoType, String source, String occurredAt,
                                      CanonicalCall call) {
        return new CanonicalEvent(eventId, CALL, quoType, source, occurredAt, null, call, null, null);
    }

    public static CanonicalEvent message(String eventId, String quoType, String source, String occurredAt,
                                         CanonicalMessage message) {
        return new CanonicalEvent(eventId, MESSAGE, quoType, source, occurredAt, null, null, message, null);
    }

    public static CanonicalEvent unknown(String eventId, String quoType, String source, String occurredAt,
                                         String note) {
        return new CanonicalEvent(eventId, UNKNOWN, quoType, source, occurredAt, null, null, null, note);
    }
}
