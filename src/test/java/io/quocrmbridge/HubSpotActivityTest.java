package io.quocrmbridge;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;

import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quocrmbridge.support.CallEvents;
import io.quocrmbridge.support.FakeHubSpot;
import io.quocrmbridge.support.Fixtures;
import io.quocrmbridge.support.HubSpotTestSupport;
import io.quocrmbridge.support.Permutations;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Calls and texts in HubSpot end to end: one call object per Quo call, created once and updated in place as its
 * recording, summary and transcript arrive in any order; texts as SMS communications; associations to the contact
 * (type 194 for calls, 81 for communications) under the linking policies; every request checked against HubSpot's
 * OpenAPI files.
 */
class HubSpotActivityTest {

    /** One answered incoming call, legacy v4: completed, recording, summary, transcript. */
    static final List<String> CALL = List.of("legacy-v4/call.completed.answered-incoming.json",
            "legacy-v4/call.recording.completed.json", "legacy-v4/call.summary.completed.json",
            "legacy-v4/call.transcript.completed.json");
    static final String CALL_ID = "AC9d2c3b4a5f6e7d8c9b0a1f2e3d4c5b6a";
    /** The Quo contact the call names (legacy-v4/contact.updated.json), with the caller's number. */
    static final String CONTACT_FIXTURE = "legacy-v4/contact.updated.json";
    static final String QUO_CONTACT = "CT66f1a2b3c4d5e6f7a8b9c0d1";

    abstract static class ActivityTest extends HubSpotTestSupport {

        /** The HubSpot object created for a Quo activity id (its objectWriteTraceId), or null. */
        ObjectNode object(String type, String quoId) {
            for (String id : hubspot.objects(type).keySet()) {
                ObjectNode object = hubspot.object(type, id);
                if (quoId.equals(object.path("objectWriteTraceId").asText(null))) {
                    return object;
                }
            }
            return null;
        }

        Set<String> contactsOf(String type, ObjectNode object) {
            return hubspot.associations(type, object.get("id").asText(), "contacts");
        }

        /** A contact someone typed into HubSpot with the caller's number in national format; returns its id. */
        String typedContact(String lastName) {
            ObjectNode properties = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            properties.put("lastname", lastName);
            properties.put("phone", "(312) 555-0123");
            return hubspot.put("contacts", properties);
        }

        void call() {
            assertThat(postLegacy(Fixtures.text(CALL.get(0))).statusCode(), equalTo(202));
            awaitQuiet();
        }
    }

    @Nested
    class Calls extends ActivityTest {

        @Test
        void aCallsEventsInEveryOrderWithDuplicatesEndAsOneHubSpotCallWithTheSameContent() {
            List<List<Integer>> orders = Permutations.of(List.of(0, 1, 2, 3));
            assertThat(orders, hasSize(24));
            for (int round = 0; round < 4; round++) {
                for (int k = 0; k < orders.size(); k++) {
                    int event = orders.get(k).get(round);
                    ObjectNode body = CallEvents.forCall(CALL.get(event), callId(k), "EVhsperm" + k + "e" + event);
                    assertThat(postEvent(body).statusCode(), equalTo(202));
                    if (round == 1) {
                        assertThat(postEvent(body).statusCode(), equalTo(200));
                        assertThat(postEvent(CallEvents.forCall(CALL.get(event), callId(k), "EVhspermCopy" + k + "e"
                                + event)).statusCode(), equalTo(202));
                    }
                }
                awaitQuiet();
            }
            Set<String> contents = new HashSet<>();
            for (int k = 0; k < orders.size(); k++) {
                assertThat(callId(k) + " is one call object", hubspot.creations("calls", callId(k)), equalTo(1));
                assertThat(hubspot.writes("calls", callId(k)), lessThanOrEqualTo(4));
                ObjectNode call = object("calls", callId(k));
                ObjectNode properties = (ObjectNode) call.get("properties").deepCopy();
                properties.remove(List.of("hs_object_id", "hs_createdate", "createdate", "lastmodifieddate",
                        "hs_lastmodifieddate"));
                contents.add(new java.util.TreeMap<>(Fixtures.toMap(properties)).toString().replace(callId(k), "<call>"));
            }
            assertThat("every order ends with the same call: " + contents, contents, hasSize(1));
            JsonNode properties = object("calls", callId(0)).get("properties");
            assertThat(properties.path("hs_call_title").asText(), equalTo("Inbound call from +13125550123 (answered)"));
            assertThat(properties.path("hs_call_duration").asText(), equalTo("352000"));
            assertThat(properties.path("hs_call_direction").asText(), equalTo("INBOUND"));
            assertThat(properties.path("hs_call_status").asText(), equalTo("COMPLETED"));
            assertThat(properties.path("hs_call_from_number").asText(), equalTo("+13125550123"));
            assertThat(properties.path("hs_call_recording_url").asText(), notNullValue());
            assertThat(properties.path("hs_call_body").asText(), containsString("Summary:<br>- "));
            assertThat(properties.path("hs_call_body").asText(), containsString("Transcript:<br>"));
        }

