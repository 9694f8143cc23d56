package io.quocrmbridge;

import static io.quocrmbridge.support.SalesforceTestSupport.CONTACT;
import static io.quocrmbridge.support.SalesforceTestSupport.CONTACT_EVENT;
import static io.quocrmbridge.support.SalesforceTestSupport.contactEvent;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quocrmbridge.support.FakeHubSpot;
import io.quocrmbridge.support.Fixtures;
import io.quocrmbridge.support.HubSpotTestSupport;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Contacts end to end through Camel Main into a HubSpot-shaped server: batch upserts by the unique property
 * quo_contact_id, at most 100 inputs a call, HubSpot's per-input answers (created/updated, 207 partial failures), the
 * delete policies; every request checked against HubSpot's OpenAPI files.
 */
class HubSpotContactSyncTest extends HubSpotTestSupport {

    private static final String UPSERT = "/crm/v3/objects/contacts/batch/upsert";

    @Override
    protected void hubspotProperties(Properties properties) {
        properties.put("hubspot.contact.custom-fields", "department=department,renewal=renewal_date:date,vip=vip");
    }

    @Test
    void aContactWebhookIsUpsertedByItsQuoIdWithTheMappedPropertiesAsText() {
        assertThat(postBeta(Fixtures.text("beta/contact.updated.json")).statusCode(), equalTo(202));
        awaitQuiet();

        List<FakeHubSpot.Served> upserts = requests("POST", UPSERT);
        assertThat(upserts.size(), equalTo(1));
        JsonNode input = upserts.get(0).json().get("inputs").get(0);
        assertThat(input.get("id").asText(), equalTo(CONTACT));
        assertThat(input.get("idProperty").asText(), equalTo("quo_contact_id"));
        assertThat(input.get("properties"), equalTo(Fixtures.parse("""
                {"firstname": "Jane", "lastname": "Doe", "email": "jane.doe@acme-plumbing.example",
                 "phone": "+15125550147", "jobtitle": "Operations Manager", "company": "Acme Plumbing",
                 "department": "sales;service", "renewal_date": "2026-09-11", "vip": "true",
                 "quo_contact_id": "CT7f3e2d1c0b9a8f7e6d5c4b3a2"}""")));
        ObjectNode contact = hubspot.contact(CONTACT);
        assertThat(contact, notNullValue());
        assertThat(outcomes(CONTACT_EVENT), equalTo(List.of("hubspot:queued", "hubspot:created")));
        assertThat(rows("SELECT crm_id FROM outcome_journal WHERE outcome = 'created'").get(0).get(0),
                equalTo(contact.get("id").asText()));
    }

    @Test
    void redeliveriesWriteNothingAndALaterChangeIsRecordedAsAnUpdate() {
        String body = Fixtures.text("beta/contact.updated.json");
        assertThat(postBeta(body).statusCode(), equalTo(202));
        awaitQuiet();
        assertThat(postBeta(body).statusCode(), equalTo(200));
        ObjectNode sameVersion = Fixtures.json("beta/contact.updated.json");
        Fixtures.with(sameVersion, "/id", "EVsameChangeAgain");
        assertThat(postBeta(Fixtures.write(sameVersion)).statusCode(), equalTo(202));
        awaitQuiet();
        assertThat(hubspot.writes("contacts", CONTACT), equalTo(1));
        assertThat(outcomes("EVsameChangeAgain"), equalTo(List.of("hubspot:duplicate")));

        ObjectNode later = Fixtures.json("beta/contact.updated.json");
        Fixtures.with(later, "/id", "EVlaterChange");
        Fixtures.with(later, "/data/resource/updatedAt", "2026-04-14T08:00:00.000Z");
        Fixtures.with(later, "/data/resource/lastName", "Doe-Smith");
        assertThat(postBeta(Fixtures.write(later)).statusCode(), equalTo(202));
        awaitQuiet();

        assertThat(hubspot.writes("contacts", CONTACT), equalTo(2));
        assertThat(hubspot.creations("contacts", CONTACT), equalTo(1));
        assertThat(hubspot.contact(CONTACT).path("properties").path("lastname").asText(), equalTo("Doe-Smith"));
        assertThat(outcomes("EVlaterChange"), equalTo(List.of("hubspot:queued", "hubspot:updated")));
    }

    @Test
    void aBurstOfContactsGoesInBatchesOfAtMostOneHundredWithEveryContactWrittenOnce() {
        int contacts = 230;
        for (int i = 0; i < contacts; i++) {
            assertThat(postBeta(contactEvent(i, "person" + i + "@acme.example")).statusCode(), equalTo(202));
        }
        awaitQuiet();

        assertThat(hubspot.contacts().size(), equalTo(contacts));
        for (int i = 0; i < contacts; i++) {
            assertThat("contact " + i + " written once", hubspot.writes("contacts", "CTburst" + i), equalTo(1));
        }
        List<Integer> sizes = requests("POST", UPSERT).stream().map(s -> s.json().get("inputs").size()).toList();
        assertThat(sizes, everyItem(lessThanOrEqualTo(100)));
        assertThat("batched: fewer calls than contacts, " + sizes, sizes.size() * 5, lessThanOrEqualTo(contacts));
    }

