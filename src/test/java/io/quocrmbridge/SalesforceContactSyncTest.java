package io.quocrmbridge;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quocrmbridge.support.SalesforceTestSupport;
import io.quocrmbridge.support.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * Contacts end to end through Camel Main: signed webhook, inbox, dispatch, version gate, Salesforce writer, and
 * camel-salesforce's own client against a Salesforce-shaped server, asserting the exact requests it receives.
 */
class SalesforceContactSyncTest extends SalesforceTestSupport {

    @Override
    protected void salesforceProperties(Properties properties) {
        properties.put("salesforce.contact.custom-fields", "department=Department__c,renewal=Renewal_Date__c:date");
    }

    @Test
    void contactWebhookIsUpsertedByExternalIdWithTheMappedFields() {
        assertThat(postBeta(Fixtures.text("beta/contact.updated.json")).statusCode(), equalTo(202));
        awaitQuiet();

        salesforce.wireMock().verify(1, postRequestedFor(urlEqualTo("/services/oauth2/token")));
        salesforce.wireMock().verify(1, patchRequestedFor(urlEqualTo(UPSERT_PATH)).withRequestBody(equalToJson("""
                {"FirstName": "Jane", "LastName": "Doe", "Email": "jane.doe@acme-plumbing.example",
                 "Phone": "+15125550147", "Title": "Operations Manager",
                 "Department__c": "sales;service", "Renewal_Date__c": "2026-09-11"}""")));
        ObjectNode record = salesforce.record(CONTACT);
        assertThat(record, notNullValue());
        String crmId = record.get("Id").asText();
        assertThat(outcomes(CONTACT_EVENT), equalTo(List.of("salesforce:queued", "salesforce:created")));
        assertThat(rows("SELECT crm_id FROM outcome_journal WHERE outcome = 'created'").get(0).get(0), equalTo(crmId));
    }

    @Test
    void redeliveryOfTheSameEventWritesNothing() {
        String body = Fixtures.text("beta/contact.updated.json");
        assertThat(postBeta(body).statusCode(), equalTo(202));
        awaitQuiet();
        assertThat(postBeta(body).statusCode(), equalTo(200));
        assertThat(postLegacy(body).statusCode(), equalTo(200));
        awaitQuiet();

        assertThat(salesforce.writes(CONTACT), equalTo(1));
        salesforce.wireMock().verify(1, patchRequestedFor(urlPathMatching("/services/data/.*")));
    }

    @Test
    void theSameVersionArrivingAsAnotherEventIsNotWrittenTwice() {
        assertThat(postBeta(Fixtures.text("beta/contact.updated.json")).statusCode(), equalTo(202));
        awaitQuiet();
        ObjectNode sameVersion = Fixtures.json("beta/contact.updated.json");
        Fixtures.with(sameVersion, "/id", "EVsecondDeliveryOfTheSameChange");
        assertThat(postBeta(Fixtures.write(sameVersion)).statusCode(), equalTo(202));
        awaitQuiet();

        assertThat(salesforce.writes(CONTACT), equalTo(1));
        assertThat(outcomes("EVsecondDeliveryOfTheSameChange"), equalTo(List.of("salesforce:duplicate")));
    }

    @Test
    void aLaterChangeIsWritten() {
        assertThat(postBeta(Fixtures.text("beta/contact.updated.json")).statusCode(), equalTo(202));
        awaitQuiet();
        ObjectNode later = Fixtures.json("beta/contact.updated.json");
        Fixtures.with(later, "/id", "EVlaterChange");
        Fixtures.with(later, "/data/resource/updatedAt", "2026-04-14T08:00:00.000Z");
        Fixtures.with(later, "/data/resource/lastName", "Doe-Smith");
        assertThat(postBeta(Fixtures.write(later)).statusCode(), equalTo(202));
        awaitQuiet();

        assertThat(salesforce.writes(CONTACT), equalTo(2));
        assertThat(salesforce.record(CONTACT).get("LastName").asText(), equalTo("Doe-Smith"));
        assertThat(outcomes("EVlaterChange"), equalTo(List.of("salesforce:queued", "salesforce:updated")));
    }

    @Test
    void anOlderVersionArrivingAfterANewerOneNeverOverwritesIt() {
        ObjectNode newer = Fixtures.json("beta/contact.updated.json");
        Fixtures.with(newer, "/id", "EVnewer");
        Fixtures.with(newer, "/data/resource/updatedAt", "2026-04-20T08:00:00.000Z");
        Fixtures.with(newer, "/data/resource/role", "Director");
        assertThat(postBeta(Fixtures.write(newer)).statusCode(), equalTo(202));
        awaitQuiet();
        assertThat(postBeta(Fixtures.text("beta/contact.updated.json")).statusCode(), equalTo(202));
        awaitQuiet();

        assertThat(salesforce.writes(CONTACT), equalTo(1));
        assertThat(salesforce.record(CONTACT).get("Title").asText(), equalTo("Director"));
        assertThat(outcomes(CONTACT_EVENT), equalTo(List.of("salesforce:stale")));
    }

