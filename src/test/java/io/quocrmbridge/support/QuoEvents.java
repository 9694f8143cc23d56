package io.quocrmbridge.support;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import io.quocrmbridge.canonical.CanonicalEvent;
import io.quocrmbridge.canonical.ContactNormalizer;
import io.quocrmbridge.canonical.QuoEventNormalizer;
import io.quocrmbridge.phone.PhoneNumbers;
import io.quocrmbridge.store.InboxEvent;

/**
 * Stored events made from fixtures, as the intake and the poller store them, and the normaliser the bridge runs them
 * through ({@code BRIDGE_PHONE_DEFAULT_REGION=US}).
 */
public final class QuoEvents {

    private QuoEvents() {
    }

    public static QuoEventNormalizer normalizer() {
        return new QuoEventNormalizer(new ContactNormalizer(new PhoneNumbers("US")));
    }

    /** Normalises a fixture: a webhook body, or under {@code rest/} a polled contact. */
    public static CanonicalEvent normalize(String fixture) {
        return normalizer().normalize(stored(fixture));
    }

    public static CanonicalEvent normalize(JsonNode webhookBody) {
        return normalizer().normalize(webhook(webhookBody));
    }

    /** A fixture as the inbox holds it. */
    public static InboxEvent stored(String fixture) {
        JsonNode body = Fixtures.json(fixture);
        return fixture.startsWith("rest/") ? poll(body) : webhook(body);
    }

    /**
     * A webhook body as the intake stores it: the legacy plane's envelopes say {@code object: "event"}, the beta
     * plane's don't.
     */
    public static InboxEvent webhook(JsonNode body) {
        boolean legacy = "event".equals(body.path("object").asText(null));
        InboxEvent.EventSource source = legacy ? InboxEvent.EventSource.WEBHOOK_LEGACY
                : InboxEvent.EventSource.WEBHOOK_BETA;
        return new InboxEvent(1, body.path("id").asText(null), legacy ? null : "msg_" + body.path("id").asText(),
                source.label(), body.path("type").asText(null), Instant.now(), Fixtures.write(body));
    }

    /** A REST contact as the poller stores it. */
    public static InboxEvent poll(JsonNode restContact) {
        return new InboxEvent(1, pollEventId(restContact), null, InboxEvent.EventSource.POLL.label(),
                QuoEventNormalizer.POLLED_CONTACT_TYPE, Instant.now(), Fixtures.write(restContact));
    }

    public static String pollEventId(JsonNode restContact) {
        return "poll:" + restContact.path("id").asText() + ":" + restContact.path("updatedAt").asText();
    }
}
