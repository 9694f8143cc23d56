package io.quocrmbridge.canonical;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quocrmbridge.store.InboxEvent;
import io.quocrmbridge.support.Fixtures;
import io.quocrmbridge.support.QuoEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The entry point: every stored shape becomes the right kind of canonical event, or a clear refusal. */
class QuoEventNormalizerTest {

    private static final String UPSERT = CanonicalEvent.CONTACT_UPSERT;
    private static final String DELETE = CanonicalEvent.CONTACT_DELETE;
    private static final String CALL = CanonicalEvent.CALL;
    private static final String MESSAGE = CanonicalEvent.MESSAGE;
    private static final String UNKNOWN = CanonicalEvent.UNKNOWN;

    /** Every fixture file and the kind it must normalise to. */
    static Stream<Arguments> everyFixture() {
        return Stream.of(
                Arguments.of("beta/call.answered.json", CALL),
                Arguments.of("beta/call.completed.json", CALL),
                Arguments.of("beta/call.missed.json", CALL),
                Arguments.of("beta/call.recording.completed.json", CALL),
                Arguments.of("beta/call.ringing.json", CALL),
                Arguments.of("beta/call.summary.completed.json", CALL),
                Arguments.of("beta/call.transcript.completed.json", CALL),
                Arguments.of("beta/contact.deleted.json", DELETE),
                Arguments.of("beta/contact.updated.external-id.json", UPSERT),
                Arguments.of("beta/contact.updated.json", UPSERT),
                Arguments.of("beta/message.delivered.json", MESSAGE),
                Arguments.of("beta/message.failed.json", MESSAGE),
                Arguments.of("beta/message.received.json", MESSAGE),
                Arguments.of("legacy-v3/call.completed.answered-outgoing.json", CALL),
                Arguments.of("legacy-v3/call.completed.missed-voicemail.json", CALL),
                Arguments.of("legacy-v3/call.recording.completed.json", CALL),
                Arguments.of("legacy-v3/call.ringing.json", CALL),
                Arguments.of("legacy-v3/callSummary.json", CALL),
                Arguments.of("legacy-v3/callTranscript.json", CALL),
                Arguments.of("legacy-v3/contact.updated.json", UPSERT),
                Arguments.of("legacy-v3/message.delivered.json", MESSAGE),
                Arguments.of("legacy-v3/message.received.group-to.json", MESSAGE),
                Arguments.of("legacy-v3/message.received.json", MESSAGE),
                Arguments.of("legacy-v4/call.completed.ai-handled.json", CALL),
                Arguments.of("legacy-v4/call.completed.answered-incoming.json", CALL),
                Arguments.of("legacy-v4/call.completed.empty-participants.json", CALL),
                Arguments.of("legacy-v4/call.completed.missed.json", CALL),
                Arguments.of("legacy-v4/call.completed.voicemail.json", CALL),
                Arguments.of("legacy-v4/call.completed.forwarded.json", CALL),
                Arguments.of("legacy-v4/call.ringing.json", CALL),
                Arguments.of("legacy-v4/call.recording.completed.json", CALL),
                Arguments.of("legacy-v4/call.summary.completed.json", CALL),
                Arguments.of("legacy-v4/call.transcript.completed.json", CALL),
                Arguments.of("legacy-v4/call.transcript.completed.long-unicode.json", CALL),
                Arguments.of("legacy-v4/callSummary.json", CALL),
                Arguments.of("legacy-v4/callTranscript.json", CALL),
                Arguments.of("legacy-v4/contact.deleted.json", DELETE),
                Arguments.of("legacy-v4/contact.updated.json", UPSERT),
                Arguments.of("legacy-v4/contact.updated.plain-phones.json", UPSERT),
                Arguments.of("legacy-v4/message.delivered.json", MESSAGE),
                Arguments.of("legacy-v4/message.received.json", MESSAGE),
                Arguments.of("rest/contact.external-id.json", UPSERT),
                Arguments.of("rest/contact.json", UPSERT),
                Arguments.of("rest/contact.national-phone.json", UPSERT),
                Arguments.of("rest/contact.unparseable-phone.json", UPSERT),
                Arguments.of("unknown/contact.merged.json", UNKNOWN),
                Arguments.of("unknown/conversation.archived.json", UNKNOWN));
    }

