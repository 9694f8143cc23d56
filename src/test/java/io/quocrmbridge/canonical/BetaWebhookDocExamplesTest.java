package io.quocrmbridge.canonical;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quocrmbridge.canonical.CanonicalCall.TranscriptLine;
import io.quocrmbridge.support.Fixtures;
import io.quocrmbridge.support.QuoEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The example payloads of Quo's own beta webhook documentation (seed 004), copied verbatim into
 * {@code fixtures/seed-004/}, go through the normaliser and give a CRM what it needs. The docs show only each event's
 * {@code data} wrapper, so each is sent in the documented common envelope ({@link Fixtures#betaEnvelope}).
 */
class BetaWebhookDocExamplesTest {

    /** An E.164 number, as a CRM phone field and the bridge's lookups need it. */
    private static final String E164 = "\\+[1-9][0-9]{1,14}";
    private static final String DELIVERED_AT = "2026-04-13T12:00:02.250Z";
    private static final String INBOX_LINK = "https://my.quo.com/inbox/...";

    /** The doc's example for {@code type}, as Quo delivers it: in the envelope, under event id {@code eventId}. */
    private static ObjectNode delivered(String type, String eventId) {
        return Fixtures.betaEnvelope(eventId, type, DELIVERED_AT, Fixtures.json("seed-004/" + type + ".json"));
    }

    private static CanonicalEvent normalize(String type, String eventId) {
        return QuoEvents.normalize(delivered(type, eventId));
    }

    @Test
    void theFolderHoldsTheExampleOfEveryDocumentedTypeThatHasOne() {
        // contact.deleted has no example of its own: "the JSON shape is identical to contact.updated"
        assertThat(Fixtures.names("seed-004"), contains("seed-004/call.summary.completed.json",
                "seed-004/call.transcript.completed.json", "seed-004/contact.updated.json",
                "seed-004/message.delivered.json", "seed-004/message.received.json"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "message.received,          message",
        "message.delivered,         message",
        "call.summary.completed,    call",
        "call.transcript.completed, call",
        "contact.updated,           contact.upsert",
    })
    void everyExampleNormalisesToItsKindUnderTheEnvelopesIdTypeAndTime(String type, String kind) {
        CanonicalEvent event = normalize(type, "EVseed004" + type.replace(".", ""));

        assertThat(event.kind(), equalTo(kind));
        assertThat(event.eventId(), equalTo("EVseed004" + type.replace(".", "")));
        assertThat(event.quoType(), equalTo(type));
        assertThat(event.source(), equalTo("webhook-beta"));
        assertThat(event.occurredAt(), equalTo(DELIVERED_AT));
        assertThat(event.note(), nullValue());
    }

    @Test
    void theMessageReceivedExampleIsAnInboundTextFromTheSenderToOurNumber() {
        CanonicalMessage message = normalize("message.received", "EVseed004received").message();

        assertThat(message.messageId(), equalTo("AC-message"));
        assertThat(message.stage(), equalTo("received"));
        assertThat(message.direction(), equalTo("inbound"));
        assertThat(message.status(), equalTo("received"));
        assertThat(message.text(), equalTo("hello"));
        assertThat(message.createdAt(), equalTo("2026-04-13T12:00:00.000Z"));
        assertThat(message.from(), equalTo("+15550001111"));
        assertThat(message.to(), contains("+15550002222"));
        assertThat(message.from(), matchesPattern(E164));
        assertThat(message.to(), everyItem(matchesPattern(E164)));
        assertThat(message.phoneNumberId(), equalTo("PN123"));
        assertThat(message.conversationId(), equalTo("CN123"));
        assertThat(message.userId(), equalTo("US123"));
        assertThat(message.contactIds(), contains("CT123"));
        assertThat(message.contactLookup(), equalTo("matched"));
        assertThat(message.media(), empty());
        assertThat(message.deepLink(), equalTo(INBOX_LINK));
    }

    @Test
    void theMessageDeliveredExampleIsAnOutboundTextFromOurNumberToTheRecipient() {
        CanonicalMessage message = normalize("message.delivered", "EVseed004delivered").message();

        assertThat(message.messageId(), equalTo("AC-message"));
        assertThat(message.stage(), equalTo("delivered"));
        assertThat(message.direction(), equalTo("outbound"));
        assertThat(message.status(), equalTo("delivered"));
        assertThat(message.text(), equalTo("hello"));
        assertThat(message.createdAt(), equalTo("2026-04-13T12:00:00.000Z"));
        assertThat(message.from(), equalTo("+15550002222"));
        assertThat(message.to(), contains("+15550001111"));
        assertThat(message.from(), matchesPattern(E164));
        assertThat(message.to(), everyItem(matchesPattern(E164)));
        assertThat(message.phoneNumberId(), equalTo("PN123"));
        assertThat(message.conversationId(), equalTo("CN123"));
        assertThat(message.userId(), equalTo("US123"));
        assertThat(message.contactIds(), contains("CT123"));
        assertThat(message.contactLookup(), equalTo("matched"));
        assertThat(message.deepLink(), equalTo(INBOX_LINK));
    }

    @Test
    void theCallSummaryExampleCarriesItsLinesAndTheCallsNumbersFromTheContext() {
        CanonicalCall call = normalize("call.summary.completed", "EVseed004summary").call();

        assertThat(call.callId(), equalTo("AC-summary"));
        assertThat(call.stage(), equalTo("summary"));
        assertThat(call.summaryStatus(), equalTo("completed"));
        assertThat(call.summary(), contains("Customer asked for pricing details."));
        assertThat(call.nextSteps(), contains("Send follow-up email."));
        assertThat(call.workspaceNumbers(), contains("+15550000001"));
        assertThat(call.externalNumbers(), contains("+15550000002"));
        assertThat(call.workspaceNumbers(), everyItem(matchesPattern(E164)));
        assertThat(call.externalNumbers(), everyItem(matchesPattern(E164)));
        assertThat(call.participantsResolution(), equalTo("available"));
        assertThat(call.contactIds(), contains("CT123"));
        assertThat(call.contactLookup(), equalTo("matched"));
        assertThat(call.phoneNumberId(), equalTo("PN123"));
        assertThat(call.conversationId(), equalTo("CN123"));
        // answeredByUserId is null in the example: the context's user is the call's user
        assertThat(call.userId(), equalTo("US123"));
        assertThat(call.deepLink(), equalTo(INBOX_LINK));
        // fromPhoneNumber null and handledByAiAgent false: no caller number, no AI flag
        assertThat(call.fromNumber(), nullValue());
        assertThat(call.aiHandled(), nullValue());
        // a summary says nothing about the call's direction, timing or transcript; its other events do
        assertThat(call.direction(), nullValue());
        assertThat(call.createdAt(), nullValue());
        assertThat(call.durationSeconds(), nullValue());
        assertThat(call.transcript(), nullValue());
        assertThat(call.transcriptStatus(), nullValue());
    }

    @Test
    void theCallTranscriptExampleCarriesSpeakerLabelledLinesItsDurationAndTime() {
        CanonicalCall call = normalize("call.transcript.completed", "EVseed004transcript").call();

        assertThat(call.callId(), equalTo("AC-transcript"));
        assertThat(call.stage(), equalTo("transcript"));
        assertThat(call.transcriptStatus(), equalTo("completed"));
        assertThat(call.createdAt(), equalTo("2026-04-13T12:00:01.000Z"));
        assertThat(call.durationSeconds(), equalTo(42));
        assertThat(call.transcript(), contains(
                new TranscriptLine("US123", null, "Thanks for calling, how can I help?", 0.0, 3.0),
                new TranscriptLine(null, "+15550000002", "Hi, I wanted to ask about pricing.", 3.0, 7.0)));
        assertThat(call.workspaceNumbers(), contains("+15550000001"));
        assertThat(call.externalNumbers(), contains("+15550000002"));
        assertThat(call.participantsResolution(), equalTo("available"));
        assertThat(call.contactIds(), contains("CT123"));
        assertThat(call.contactLookup(), equalTo("matched"));
        assertThat(call.phoneNumberId(), equalTo("PN123"));
        assertThat(call.conversationId(), equalTo("CN123"));
        assertThat(call.userId(), equalTo("US123"));
        assertThat(call.deepLink(), equalTo(INBOX_LINK));
        assertThat(call.direction(), nullValue());
        assertThat(call.summary(), nullValue());
    }

    @Test
    void theContactUpdatedExampleIsAnUpsertKeyedByItsQuoIdWithItsFieldsAndVersion() {
        CanonicalContact contact = normalize("contact.updated", "EVseed004contact").contact();

        assertThat(contact.quoId(), equalTo("CT123"));
        assertThat(contact.externalId(), nullValue());
        assertThat(contact.recordKey(), equalTo("CT123"));
        assertThat(contact.firstName(), equalTo("Jane"));
        assertThat(contact.lastName(), equalTo("Doe"));
        assertThat(contact.company(), nullValue());
        assertThat(contact.role(), nullValue());
        assertThat(contact.location(), nullValue());
        assertThat(contact.source(), nullValue());
        // the captured page shows the address as "[email protected]" (the site's e-mail obfuscation, with a
        // no-break space): kept exactly as sent, not taken for an address
        assertThat(contact.emails(), contains(new CanonicalContact.Email(null, "[email\u00a0protected]")));
        // the doc's number is in the fictional 555 area code, which libphonenumber does not accept as a real US
        // number: it is kept as written (already E.164-shaped) and flagged, never dropped
        assertThat(contact.phones(), contains(new CanonicalContact.Phone(null, "+15551234567", "+15551234567", null,
                false, false)));
        assertThat(contact.phones().get(0).value(), matchesPattern(E164));
        CanonicalContact.CustomField department = contact.custom().get("department");
        assertThat(department.name(), equalTo("Department"));
        assertThat(department.type(), equalTo("multi-select"));
        assertThat(department.value().toString(), equalTo("[\"sales\"]"));
        assertThat(department.text().asText(), equalTo("sales"));
        assertThat(contact.custom().size(), equalTo(1));
        assertThat(contact.createdAt(), equalTo("2026-01-01T00:00:00.000Z"));
        assertThat(contact.updatedAt(), equalTo("2026-04-13T12:00:00.000Z"));
        assertThat(contact.version().updatedAt(), equalTo(1776081600000L));
        assertThat(contact.version().hash(), notNullValue());
        assertThat(contact.deepLink(), equalTo("https://my.quo.com/contacts/CT123"));
        assertThat(contact.deleted(), is(false));
    }

    @Test
    void aContactDeletedEventWithTheDocumentedSameResourceIsADeleteOfThatContact() {
        // seed 004: "The JSON shape is identical to contact.updated, with type: "contact.deleted" on the envelope."
        ObjectNode body = Fixtures.betaEnvelope("EVseed004deleted", "contact.deleted", DELIVERED_AT,
                Fixtures.json("seed-004/contact.updated.json"));

        CanonicalEvent deleted = QuoEvents.normalize(body);
        CanonicalContact updated = normalize("contact.updated", "EVseed004contact").contact();

        assertThat(deleted.kind(), equalTo(CanonicalEvent.CONTACT_DELETE));
        assertThat(deleted.quoType(), equalTo("contact.deleted"));
        assertThat(deleted.contact().deleted(), is(true));
        assertThat(deleted.contact().recordKey(), equalTo("CT123"));
        // same updatedAt as the update it resembles, but another content hash: never taken for that update
        assertThat(deleted.contact().version().updatedAt(), equalTo(updated.version().updatedAt()));
        assertThat(deleted.contact().version().hash().equals(updated.version().hash()), is(false));
        assertThat(List.of(deleted.contact().firstName(), deleted.contact().lastName()), contains("Jane", "Doe"));
    }
}
