package io.quocrmbridge;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quocrmbridge.support.CallEvents;
import io.quocrmbridge.support.Fixtures;
import io.quocrmbridge.support.SalesforceTestSupport;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Which Salesforce person a call's Task is linked to (WhoId), under each ACTIVITY_LINK_NO_MATCH and
 * ACTIVITY_LINK_MULTIPLE policy: the Contact the bridge wrote for the call's Quo contact, else a Contact found by
 * the caller's number however it was typed, else the policy.
 */
class SalesforceActivityLinkingTest {

    /** The legacy-v4 call from +13125550123, naming Quo contact CT66f1… (legacy-v4/contact.updated.json). */
    static final String CALL = "legacy-v4/call.completed.answered-incoming.json";
    static final String CALL_ID = "AC9d2c3b4a5f6e7d8c9b0a1f2e3d4c5b6a";
    static final String CONTACT_FIXTURE = "legacy-v4/contact.updated.json";
    static final String QUO_CONTACT = "CT66f1a2b3c4d5e6f7a8b9c0d1";
    static final String NUMBER = "+13125550123";

    abstract static class LinkingTest extends SalesforceTestSupport {

        /** The policy settings of the test. */
        void policy(Properties properties) {
        }

        @Override
        protected void salesforceProperties(Properties properties) {
            properties.put("crm.batch.max-wait-ms", "100");
            properties.put("crm.writer.poll-ms", "50");
            policy(properties);
        }

        /** A Contact someone typed into Salesforce with the caller's number in national format. */
        String typedContact(String key, String lastName) {
            ObjectNode fields = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            fields.put("LastName", lastName);
            fields.put("Phone", "(312) 555-0123");
            return salesforce.put("Contact", key, fields);
        }

        JsonNode task() {
            return salesforce.record("Task", CALL_ID);
        }

        void call() {
            assertThat(postLegacy(Fixtures.text(CALL)).statusCode(), equalTo(202));
            awaitQuiet();
        }
    }

    @Nested
    class ByDefault extends LinkingTest {

        @Test
        void aCallNamingAQuoContactTheBridgeWroteIsLinkedToItsContactWithoutALookup() {
            assertThat(postLegacy(Fixtures.text(CONTACT_FIXTURE)).statusCode(), equalTo(202));
            awaitQuiet();
            String contactId = salesforce.record(QUO_CONTACT).path("Id").asText();
            call();
            assertThat(task().path("WhoId").asText(), equalTo(contactId));
            assertThat("no SOQL needed", salesforce.queries(), empty());
        }

        @Test
        void aCallFromANumberSomeoneTypedIntoSalesforceIsLinkedByPhoneAndTheAnswerIsCached() {
            String contactId = typedContact("typed-1", "Ortega");
            call();
            assertThat(task().path("WhoId").asText(), equalTo(contactId));
            assertThat(salesforce.queries(), hasSize(1));
            assertThat(salesforce.queries().get(0), containsString("'(312) 555-0123'"));
            assertThat(salesforce.queries().get(0), containsString("'" + NUMBER + "'"));
            // another call from the same number: linked from the cache, no second lookup
            assertThat(postEvent(CallEvents.forCall(CALL, "ACsecondCall", "EVsecondCall")).statusCode(), equalTo(202));
            awaitQuiet();
            assertThat(salesforce.record("Task", "ACsecondCall").path("WhoId").asText(), equalTo(contactId));
            assertThat(salesforce.queries(), hasSize(1));
        }

        @Test
        void aCallWithoutAContactIsWrittenUnlinkedAndLinkedOnceItsContactLands() {
            call();
            assertThat(task().get("WhoId"), nullValue());
            assertThat(postLegacy(Fixtures.text(CONTACT_FIXTURE)).statusCode(), equalTo(202));
            awaitQuiet();
            String contactId = salesforce.record(QUO_CONTACT).path("Id").asText();
            assertThat(task().path("WhoId").asText(), equalTo(contactId));
            assertThat(salesforce.creations(CALL_ID), equalTo(1));
            assertThat(rows("SELECT outcome FROM outcome_journal WHERE event_type = 'contact.linked'").toString(),
                    containsString("queued"));
            assertThat(count("SELECT COUNT(*) FROM activity_unlinked"), equalTo(0L));
        }