    @Test
    void theKindTableCoversEveryFixtureFile() {
        List<String> onDisk = new ArrayList<>();
        for (String folder : List.of("beta", "legacy-v3", "legacy-v4", "rest", "unknown")) {
            onDisk.addAll(Fixtures.names(folder));
        }
        List<String> inTable = everyFixture().map(a -> (String) a.get()[0]).toList();
        assertThat(inTable, containsInAnyOrder(onDisk.toArray()));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("everyFixture")
    void everyFixtureNormalisesToItsKindWithIdsTypeAndSource(String fixture, String kind) {
        JsonNode body = Fixtures.json(fixture);
        InboxEvent stored = QuoEvents.stored(fixture);

        CanonicalEvent event = QuoEvents.normalizer().normalize(stored);

        assertThat(event.kind(), equalTo(kind));
        assertThat(event.eventId(), equalTo(stored.eventId()));
        assertThat(event.source(), equalTo(stored.source()));
        if (fixture.startsWith("rest/")) {
            assertThat(event.quoType(), equalTo(QuoEventNormalizer.POLLED_CONTACT_TYPE));
            assertThat(event.occurredAt(), equalTo(body.get("updatedAt").asText()));
        } else {
            assertThat(event.eventId(), equalTo(body.get("id").asText()));
            assertThat(event.quoType(), equalTo(body.get("type").asText()));
            assertThat(event.occurredAt(), equalTo(body.get("createdAt").asText()));
        }
        boolean contactKind = kind.equals(UPSERT) || kind.equals(DELETE);
        assertThat("contact", event.contact() != null, is(contactKind));
        assertThat("call", event.call() != null, is(kind.equals(CALL)));
        assertThat("message", event.message() != null, is(kind.equals(MESSAGE)));
        assertThat("note", event.note() != null, is(kind.equals(UNKNOWN)));
        if (contactKind) {
            assertThat(event.contact().deleted(), is(kind.equals(DELETE)));
        }
    }

    @Test
    void polledRestContactIsAnUpsertDatedByItsUpdatedAt() {
        String json = Fixtures.text("rest/contact.json");
        InboxEvent polled = new InboxEvent(1, "poll:CT1:1775118615250", null, "poll", "contact.polled",
                Instant.now(), json);

        CanonicalEvent event = QuoEvents.normalizer().normalize(polled);

        assertThat(event.kind(), equalTo(UPSERT));
        assertThat(event.eventId(), equalTo("poll:CT1:1775118615250"));
        assertThat(event.quoType(), equalTo("contact.polled"));
        assertThat(event.source(), equalTo("poll"));
        assertThat(event.occurredAt(), equalTo("2026-04-02T08:30:15.250Z"));
        assertThat(event.contact().quoId(), equalTo("664d0db69fcac7cf2e6ec0a1"));
        assertThat(event.contact().deepLink(), nullValue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"unknown/conversation.archived.json", "unknown/contact.merged.json"})
    void unknownEventTypesAreParkedWithANoteNotRejected(String fixture) {
        CanonicalEvent event = QuoEvents.normalize(fixture);

        assertThat(event.kind(), equalTo(UNKNOWN));
        assertThat(event.note(), notNullValue());
        assertThat(event.contact(), nullValue());
        assertThat(event.call(), nullValue());
        assertThat(event.message(), nullValue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"unknown/conversation.archived.json", "unknown/contact.merged.json"})
    void unknownEventTypesWithoutDataAreStillParked(String fixture) {
        ObjectNode body = Fixtures.without(Fixtures.json(fixture), "/data");

        CanonicalEvent event = QuoEvents.normalize(body);

        assertThat(event.kind(), equalTo(UNKNOWN));
        assertThat(event.quoType(), equalTo(body.get("type").asText()));
    }

    @Test
    void unreadableEventOfAnUnknownCallTypeIsParkedNotDeadLettered() {
        ObjectNode body = Fixtures.with(Fixtures.json("beta/call.completed.json"), "/type", "call.transferred");
        Fixtures.without(body, "/data/resource/id");

        CanonicalEvent event = QuoEvents.normalize(body);

        assertThat(event.kind(), equalTo(UNKNOWN));
        assertThat(event.quoType(), equalTo("call.transferred"));
        assertThat(event.note(), notNullValue());
    }

    @Test
    void unreadableEventOfAnUnknownMessageTypeIsParkedNotDeadLettered() {
        ObjectNode body = Fixtures.with(Fixtures.json("legacy-v4/message.received.json"), "/type", "message.reacted");
        Fixtures.without(body, "/data");

        CanonicalEvent event = QuoEvents.normalize(body);

        assertThat(event.kind(), equalTo(UNKNOWN));
        assertThat(event.quoType(), equalTo("message.reacted"));
    }

    @Test
    void readableEventOfAnUnknownCallTypeIsKeptAsACallOfStageOther() {
        ObjectNode body = Fixtures.with(Fixtures.json("beta/call.completed.json"), "/type", "call.transferred");

        CanonicalEvent event = QuoEvents.normalize(body);

        assertThat(event.kind(), equalTo(CALL));
        assertThat(event.call().stage(), equalTo("other"));
        assertThat(event.call().callId(), equalTo("AC1b4a5f6e7d8c9b0a1f2e3d4c5b6a7f8e"));
    }

    @Test
    void envelopeWithoutATypeIsParked() {
        ObjectNode body = Fixtures.without(Fixtures.json("beta/contact.updated.json"), "/type");

        CanonicalEvent event = QuoEvents.normalize(body);

        assertThat(event.kind(), equalTo(UNKNOWN));
        assertThat(event.quoType(), nullValue());
    }

    @Test
    void jsonThatIsNotAnEnvelopeIsParked() {
        InboxEvent stored = new InboxEvent(1, "EVarray", null, "webhook-legacy", null, Instant.now(), "[1, 2, 3]");

        assertThat(QuoEvents.normalizer().normalize(stored).kind(), equalTo(UNKNOWN));
    }

    @ParameterizedTest(name = "{0} without {1}")
    @CsvSource(delimiter = '|', value = {
        "beta/contact.updated.json                     | /data                   | contact.updated event has no data object",
        "legacy-v4/call.completed.answered-incoming.json | /data                 | call.completed event has no data object",
        "beta/message.received.json                    | /data                   | message.received event has no data object",
        "beta/contact.updated.json                     | /data/resource/id       | contact has neither an id nor an externalId",
        "legacy-v4/contact.updated.json                | /data/object/id         | contact has neither an id nor an externalId",
        "beta/contact.deleted.json                     | /data/resource          | contact event carries no contact object",
        "legacy-v3/call.completed.answered-outgoing.json | /data/object/id       | call.completed event has no call id",
        "beta/call.completed.json                      | /data/resource/id       | call.completed event has no call id",
        "beta/call.summary.completed.json              | /data/resource/callId   | call.summary.completed event has no call id",
        "legacy-v4/callTranscript.json                 | /data/object/callId     | callTranscript event has no call id",
        "beta/call.ringing.json                        | /data/resource          | call.ringing event carries no call object",
        "beta/message.received.json                    | /data/resource/id       | message.received event has no message id",
        "legacy-v4/message.delivered.json              | /data/object            | message.delivered event carries no message object",
    })
    void malformedEventOfAKnownTypeIsRejectedWithAClearMessage(String fixture, String removed, String message) {
        ObjectNode body = Fixtures.without(Fixtures.json(fixture), removed);
        InboxEvent stored = QuoEvents.webhook(body);

        NormalizationException e = assertThrows(NormalizationException.class,
                () -> QuoEvents.normalizer().normalize(stored));

        assertThat(e.getMessage(), containsString(message));
    }

    @Test
    void storedBodyThatIsNotJsonIsRejectedWithAClearMessage() {
        InboxEvent stored = new InboxEvent(1, "EVbroken", null, "webhook-legacy", "contact.updated", Instant.now(),
                "{\"id\": \"EVbroken\", \"type\": ");

        NormalizationException e = assertThrows(NormalizationException.class,
                () -> QuoEvents.normalizer().normalize(stored));

        assertThat(e.getMessage(), equalTo("stored event is not JSON"));
    }

    @Test
    void polledContactWithoutAnyIdIsRejected() {
        ObjectNode contact = Fixtures.without(Fixtures.json("rest/contact.json"), "/id");

        NormalizationException e = assertThrows(NormalizationException.class,
                () -> QuoEvents.normalizer().normalize(QuoEvents.poll(contact)));

        assertThat(e.getMessage(), containsString("neither an id nor an externalId"));
    }

    @ParameterizedTest
    @CsvSource({
        "legacy-v4/message.received.json, v3",
        "legacy-v4/call.completed.answered-incoming.json, v3",
        "legacy-v3/call.completed.missed-voicemail.json, v4",
        "legacy-v3/message.received.json, v4",
        "legacy-v4/contact.updated.json, v3",
    })
    void apiVersionIsNotBranchedOnThePayloadDecides(String fixture, String otherVersion) {
        ObjectNode relabelled = Fixtures.with(Fixtures.json(fixture), "/apiVersion", otherVersion);

        CanonicalEvent original = QuoEvents.normalize(fixture);
        CanonicalEvent asOtherVersion = QuoEvents.normalize(relabelled);

        assertThat(asOtherVersion, equalTo(original));
    }

    @ParameterizedTest
    @CsvSource({
        "beta/contact.updated.json, https://my.quo.com/contacts/CT7f3e2d1c0b9a8f7e6d5c4b3a2",
        "beta/message.received.json, https://my.quo.com/inbox/PNtoDbDhuz/c/CN5f4e3d2c1b0a49f8e7d6c5b4a3f2e1d0",
        "beta/call.summary.completed.json, https://my.quo.com/inbox/PNtoDbDhuz/c/CN5f4e3d2c1b0a49f8e7d6c5b4a3f2e1d0",
    })
    void betaDeepLinkComesFromLinksQuo(String fixture, String link) {
        CanonicalEvent event = QuoEvents.normalize(fixture);

        String deepLink = event.contact() != null ? event.contact().deepLink()
                : event.call() != null ? event.call().deepLink() : event.message().deepLink();
        assertThat(deepLink, equalTo(link));
    }

    @ParameterizedTest
    @ValueSource(strings = {"beta/contact.deleted.json", "beta/call.missed.json"})
    void betaNullLinksQuoGivesNoDeepLink(String fixture) {
        CanonicalEvent event = QuoEvents.normalize(fixture);

        String deepLink = event.contact() != null ? event.contact().deepLink() : event.call().deepLink();
        assertThat(deepLink, nullValue());
    }

    @Test
    void legacyDeepLinkComesFromDataDeepLinkWhenQuoSendsOne() {
        ObjectNode body = Fixtures.with(Fixtures.json("legacy-v4/message.received.json"), "/data/deepLink",
                "https://my.quo.com/inbox/PNtoDbDhuz/c/CN123");

        assertThat(QuoEvents.normalize(body).message().deepLink(), equalTo("https://my.quo.com/inbox/PNtoDbDhuz/c/CN123"));
        assertThat(QuoEvents.normalize("legacy-v4/message.received.json").message().deepLink(), nullValue());
    }
}
