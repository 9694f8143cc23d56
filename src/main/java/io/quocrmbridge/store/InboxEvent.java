package io.quocrmbridge.store;

import java.time.Instant;

/**
 * One stored Quo event: a webhook delivery or a polled record, kept verbatim until it has been dispatched.
 *
 * @param id         the inbox row id
 * @param eventId    the envelope's id (EV...) or, for polled records, {@code poll:<contact id>:<version>}
 * @param deliveryId the beta plane's {@code webhook-id}, null for legacy deliveries and polls
 * @param source     {@link EventSource} name: where the event came from
 * @param eventType  Quo's event type, e.g. {@code contact.updated}
 * @param receivedAt when the bridge stored it
 * @param body       the raw JSON body as received
 */
public record InboxEvent(long id, String eventId, String deliveryId, String source, String eventType,
                         Instant receivedAt, String body) {

    /** Where a stored event came from. */
    public enum EventSource {
        /** A webhook signed with the legacy openphone-signature scheme (or unsigned with verification off). */
        WEBHOOK_LEGACY("webhook-legacy"),
        /** A beta-plane webhook signed with the Standard Webhooks scheme. */
        WEBHOOK_BETA("webhook-beta"),
        /** A contact read from Quo's REST API by the poller. */
        POLL("poll"),
        /** A call's details or voicemail fetched from Quo's REST API to complete its activity. */
        API("api");

        private final String label;

        EventSource(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
