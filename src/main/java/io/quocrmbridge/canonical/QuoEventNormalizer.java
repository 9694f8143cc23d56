package io.quocrmbridge.canonical;

import io.quocrmbridge.json.Json;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import io.quocrmbridge.store.InboxEvent;

/**
 * Turns a stored Quo event into a {@link CanonicalEvent}, whichever plane and payload version it came in:
 * <ul>
 *   <li>legacy envelopes {@code {id, object: "event", apiVersion: v3|v4, type, data: {object, deepLink?}}} (the
 *       apiVersion is not branched on: the payload's own fields decide),</li>
 *   <li>beta envelopes {@code {id, apiVersion: 2026-03-30, type, data: {resource, context, links}}},</li>
 *   <li>REST contacts stored by the poller.</li>
 * </ul>
 * A correctly signed event of a type the bridge doesn't know becomes {@link CanonicalEvent#UNKNOWN} (parked, never
 * an error); a known type whose payload can't be read raises {@link NormalizationException} (dead-lettered).
 */
public final class QuoEventNormalizer {

    /** The event type under which the poller stores REST contacts. */
    public static final String POLLED_CONTACT_TYPE = "contact.polled";
    /**
     * The event type under which the poller stores a contact a complete scan no longer finds in Quo (when applying
     * deletions is switched on): handled like a contact.deleted webhook, under CONTACT_DELETE_POLICY.
     */
    public static final String POLL_MISSING_TYPE = "contact.missing-in-quo";

    private final ContactNormalizer contacts;
    private final CallNormalizer calls = new CallNormalizer();
    private final MessageNormalizer messages = new MessageNormalizer();

    public QuoEventNormalizer(ContactNormalizer contacts) {
        this.contacts = contacts;
    }

    public CanonicalEvent normalize(InboxEvent event) {
        JsonNode body;
        try {
            body = Json.parse(event.body());
        } catch (IllegalArgumentException e) {
            throw new NormalizationException("stored event is not JSON");
        }
        if (InboxEvent.EventSource.POLL.label().equals(event.source())) {
            boolean missing = POLL_MISSING_TYPE.equals(event.eventType());
            CanonicalContact contact = contacts.normalize(body, null, missing);
            return CanonicalEvent.contact(event.eventId(), missing ? CanonicalEvent.CONTACT_DELETE
                    : CanonicalEvent.CONTACT_UPSERT, event.eventType(), event.source(), contact.updatedAt(), contact);
        }
        return normalizeEnvelope(event.eventId(), event.source(), body);
    }

    /** Normalises a webhook envelope. */
    public CanonicalEvent normalizeEnvelope(String eventId, String source, JsonNode envelope) {
        String type = Json.text(envelope, "type");
        String occurredAt = Json.text(envelope, "createdAt");
        JsonNode data = Json.obj(envelope, "data");
        String t = type == null ? "" : type.toLowerCase(Locale.ROOT);

        boolean contactEvent = t.startsWith("contact.");
        boolean callEvent = t.startsWith("call.") || t.equals("callsummary") || t.equals("calltranscript");
        boolean messageEvent = t.startsWith("message.");
        if (!contactEvent && !callEvent && !messageEvent) {
            return CanonicalEvent.unknown(eventId, type, source, occurredAt, "event type not handled by the bridge");
        }
        boolean deleted = t.equals("contact.deleted");
        if (contactEvent && !deleted && !t.equals("contact.updated") && !t.equals("contact.created")) {
            return CanonicalEvent.unknown(eventId, type, source, occurredAt, "contact event type not handled");
        }
        // call.* and message.* types the bridge has no stage for (stage "other") are passed on when they read as a
        // call or message, and parked when they don't: only a known type with an unreadable payload is an error
        boolean knownType = contactEvent
                || (callEvent && !"other".equals(CallNormalizer.stage(type)))
                || (messageEvent && !"other".equals(MessageNormalizer.stage(type)));
        try {
            return normalizeData(eventId, type, source, occurredAt, data, contactEvent, deleted, callEvent);
        } catch (NormalizationException e) {
            if (knownType) {
                throw e;
            }
            return CanonicalEvent.unknown(eventId, type, source, occurredAt,
                    "event type not handled by the bridge and not readable as a call or message: " + e.getMessage());
        }
    }

    private CanonicalEvent normalizeData(String eventId, String type, String source, String occurredAt, JsonNode data,
                                         boolean contactEvent, boolean deleted, boolean callEvent) {
        if (data == null) {
            throw new NormalizationException(type + " event has no data object");
        }
        JsonNode resource = Json.obj(data, "resource");
        boolean beta = resource != null;
        JsonNode object = beta ? resource : Json.obj(data, "object");
        JsonNode context = beta ? Json.obj(data, "context") : null;
        String deepLink = deepLink(data, object);

        if (contactEvent) {
            CanonicalContact contact = contacts.normalize(object, deepLink, deleted);
            return CanonicalEvent.contact(eventId, deleted ? CanonicalEvent.CONTACT_DELETE : CanonicalEvent.CONTACT_UPSERT,
                    type, source, occurredAt, contact);
        }
        if (callEvent) {
            return CanonicalEvent.call(eventId, type, source, occurredAt, calls.normalize(type, object, context, deepLink));
        }
        return CanonicalEvent.message(eventId, type, source, occurredAt,
                messages.normalize(type, object, context, deepLink));
    }

    private static String deepLink(JsonNode data, JsonNode object) {
        JsonNode links = Json.obj(data, "links");
        String link = Json.text(links, "quo");
        if (link == null) {
            link = Json.text(data, "deepLink");
        }
        if (link == null) {
            link = Json.text(object, "deepLink");
        }
        return link;
    }
}