    @Test
    void aBurstOfContactsGoesThroughSObjectCollectionsWithEveryContactWrittenOnce() {
        int contacts = 40;
        for (int i = 0; i < contacts; i++) {
            assertThat(postBeta(contactEvent(i, "person" + i + "@acme.example")).statusCode(), equalTo(202));
        }
        awaitQuiet();

        assertThat(salesforce.contacts().size(), equalTo(contacts));
        for (int i = 0; i < contacts; i++) {
            assertThat("contact " + i + " written once", salesforce.writes("CTburst" + i), equalTo(1));
        }
        int calls = salesforce.apiCalls();
        assertThat("fewer API calls than contacts", calls, lessThan(contacts));
        assertThat("collection calls", salesforce.wireMock().findAll(patchRequestedFor(urlEqualTo(COLLECTION_PATH))).size(),
                greaterThanOrEqualTo(1));
    }

    @Test
    void aRecordRefusedInsideACollectionIsDeadLetteredAloneWhileTheOthersAreWritten() {
        // keep all three in one batch: they are posted well within the batch wait
        for (int i = 0; i < 3; i++) {
            String email = i == 1 ? "not-an-address" : "person" + i + "@acme.example";
            assertThat(postBeta(contactEvent(i, email)).statusCode(), equalTo(202));
        }
        awaitQuiet();

        assertThat(salesforce.record("CTburst0"), notNullValue());
        assertThat(salesforce.record("CTburst1"), nullValue());
        assertThat(salesforce.record("CTburst2"), notNullValue());
        List<List<Object>> dead = rows("SELECT record_key, error_code, reason, status FROM dead_letter");
        assertThat(dead.size(), equalTo(1));
        assertThat(dead.get(0).get(0), equalTo("CTburst1"));
        assertThat(dead.get(0).get(1), equalTo("INVALID_EMAIL_ADDRESS"));
        assertThat((String) dead.get(0).get(2), containsString("invalid email address"));
        assertThat(dead.get(0).get(3), equalTo("NEW"));
    }

    @Test
    void serverErrorsAreRetriedUntilTheWriteSucceeds() {
        salesforce.failNext(2, 503, "[{\"message\":\"Service Unavailable\",\"errorCode\":\"SERVER_UNAVAILABLE\"}]");
        assertThat(postBeta(Fixtures.text("beta/contact.updated.json")).statusCode(), equalTo(202));
        awaitQuiet();

        assertThat(salesforce.writes(CONTACT), equalTo(1));
        assertThat(outcomes(CONTACT_EVENT), equalTo(List.of("salesforce:queued",
                "salesforce:retrying", "salesforce:retrying", "salesforce:created")));
    }

    @Test
    void aRefusedRecordGoesToDeadLettersAndIsWrittenWhenReplayed() {
        salesforce.failNext(1, 400, "[{\"message\":\"entity is locked for editing\",\"errorCode\":\"ENTITY_IS_LOCKED\",\"fields\":[]}]");
        assertThat(postBeta(Fixtures.text("beta/contact.updated.json")).statusCode(), equalTo(202));
        awaitQuiet();
        assertThat(salesforce.record(CONTACT), nullValue());
        List<List<Object>> dead = rows("SELECT id, error_code, http_status FROM dead_letter WHERE status = 'NEW'");
        assertThat(dead.size(), equalTo(1));
        assertThat(dead.get(0).get(1), equalTo("ENTITY_IS_LOCKED"));
        assertThat(((Number) dead.get(0).get(2)).intValue(), equalTo(400));

        String listed = management("GET", "/admin/dead-letters").body();
        assertThat(listed, containsString("ENTITY_IS_LOCKED"));
        var replay = management("POST", "/admin/dead-letters/" + dead.get(0).get(0) + "/replay");
        assertThat(replay.statusCode(), equalTo(200));
        assertThat(replay.body(), containsString("\"outcome\":\"replayed\""));
        awaitQuiet();

        assertThat(salesforce.writes(CONTACT), equalTo(1));
        assertThat(count("SELECT COUNT(*) FROM dead_letter WHERE status = 'REPLAYED'"), equalTo(1L));
    }

    @Test
    void aDeadLetterWhoseRecordChangedSinceIsSupersededNotReplayed() {
        salesforce.failNext(1, 400, "[{\"message\":\"nope\",\"errorCode\":\"FIELD_CUSTOM_VALIDATION_EXCEPTION\"}]");
        assertThat(postBeta(Fixtures.text("beta/contact.updated.json")).statusCode(), equalTo(202));
        awaitQuiet();
        long deadId = ((Number) rows("SELECT id FROM dead_letter").get(0).get(0)).longValue();
        ObjectNode later = Fixtures.json("beta/contact.updated.json");
        Fixtures.with(later, "/id", "EVfixedInQuo");
        Fixtures.with(later, "/data/resource/updatedAt", "2026-04-15T08:00:00.000Z");
        Fixtures.with(later, "/data/resource/role", "Head of Operations");
        assertThat(postBeta(Fixtures.write(later)).statusCode(), equalTo(202));
        awaitQuiet();

        assertThat(salesforce.record(CONTACT).get("Title").asText(), equalTo("Head of Operations"));

        var replay = management("POST", "/admin/dead-letters/" + deadId + "/replay");
        assertThat(replay.body(), containsString("\"outcome\":\"superseded\""));
        awaitQuiet();
        assertThat(salesforce.writes(CONTACT), equalTo(1));
        assertThat(salesforce.record(CONTACT).get("Title").asText(), equalTo("Head of Operations"));
    }

}