        private static String callId(int k) {
            return String.format("AChsperm%02d", k);
        }

        @Test
        void theFirstWriteCreatesTheCallAndEnrichmentUpdatesItByItsHubSpotId() {
            call();
            ObjectNode created = object("calls", CALL_ID);
            assertThat(created, notNullValue());
            List<FakeHubSpot.Served> creates = requests("POST", "/crm/v3/objects/calls/batch/create");
            assertThat(creates, hasSize(1));
            JsonNode input = creates.get(0).json().get("inputs").get(0);
            assertThat(input.get("objectWriteTraceId").asText(), equalTo(CALL_ID));
            assertThat(input.get("properties").get("hs_timestamp").asText(), equalTo("2026-03-10T14:26:02.000Z"));
            assertThat(input.get("properties").get("hs_call_to_number").asText(), equalTo("+15125550100"));

            assertThat(postLegacy(Fixtures.text(CALL.get(2))).statusCode(), equalTo(202));
            awaitQuiet();
            List<FakeHubSpot.Served> updates = requests("POST", "/crm/v3/objects/calls/batch/update");
            assertThat(updates, hasSize(1));
            JsonNode update = updates.get(0).json().get("inputs").get(0);
            assertThat(update.get("id").asText(), equalTo(created.get("id").asText()));
            assertThat(update.get("properties").get("hs_call_body").asText(), containsString("Summary:<br>"));
            assertThat(hubspot.creations("calls", CALL_ID), equalTo(1));
            assertThat(rows("SELECT crm_id FROM crm_record_version WHERE target = 'hubspot' AND record_key = ?",
                    CALL_ID).get(0).get(0), equalTo(created.get("id").asText()));
        }

        @Test
        void aTranscriptLongerThanTheBodyAllowsIsCutToFitWithANoteAndTheQuoLink() {
            String callId = "AChsLongTranscript";
            ObjectNode transcript = Fixtures.json("legacy-v4/call.transcript.completed.long-unicode.json");
            Fixtures.with(transcript, "/data/object/callId", callId);
            com.fasterxml.jackson.databind.node.ArrayNode dialogue =
                    (com.fasterxml.jackson.databind.node.ArrayNode) transcript.at("/data/object/dialogue");
            // the 50 KB unicode transcript fixture, its dialogue five times over: about 140,000 characters of text
            int lines = dialogue.size();
            for (int copy = 0; copy < 4; copy++) {
                for (int i = 0; i < lines; i++) {
                    dialogue.add(dialogue.get(i).deepCopy());
                }
            }
            assertThat(postLegacy(Fixtures.write(transcript)).statusCode(), equalTo(202));
            ObjectNode completed = CallEvents.forCall(CALL.get(0), callId, "EVhsLongCallCompleted");
            Fixtures.with(completed, "/data/deepLink", "https://my.quo.com/inbox/PNtoDbDhuz/c/CNlong");
            assertThat(postEvent(completed).statusCode(), equalTo(202));
            awaitQuiet();
            String body = object("calls", callId).path("properties").path("hs_call_body").asText();
            assertThat(body.length(), lessThanOrEqualTo(65_536));
            assertThat("HTML characters: " + body.length(), body.length() > 60_000, equalTo(true));
            assertThat(body, containsString("Der Kühlschrank in der Küche macht Geräusche"));
            assertThat(body, endsWith("the whole call is in Quo: https://my.quo.com/inbox/PNtoDbDhuz/c/CNlong]"));
            assertThat(count("SELECT COUNT(*) FROM dead_letter"), equalTo(0L));
        }