        @Test
        void aCallFromANumberNoContactHasIsWrittenUnlinkedAndLinkedByPhoneOnceAContactWithThatNumberLands() {
            // the caller is nobody's contact yet, in Quo or Salesforce: the call names no Quo contact
            ObjectNode unknownCaller = Fixtures.with(Fixtures.json(CALL), "/data/object/contactIds", List.of());
            assertThat(postLegacy(Fixtures.write(unknownCaller)).statusCode(), equalTo(202));
            awaitQuiet();
            assertThat(task().get("WhoId"), nullValue());
            assertThat("looked up by phone, found nobody", salesforce.queries(), hasSize(1));
            assertThat(rows("SELECT waiting_for FROM activity_unlinked WHERE activity_key = ?", CALL_ID),
                    equalTo(List.of(List.of("phone:" + NUMBER))));

            // then someone saves the caller as a Quo contact (mobile +13125550123): the webhook brings it in
            assertThat(postLegacy(Fixtures.text(CONTACT_FIXTURE)).statusCode(), equalTo(202));
            awaitQuiet();
            String contactId = salesforce.record(QUO_CONTACT).path("Id").asText();
            assertThat(salesforce.record(QUO_CONTACT).path("Phone").asText(), equalTo(NUMBER));
            assertThat(task().path("WhoId").asText(), equalTo(contactId));
            assertThat(salesforce.creations(CALL_ID), equalTo(1));
            assertThat(salesforce.writes(CALL_ID), equalTo(2));
            // the cached "nobody" was dropped when the contact landed: the number was looked up again, and found
            assertThat(salesforce.queries(), hasSize(2));
            assertThat(salesforce.queries().get(1), containsString("'" + NUMBER + "'"));
            // queued again by the contact's landing, then written over the unlinked Task
            assertThat(rows("SELECT outcome, detail FROM outcome_journal WHERE event_type = 'contact.linked' "
                    + "AND record_key = ? ORDER BY id", CALL_ID), equalTo(List.of(
                    List.of("queued", "its contact " + QUO_CONTACT + " is now in the CRM: written again, linked"),
                    List.of("updated", "upsert"))));
            assertThat(count("SELECT COUNT(*) FROM activity_unlinked"), equalTo(0L));
        }

        @Test
        void ofSeveralMatchingContactsTheMostRecentlyChangedIsLinked() {
            typedContact("typed-old", "Ortega");
            String newer = typedContact("typed-new", "Ortega-Diaz");
            call();
            assertThat(task().path("WhoId").asText(), equalTo(newer));
            assertThat(salesforce.relations(), empty());
        }
    }

    @Nested
    class Skip extends LinkingTest {
        @Override
        void policy(Properties properties) {
            properties.put("activity.link.no-match", "skip");
        }

        @Test
        void aCallWithoutAContactIsHeldBackUntilItsContactLands() {
            call();
            assertThat(task(), nullValue());
            assertThat(rows("SELECT outcome FROM outcome_journal WHERE record_key = ? AND outcome = 'held'", CALL_ID),
                    hasSize(1));
            assertThat(postLegacy(Fixtures.text(CONTACT_FIXTURE)).statusCode(), equalTo(202));
            awaitQuiet();
            assertThat(task(), notNullValue());
            assertThat(task().path("WhoId").asText(), equalTo(salesforce.record(QUO_CONTACT).path("Id").asText()));
        }
    }

    @Nested
    class CreateContact extends LinkingTest {
        @Override
        void policy(Properties properties) {
            properties.put("activity.link.no-match", "create-contact");
        }

