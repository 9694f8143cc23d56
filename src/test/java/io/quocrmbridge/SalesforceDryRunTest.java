package io.quocrmbridge;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.util.List;
import java.util.Properties;

import io.quocrmbridge.support.CrmRequests;
import io.quocrmbridge.support.CrmRequests.Request;
import io.quocrmbridge.support.Fixtures;
import io.quocrmbridge.support.SalesforceTestSupport;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * CRM_DRY_RUN=true with CRM_TARGETS=salesforce: the same events give, in dry-run.jsonl, exactly the writes the live
 * Salesforce target sent through camel-salesforce (a single upsert, an sObject Collections upsert, a delete, Task
 * upserts), with no credentials and no request to Salesforce. The first test runs the live target and keeps what it
 * sent; the second runs the same events in dry-run mode (dry-run makes no phone lookups, so the activities' numbers
 * match no Salesforce contact in either run).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SalesforceDryRunTest extends SalesforceTestSupport {

    private static List<Request> live;

    @Override
    protected void salesforceProperties(Properties properties) {
        properties.put("contact.delete-policy", "delete");
        if (live != null) {
            properties.put("crm.dry-run", "true");
            properties.put("salesforce.client-id", "");
            properties.put("salesforce.client-secret", "");
        }
    }

    private void postEvents() throws Exception {
        assertThat(postBeta(Fixtures.text("beta/contact.updated.json")).statusCode(), equalTo(202));
        awaitQuiet();
        // three contacts waiting together go as one sObject Collections upsert
        context.getRouteController().stopRoute("salesforce-contact-writer");
        for (int i = 1; i <= 3; i++) {
            // one at a time, so they are queued (and sent) in the same order in both runs
            assertThat(postBeta(contactEvent(i, "person" + i + "@example.com")).statusCode(), equalTo(202));
            awaitDispatched();
        }
        context.getRouteController().startRoute("salesforce-contact-writer");
        awaitQuiet();
        for (String event : List.of("legacy-v4/call.completed.missed.json", "legacy-v4/message.received.json",
                "beta/contact.deleted.json")) {
            assertThat(postEvent(Fixtures.json(event)).statusCode(), equalTo(202));
            awaitQuiet();
        }
    }

    private void awaitDispatched() {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() ->
                count("SELECT COUNT(*) FROM inbox_event WHERE status IN ('PENDING', 'PROCESSING')") == 0);
    }

    @Test
    @Order(1)
    void theLiveTargetSendsItsWrites() throws Exception {
        postEvents();
        live = salesforce.writeRequests();
        assertThat(live.stream().map(r -> r.method() + " " + r.path()).toList(), equalTo(List.of(
                "PATCH " + UPSERT_PATH, "PATCH " + COLLECTION_PATH,
                "PATCH /services/data/v61.0/sobjects/Task/Quo_Activity_Id__c/AC3e6d7c8b9a0f1e2d3c4b5a6f7e8d9c0b",
                "PATCH /services/data/v61.0/sobjects/Task/Quo_Activity_Id__c/ACd3b6a7f8e9d0c1b2a3f4e5d6c7b8a9f0",
                "DELETE " + UPSERT_PATH)));
        assertThat(live.get(1).body().path("records").size(), equalTo(3));
        assertThat(CrmRequests.dryRun(dataDir), empty());
    }

    @Test
    @Order(2)
    void dryRunWritesExactlyTheRequestsTheLiveTargetSentAndSendsNothing() throws Exception {
        assertThat("theLiveTargetSendsItsWrites runs first", live, not(equalTo(null)));
        postEvents();
        assertThat(CrmRequests.dryRun(dataDir), equalTo(live));
        assertThat(salesforce.writeRequests(), empty());
        assertThat(salesforce.logins(), equalTo(0));
    }
}
