package io.quocrmbridge;

import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.lessThanOrEqualTo;


import io.quocrmbridge.support.FakeQuo;
import io.quocrmbridge.support.PollingTestSupport;
import org.junit.jupiter.api.Test;

/**
 * Contact polling end to end through Camel Main: a Quo-shaped API enforcing 10 requests per second, the poller, the
 * contact pipeline, and camel-salesforce against the Salesforce-shaped server.
 */
class ContactPollingTest extends PollingTestSupport {

    @Override
    protected void contactsBeforeStart(FakeQuo quo) {
        quo.addContacts(2000);
    }

    @Test
    void aBackfillWritesEveryContactOnceWithinQuosRateLimitInAsFewCallsAsCollectionsAllow() {
        awaitScanComplete(1);

        assertThat(salesforce.contacts().size(), equalTo(2000));
        for (int i = 0; i < 2000; i++) {
            assertThat("CTpoll" + i, salesforce.writes("CTpoll" + i), equalTo(1));
        }
        assertThat("most requests in any second", quo.maxRequestsInAnyWindow(1000), lessThanOrEqualTo(10));
        assertThat("429s", quo.count(429), equalTo(0));
        assertThat(quo.violations(), empty());
        assertThat(quo.served().stream().map(FakeQuo.Served::authorization).toList(), everyItem(equalTo(KEY)));
        assertThat(quo.served("/v1/contacts").size(), equalTo(40));
        int collections = salesforce.wireMock().findAll(patchRequestedFor(urlEqualTo(COLLECTION_PATH))).size();
        assertThat("collection calls for 2000 contacts", collections, lessThanOrEqualTo(10));
        assertThat("Salesforce calls besides the login", salesforce.apiCalls(), lessThanOrEqualTo(10));
        assertThat(salesforce.logins(), equalTo(1));
        assertThat(management("GET", "/observe/metrics").body(), containsString("bridge_crm_api_used{target=\"salesforce\"}"));
    }

    @Test
    void aSecondScanWritesExactlyTheContactsThatChanged() {
        awaitScanComplete(1);
        for (int i = 100; i < 110; i++) {
            quo.change(i, contact -> contact.with("defaultFields").put("role", "Changed"));
        }
        assertThat(management("POST", "/admin/poll/contacts").statusCode(), equalTo(202));
        awaitScanComplete(2);

        int rewritten = 0;
        for (int i = 0; i < 2000; i++) {
            int writes = salesforce.writes("CTpoll" + i);
            if (i >= 100 && i < 110) {
                assertThat("CTpoll" + i, writes, equalTo(2));
                assertThat(salesforce.record("CTpoll" + i).get("Title").asText(), equalTo("Changed"));
            } else {
                assertThat("CTpoll" + i, writes, equalTo(1));
            }
            rewritten += writes - 1;
        }
        assertThat(rewritten, equalTo(10));
        assertThat(rows("SELECT contacts_seen, contacts_changed FROM poll_checkpoint").get(0).toString(),
                equalTo("[2000, 10]"));
    }
}