        @Test
        void aCallFromAnUnknownNumberCreatesOneContactForItAndIsLinkedToIt() {
            call();
            ObjectNode created = salesforce.record("Contact", "phone:" + NUMBER);
            assertThat(created, notNullValue());
            assertThat(created.path("Phone").asText(), equalTo(NUMBER));
            assertThat(created.path("LastName").asText(), equalTo("+1 312-555-0123"));
            assertThat(task().path("WhoId").asText(), equalTo(created.path("Id").asText()));
            // the next call from that number finds it: no second contact
            assertThat(postEvent(CallEvents.forCall(CALL, "ACsecondCall", "EVsecondCall")).statusCode(), equalTo(202));
            awaitQuiet();
            assertThat(salesforce.creations("phone:" + NUMBER), equalTo(1));
            assertThat(salesforce.record("Task", "ACsecondCall").path("WhoId").asText(),
                    equalTo(created.path("Id").asText()));
        }
    }

    @Nested
    class CreateLead extends LinkingTest {
        @Override
        void policy(Properties properties) {
            properties.put("activity.link.no-match", "create-lead");
        }

        @Test
        void aCallFromAnUnknownNumberCreatesALeadAndIsLinkedToIt() {
            call();
            ObjectNode lead = salesforce.record("Lead", "phone:" + NUMBER);
            assertThat(lead, notNullValue());
            assertThat(lead.path("Company").asText(), equalTo("(unknown)"));
            assertThat(lead.path("Id").asText(), startsWith("00Q"));
            assertThat(task().path("WhoId").asText(), equalTo(lead.path("Id").asText()));
            assertThat(salesforce.records("Contact").size(), equalTo(0));
        }
    }

    @Nested
    class All extends LinkingTest {
        @Override
        void policy(Properties properties) {
            properties.put("activity.link.multiple", "all");
        }

        @Test
        void aCallMatchingSeveralContactsIsLinkedToTheNewestAndRelatedToTheOthers() {
            String older = typedContact("typed-old", "Ortega");
            String newer = typedContact("typed-new", "Ortega-Diaz");
            call();
            assertThat(task().path("WhoId").asText(), equalTo(newer));
            assertThat(salesforce.relations(), hasSize(1));
            assertThat(salesforce.relations().get(0).path("RelationId").asText(), equalTo(older));
            assertThat(salesforce.relations().get(0).path("TaskId").asText(), equalTo(task().path("Id").asText()));
            // written again (the summary arrives): the relation exists already, nothing breaks
            assertThat(postLegacy(Fixtures.text("legacy-v4/call.summary.completed.json")).statusCode(), equalTo(202));
            awaitQuiet();
            assertThat(salesforce.relations(), hasSize(1));
            assertThat(count("SELECT COUNT(*) FROM dead_letter"), equalTo(0L));
        }
    }

    @Nested
    class DeadLetter extends LinkingTest {
        @Override
        void policy(Properties properties) {
            properties.put("activity.link.multiple", "dead-letter");
        }

        @Test
        void aCallMatchingSeveralContactsGoesToDeadLettersWithTheMatches() {
            String older = typedContact("typed-old", "Ortega");
            String newer = typedContact("typed-new", "Ortega-Diaz");
            call();
            assertThat(task(), nullValue());
            List<List<Object>> dead = rows("SELECT record_kind, record_key, reason FROM dead_letter");
            assertThat(dead, hasSize(1));
            assertThat(dead.get(0).get(1), equalTo(CALL_ID));
            assertThat((String) dead.get(0).get(2), containsString("2 CRM records match " + NUMBER));
            assertThat((String) dead.get(0).get(2), containsString(older));
            assertThat((String) dead.get(0).get(2), containsString(newer));
            assertThat(outcomes("EVb1a6c8e0f2d447a9b1d3f5a7c9e1b3d5"), hasItem("salesforce:dead-lettered"));
        }
    }
}