    @Test
    void aContactRefusedInsideABatchIsDeadLetteredAloneWhileTheOthersAreWritten() {
        for (int i = 0; i < 3; i++) {
            String email = i == 1 ? "not-an-address" : "person" + i + "@acme.example";
            assertThat(postBeta(contactEvent(i, email)).statusCode(), equalTo(202));
        }
        awaitQuiet();

        assertThat(hubspot.contact("CTburst0"), notNullValue());
        assertThat(hubspot.contact("CTburst1"), nullValue());
        assertThat(hubspot.contact("CTburst2"), notNullValue());
        List<List<Object>> dead = rows("SELECT record_key, error_code, reason, target FROM dead_letter");
        assertThat(dead.size(), equalTo(1));
        assertThat(dead.get(0).get(0), equalTo("CTburst1"));
        assertThat(dead.get(0).get(1), equalTo("VALIDATION_ERROR"));
        assertThat((String) dead.get(0).get(2), containsString("not-an-address"));
        assertThat(dead.get(0).get(3), equalTo("hubspot"));
    }

    @Test
    void serverErrorsAreRetriedUntilTheWriteSucceeds() {
        hubspot.failNext(2, 502, "{\"status\":\"error\",\"message\":\"Bad gateway\",\"category\":\"INTERNAL_ERROR\","
                + "\"correlationId\":\"3f1c3b0e-1d2a-4c1e-9a51-7b8f0e6d5c4a\"}");
        assertThat(postBeta(Fixtures.text("beta/contact.updated.json")).statusCode(), equalTo(202));
        awaitQuiet();

        assertThat(hubspot.writes("contacts", CONTACT), equalTo(1));
        assertThat(outcomes(CONTACT_EVENT), equalTo(List.of("hubspot:queued",
                "hubspot:retrying", "hubspot:retrying", "hubspot:created")));
    }

    @Test
    void aRefusedTokenHoldsTheWorkWithoutUsingUpAttempts() {
        hubspot.failNext(1, 401, "{\"status\":\"error\",\"message\":\"Authentication credentials not found.\","
                + "\"category\":\"INVALID_AUTHENTICATION\",\"correlationId\":\"3f1c3b0e-1d2a-4c1e-9a51-7b8f0e6d5c4b\"}");
        assertThat(postBeta(Fixtures.text("beta/contact.updated.json")).statusCode(), equalTo(202));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() ->
                outcomes(CONTACT_EVENT).contains("hubspot:waiting"));
        assertThat(management("GET", "/observe/health/ready?data=true").body(),
                containsString("crm.hubspot.unavailable"));
        assertThat(count("SELECT COUNT(*) FROM dead_letter"), equalTo(0L));
    }

    /** CONTACT_DELETE_POLICY=delete: a contact deleted in Quo is archived in HubSpot by the id the bridge stored. */
    @Nested
    class Delete extends HubSpotTestSupport {

        @Override
        protected void hubspotProperties(Properties properties) {
            properties.put("contact.delete-policy", "delete");
        }

        @Test
        void aContactDeletedInQuoIsArchivedByItsHubSpotId() {
            assertThat(postBeta(Fixtures.text("beta/contact.updated.json")).statusCode(), equalTo(202));
            awaitQuiet();
            String id = hubspot.contact(CONTACT).get("id").asText();
            assertThat(postBeta(Fixtures.text("beta/contact.deleted.json")).statusCode(), equalTo(202));
            awaitQuiet();

            assertThat(hubspot.contact(CONTACT), nullValue());
            List<FakeHubSpot.Served> archives = requests("POST", "/crm/v3/objects/contacts/batch/archive");
            assertThat(archives.size(), equalTo(1));
            assertThat(archives.get(0).json().get("inputs").get(0).get("id").asText(), equalTo(id));
        }

        @Test
        void aContactTheBridgeNeverWroteHasNothingToArchive() {
            assertThat(postBeta(Fixtures.text("beta/contact.deleted.json")).statusCode(), equalTo(202));
            awaitQuiet();
            assertThat(requests("POST", "/crm/v3/objects/contacts/batch/archive").size(), equalTo(0));
            assertThat(count("SELECT COUNT(*) FROM dead_letter"), equalTo(0L));
        }
    }

    /** CONTACT_DELETE_POLICY=flag: the "deleted in Quo" property is set. */
    @Nested
    class Flag extends HubSpotTestSupport {

        @Override
        protected void hubspotProperties(Properties properties) {
            properties.put("contact.delete-policy", "flag");
        }

        @Test
        void aContactDeletedInQuoIsFlagged() {
            assertThat(postBeta(Fixtures.text("beta/contact.updated.json")).statusCode(), equalTo(202));
            awaitQuiet();
            assertThat(postBeta(Fixtures.text("beta/contact.deleted.json")).statusCode(), equalTo(202));
            awaitQuiet();

            assertThat(hubspot.contact(CONTACT).path("properties").path("quo_deleted").asText(), equalTo("true"));
        }
    }
}
