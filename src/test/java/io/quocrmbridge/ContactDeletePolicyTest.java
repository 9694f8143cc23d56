package io.quocrmbridge;

import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quocrmbridge.support.Fixtures;
import io.quocrmbridge.support.SalesforceTestSupport;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** CONTACT_DELETE_POLICY: what a contact.deleted event does in Salesforce, under each policy. */
class ContactDeletePolicyTest {

    /** contact.deleted for the fixture contact, a day after its last update. */
    static String deletedEvent() {
        ObjectNode event = Fixtures.json("beta/contact.updated.json");
        Fixtures.with(event, "/id", "EVdeleted");
        Fixtures.with(event, "/type", "contact.deleted");
        Fixtures.with(event, "/data/resource/updatedAt", "2026-04-14T12:00:00.000Z");
        return Fixtures.write(event);
    }

    abstract static class PolicyTest extends SalesforceTestSupport {
        abstract String policy();

        @Override
        protected void salesforceProperties(Properties properties) {
            properties.put("contact.delete-policy", policy());
        }

        void createThenDelete() {
            assertThat(postBeta(Fixtures.text("beta/contact.updated.json")).statusCode(), equalTo(202));
            awaitQuiet();
            assertThat(salesforce.record(CONTACT), notNullValue());
            assertThat(postBeta(deletedEvent()).statusCode(), equalTo(202));
            awaitQuiet();
        }
    }

    @Nested
    class Ignore extends PolicyTest {
        @Override
        String policy() {
            return "ignore";
        }

        @Test
        void aDeletedContactIsLeftUntouchedAndTheJournalSaysWhy() {
            createThenDelete();
            assertThat(salesforce.record(CONTACT), notNullValue());
            salesforce.wireMock().verify(1, patchRequestedFor(urlPathMatching("/services/data/.*")));
            salesforce.wireMock().verify(0, deleteRequestedFor(urlPathMatching("/services/data/.*")));
            assertThat(outcomes("EVdeleted"), equalTo(List.of("salesforce:skipped")));
        }
    }

    @Nested
    class Flag extends PolicyTest {
        @Override
        String policy() {
            return "flag";
        }

        @Test
        void aDeletedContactIsUpsertedWithTheDeletedFlagSet() {
            createThenDelete();
            salesforce.wireMock().verify(1, patchRequestedFor(urlEqualTo(UPSERT_PATH))
                    .withRequestBody(equalToJson("{\"Quo_Deleted__c\": true}", true, true)));
            assertThat(salesforce.record(CONTACT).get("Quo_Deleted__c").asBoolean(), equalTo(true));
            assertThat(outcomes("EVdeleted"), equalTo(List.of("salesforce:queued", "salesforce:updated")));
        }
    }

    @Nested
    class Delete extends PolicyTest {
        @Override
        String policy() {
            return "delete";
        }

        @Test
        void aDeletedContactIsDeletedByItsExternalId() {
            createThenDelete();
            salesforce.wireMock().verify(1, deleteRequestedFor(urlEqualTo(UPSERT_PATH)));
            assertThat(salesforce.record(CONTACT), nullValue());
            assertThat(outcomes("EVdeleted"), equalTo(List.of("salesforce:queued", "salesforce:deleted")));
        }

        @Test
        void anUpdateOlderThanTheDeletionDoesNotBringTheContactBack() {
            createThenDelete();
            ObjectNode older = Fixtures.json("beta/contact.updated.json");
            Fixtures.with(older, "/id", "EVlateOlderUpdate");
            Fixtures.with(older, "/data/resource/updatedAt", "2026-04-13T18:00:00.000Z");
            Fixtures.with(older, "/data/resource/role", "Changed late");
            assertThat(postBeta(Fixtures.write(older)).statusCode(), equalTo(202));
            awaitQuiet();
            assertThat(salesforce.record(CONTACT), nullValue());
            assertThat(outcomes("EVlateOlderUpdate"), equalTo(List.of("salesforce:stale")));
        }
    }
}
