package io.quocrmbridge.canonical;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quocrmbridge.support.Fixtures;
import io.quocrmbridge.support.QuoEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Texts: legacy v3 ({@code body}, {@code to} as a string), legacy v4 ({@code text}, {@code to} as an array), beta. */
class MessageNormalizerTest {

    private static CanonicalMessage message(String fixture) {
        return QuoEvents.normalize(fixture).message();
    }

    private static CanonicalMessage message(JsonNode webhookBody) {
        return QuoEvents.normalize(webhookBody).message();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "legacy-v3/message.received.json,          AC6a9f0e1d2c3b4a5f6e7d8c9b0a1f2e3d, received,  inbound,  received",
        "legacy-v3/message.received.group-to.json, AC7b0a1f2e3d4c5b6a7f8e9d0c1b2a3f4e, received,  inbound,  received",
        "legacy-v3/message.delivered.json,         AC8c1b2a3f4e5d6c7b8a9f0e1d2c3b4a5f, delivered, outbound, delivered",
        "legacy-v4/message.received.json,          ACd3b6a7f8e9d0c1b2a3f4e5d6c7b8a9f0, received,  inbound,  received",
        "legacy-v4/message.delivered.json,         ACe4c7b8a9f0e1d2c3b4a5f6e7d8c9b0a1, delivered, outbound, delivered",
        "beta/message.received.json,               AC8e1d2c3b4a5f6e7d8c9b0a1f2e3d4c5b, received,  inbound,  received",
        "beta/message.delivered.json,              AC9f2e3d4c5b6a7f8e9d0c1b2a3f4e5d6c, delivered, outbound, delivered",
        "beta/message.failed.json,                 AC0a3f4e5d6c7b8a9f0e1d2c3b4a5f6e7d, failed,    outbound, failed",
    })
    void eachMessageEventHasItsIdStageDirectionAndStatus(String fixture, String id, String stage, String direction,
                                                        String status) {
        CanonicalMessage message = message(fixture);

        assertThat(message.messageId(), equalTo(id));
        assertThat(message.stage(), equalTo(stage));
        assertThat(message.direction(), equalTo(direction));
        assertThat(message.status(), equalTo(status));
    }

    // ---- legacy ----

    @Test
    void legacyMessageWithStringToBecomesOneRecipient() {
        CanonicalMessage message = message("legacy-v3/message.received.json");

        assertThat(message.from(), equalTo("+15125550163"));
        assertThat(message.to(), contains("+15125550100"));
    }

    @Test
    void legacyV3TextComesFromBodyAndMediaUrlsAreKept() {
        CanonicalMessage message = message("legacy-v3/message.received.json");

        assertThat(message.text(), equalTo("Photo of the leak under the sink attached. Can someone come today?"));
        assertThat(message.media(), contains("https://files.quo.example/media/5c908000ada94d9fb206649ecb8cc928.jpeg"));
        assertThat(message.createdAt(), equalTo("2026-03-03T08:12:40.420Z"));
        assertThat(message.userId(), equalTo("USu5AsEHuQ"));
        assertThat(message.phoneNumberId(), equalTo("PNtoDbDhuz"));
        assertThat(message.conversationId(), equalTo("CN7b6a5f4e3d2c41b0a9f8e7d6c5b4a3f2"));
        assertThat(message.contactIds(), empty());
        assertThat(message.contactLookup(), nullValue());
    }

    @Test
    void legacyMessageWithCommaJoinedToBecomesOneRecipientPerNumber() {
        CanonicalMessage message = message("legacy-v3/message.received.group-to.json");

        assertThat(message.to(), contains("+15125550100", "+15125550101", "+15125550102"));
        assertThat(message.from(), equalTo("+15125550163"));
    }

    @Test
    void legacyV3DeliveredMessageIsOutboundWithItsBody() {
        CanonicalMessage message = message("legacy-v3/message.delivered.json");

        assertThat(message.from(), equalTo("+15125550100"));
        assertThat(message.to(), contains("+15125550163"));
        assertThat(message.text(), equalTo("Sam can be there by 11. Please shut the valve under the sink until then."));
        assertThat(message.media(), empty());
    }

    @Test
    void legacyMessageWithArrayToKeepsEveryRecipient() {
        ObjectNode body = Fixtures.with(Fixtures.json("legacy-v4/message.received.json"), "/data/object/to",
                List.of("+15125550100", "+15125550101"));

        assertThat(message(body).to(), contains("+15125550100", "+15125550101"));
        assertThat(message("legacy-v4/message.received.json").to(), contains("+15125550100"));
    }

    @Test
    void legacyV4TextAndContactIdsAreRead() {
        CanonicalMessage message = message("legacy-v4/message.received.json");

        assertThat(message.text(),
                equalTo("Can you send the maintenance plan to facilities@lakeside-towers.example?"));
        assertThat(message.from(), equalTo("+13125550123"));
        assertThat(message.contactIds(), contains("CT66f1a2b3c4d5e6f7a8b9c0d1"));
        assertThat(message.contactLookup(), nullValue());
        assertThat(message.conversationId(), nullValue());
    }

    @Test
    void messageWithEmptyToHasNoRecipientsRatherThanAnError() {
        ObjectNode body = Fixtures.with(Fixtures.json("legacy-v3/message.received.json"), "/data/object/to", "");

        assertThat(message(body).to(), empty());
    }

    // ---- beta ----

    @Test
    void betaSenderAndRecipientsComeFromTheContextIdentifiers() {
        CanonicalMessage message = message("beta/message.received.json");

        assertThat(message.from(), equalTo("+15125550147"));
        assertThat(message.to(), contains("+15125550100"));
        assertThat(message.text(),
                equalTo("Hi, is the 2pm slot on Thursday still open? The water heater is leaking again."));
        assertThat(message.contactIds(), contains("CT7f3e2d1c0b9a8f7e6d5c4b3a2"));
        assertThat(message.contactLookup(), equalTo("matched"));
        assertThat(message.phoneNumberId(), equalTo("PNtoDbDhuz"));
        assertThat(message.conversationId(), equalTo("CN5f4e3d2c1b0a49f8e7d6c5b4a3f2e1d0"));
        assertThat(message.userId(), equalTo("USu5AsEHuQ"));
        assertThat(message.createdAt(), equalTo("2026-04-13T12:00:00.000Z"));
        assertThat(message.deepLink(),
                equalTo("https://my.quo.com/inbox/PNtoDbDhuz/c/CN5f4e3d2c1b0a49f8e7d6c5b4a3f2e1d0"));
        assertThat(message.media(), empty());
    }

    @Test
    void betaDeliveredMessageIsSentFromOurNumber() {
        CanonicalMessage message = message("beta/message.delivered.json");

        assertThat(message.from(), equalTo("+15125550100"));
        assertThat(message.to(), contains("+15125550147"));
    }

    @Test
    void betaFailedMessageWithNoMatchingContactSaysNoneNotUnknown() {
        CanonicalMessage message = message("beta/message.failed.json");

        assertThat(message.contactLookup(), equalTo("none"));
        assertThat(message.contactIds(), empty());
        assertThat(message.to(), contains("+15125550188"));
    }

    @Test
    void betaUnavailableLookupIsCarriedThrough() {
        ObjectNode body = Fixtures.json("beta/message.received.json");
        Fixtures.with(body, "/data/context/contacts/lookupStatus", "unavailable");
        Fixtures.with(body, "/data/context/contacts/ids", List.of());

        CanonicalMessage message = message(body);

        assertThat(message.contactLookup(), equalTo("unavailable"));
        assertThat(message.contactIds(), empty());
    }

    @Test
    void betaNonPhoneIdentifiersAreKeptAsSent() {
        ObjectNode body = Fixtures.json("beta/message.received.json");
        Fixtures.with(body, "/data/context/senderIdentifier", "USk2Lm9QpR");
        Fixtures.with(body, "/data/context/recipientIdentifiers", List.of("USu5AsEHuQ", "+15125550100"));

        CanonicalMessage message = message(body);

        assertThat(message.from(), equalTo("USk2Lm9QpR"));
        assertThat(message.to(), contains("USu5AsEHuQ", "+15125550100"));
    }
}