        @Test
        void aTextIsOneSmsCommunicationUpdatedByItsDeliveryStatus() {
            assertThat(postLegacy(Fixtures.text("legacy-v4/message.delivered.json")).statusCode(), equalTo(202));
            awaitQuiet();
            String messageId = "ACe4c7b8a9f0e1d2c3b4a5f6e7d8c9b0a1";
            JsonNode sent = object("communications", messageId).get("properties");
            assertThat(sent.path("hs_communication_channel_type").asText(), equalTo("SMS"));
            assertThat(sent.path("hs_communication_logged_from").asText(), equalTo("CRM"));
            assertThat(sent.path("hs_communication_body").asText(), containsString("Text to +13125550123"));

            ObjectNode failed = Fixtures.json("legacy-v4/message.delivered.json");
            Fixtures.with(failed, "/id", "EVhsDeliveryFailedLater");
            Fixtures.with(failed, "/type", "message.failed");
            Fixtures.with(failed, "/data/object/status", "failed");
            assertThat(postLegacy(Fixtures.write(failed)).statusCode(), equalTo(202));
            awaitQuiet();
            JsonNode updated = object("communications", messageId).get("properties");
            assertThat(updated.path("hs_communication_body").asText(), containsString("(not delivered)"));
            assertThat(hubspot.creations("communications", messageId), equalTo(1));
        }
    }

    /** ACTIVITY_LINK_NO_MATCH=unlinked, ACTIVITY_LINK_MULTIPLE=most-recent. */
    @Nested
    class LinkingByDefault extends ActivityTest {

        @Test
        void aCallNamingAQuoContactTheBridgeWroteIsAssociatedWithItWithoutASearch() {
            assertThat(postLegacy(Fixtures.text(CONTACT_FIXTURE)).statusCode(), equalTo(202));
            awaitQuiet();
            String contactId = hubspot.contact(QUO_CONTACT).get("id").asText();
            call();
            ObjectNode call = object("calls", CALL_ID);
            assertThat(contactsOf("calls", call), equalTo(Set.of(contactId)));
            assertThat(hubspot.associationTypes("calls", call.get("id").asText(), "contacts", contactId),
                    equalTo(Set.of(194)));
            assertThat("no search needed", hubspot.searches(), empty());
        }

        @Test
        void aCallFromANumberTypedIntoHubSpotIsAssociatedWithThatContactFoundBySearch() {
            String typed = typedContact("Typed By Hand");
            call();
            assertThat(contactsOf("calls", object("calls", CALL_ID)), equalTo(Set.of(typed)));
            assertThat(hubspot.searches(), hasSize(1));
            // a second call from the same number is answered from the cache
            ObjectNode another = CallEvents.forCall(CALL.get(0), "AChsSecondCall", "EVhsSecondCall");
            assertThat(postEvent(another).statusCode(), equalTo(202));
            awaitQuiet();
            assertThat(contactsOf("calls", object("calls", "AChsSecondCall")), equalTo(Set.of(typed)));
            assertThat(hubspot.searches(), hasSize(1));
        }

        @Test
        void aCallBeforeItsContactIsWrittenUnassociatedThenAssociatedWhenTheContactLands() {
            call();
            ObjectNode call = object("calls", CALL_ID);
            assertThat(contactsOf("calls", call), empty());

            assertThat(postLegacy(Fixtures.text(CONTACT_FIXTURE)).statusCode(), equalTo(202));
            awaitQuiet();
            String contactId = hubspot.contact(QUO_CONTACT).get("id").asText();
            assertThat(contactsOf("calls", call), equalTo(Set.of(contactId)));
            assertThat(requests("POST", "/crm/v4/associations/calls/contacts/batch/create"), hasSize(1));
            assertThat(hubspot.creations("calls", CALL_ID), equalTo(1));
        }

        @Test
        void aTextIsAssociatedWithItsContactAsACommunication() {
            assertThat(postLegacy(Fixtures.text(CONTACT_FIXTURE)).statusCode(), equalTo(202));
            awaitQuiet();
            String contactId = hubspot.contact(QUO_CONTACT).get("id").asText();
            assertThat(postLegacy(Fixtures.text("legacy-v4/message.received.json")).statusCode(), equalTo(202));
            awaitQuiet();
            ObjectNode text = object("communications", "ACd3b6a7f8e9d0c1b2a3f4e5d6c7b8a9f0");
            assertThat(contactsOf("communications", text), equalTo(Set.of(contactId)));
            assertThat(hubspot.associationTypes("communications", text.get("id").asText(), "contacts", contactId),
                    equalTo(Set.of(81)));
        }

