package io.quocrmbridge.store;

import java.time.Instant;

/**
 * Work that failed for good, kept with its reason until a user replays or discards it.
 *
 * @param id          dead letter id
 * @param target      the CRM target, or {@code *} for an event that could not be normalised
 * @param kind        contact, call, message, or {@code event} for an event-level failure
 * @param operation   upsert, delete or flag-deleted; null for event-level failures
 * @param recordKey   the record's key (Quo externalId, else Quo id)
 * @param eventId     the Quo event that carried the failed version
 * @param eventType   the Quo event type
 * @param inboxId     the inbox row, for event-level failures
 * @param version     the failed record version, null for event-level failures
 * @param reason      why it failed, as the CRM or the bridge said it
 * @param errorCode   the CRM's error code, when it gave one
 * @param httpStatus  the CRM's HTTP status, when there was one
 * @param attempts    how many attempts were made
 * @param payload     the canonical record (or, event-level, the raw event)
 * @param status      NEW, REPLAYED, DISCARDED or SUPERSEDED
 * @param createdAt   when it failed
 * @param resolvedAt  when it was replayed or discarded
 */
public record DeadLetter(long id, String target, String kind, String operation, String recordKey, String eventId,
                         String eventType, Long inboxId, RecordVersion version, String reason, String errorCode,
                         Integer httpStatus, int attempts, String payload, String status, Instant createdAt,
                         Instant resolvedAt) {

    public static final String NEW = "NEW";
    public static final String REPLAYED = "REPLAYED";
    public static final String DISCARDED = "DISCARDED";
    public static final String SUPERSEDED = "SUPERSEDED";

    /** The target value of event-level dead letters (the event never reached a target). */
    public static final String ANY_TARGET = "*";
    /** The kind value of event-level dead letters. */
    public static final String EVENT_KIND = "event";

    public boolean isEventLevel() {
        return EVENT_KIND.equals(kind);
    }
}