        @Test
        void severalMatchingContactsLinkTheMostRecentlyChanged() throws Exception {
            typedContact("Older");
            Thread.sleep(20);
            String newer = typedContact("Newer");
            call();
            assertThat(contactsOf("calls", object("calls", CALL_ID)), equalTo(Set.of(newer)));
        }
    }

    @Nested
    class CreateContact extends ActivityTest {

        @Override
        protected void hubspotProperties(Properties properties) {
            properties.put("activity.link.no-match", "create-contact");
        }

        @Test
        void anUnknownNumberGetsOneContactKeyedByTheNumberWhateverHowManyCallsCome() {
            call();
            ObjectNode another = CallEvents.forCall(CALL.get(0), "AChsSecondUnknown", "EVhsSecondUnknown");
            assertThat(postEvent(another).statusCode(), equalTo(202));
            awaitQuiet();
            ObjectNode created = hubspot.contact("phone:+13125550123");
            assertThat(created, notNullValue());
            assertThat(created.path("properties").path("phone").asText(), equalTo("+13125550123"));
            assertThat(hubspot.creations("contacts", "phone:+13125550123"), equalTo(1));
            assertThat(contactsOf("calls", object("calls", CALL_ID)), equalTo(Set.of(created.get("id").asText())));
            assertThat(contactsOf("calls", object("calls", "AChsSecondUnknown")),
                    equalTo(Set.of(created.get("id").asText())));
        }
    }

    @Nested
    class CreateLead extends ActivityTest {

        @Override
        protected void hubspotProperties(Properties properties) {
            properties.put("activity.link.no-match", "create-lead");
        }

        @Test
        void anUnknownNumberGetsAContactInTheLeadStage() {
            call();
            ObjectNode created = hubspot.contact("phone:+13125550123");
            assertThat(created.path("properties").path("lifecyclestage").asText(), equalTo("lead"));
            assertThat(contactsOf("calls", object("calls", CALL_ID)), equalTo(Set.of(created.get("id").asText())));
        }
    }

    @Nested
    class Skip extends ActivityTest {

        @Override
        protected void hubspotProperties(Properties properties) {
            properties.put("activity.link.no-match", "skip");
        }

        @Test
        void aCallWithoutAContactIsHeldBackUntilItsContactLands() {
            call();
            assertThat(object("calls", CALL_ID), equalTo(null));
            assertThat(postLegacy(Fixtures.text(CONTACT_FIXTURE)).statusCode(), equalTo(202));
            awaitQuiet();
            ObjectNode call = object("calls", CALL_ID);
            assertThat(call, notNullValue());
            assertThat(contactsOf("calls", call), equalTo(Set.of(hubspot.contact(QUO_CONTACT).get("id").asText())));
        }
    }

    @Nested
    class AllMatches extends ActivityTest {

        @Override
        protected void hubspotProperties(Properties properties) {
            properties.put("activity.link.multiple", "all");
        }

        @Test
        void aCallIsAssociatedWithEveryMatchingContact() {
            String first = typedContact("First");
            String second = typedContact("Second");
            call();
            assertThat(contactsOf("calls", object("calls", CALL_ID)), equalTo(Set.of(first, second)));
        }
    }

    @Nested
    class DeadLetterOnSeveral extends ActivityTest {

        @Override
        protected void hubspotProperties(Properties properties) {
            properties.put("activity.link.multiple", "dead-letter");
        }

        @Test
        void aCallMatchingSeveralContactsIsDeadLetteredNamingThem() {
            String first = typedContact("First");
            String second = typedContact("Second");
            call();
            assertThat(object("calls", CALL_ID), equalTo(null));
            List<List<Object>> dead = rows("SELECT error_code, reason FROM dead_letter WHERE target = 'hubspot'");
            assertThat(dead, hasSize(1));
            assertThat(dead.get(0).get(0), equalTo("MULTIPLE_MATCHES"));
            assertThat((String) dead.get(0).get(1), containsString(first));
            assertThat((String) dead.get(0).get(1), containsString(second));
        }
    }

}
