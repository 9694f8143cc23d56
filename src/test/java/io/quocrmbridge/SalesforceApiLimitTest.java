package io.quocrmbridge;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.util.Properties;

import io.quocrmbridge.support.SalesforceTestSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Salesforce refuses calls with REQUEST_LIMIT_EXCEEDED when the org's daily API allowance is spent: the bridge stops
 * sending for CRM_UNAVAILABLE_RETRY_MS, keeps every event queued (no attempt used up, nothing dead-lettered), says
 * so in readiness detail, and writes everything once Salesforce takes calls again.
 */
class SalesforceApiLimitTest extends SalesforceTestSupport {

    private static final String LIMIT_EXCEEDED =
            "[{\"message\":\"TotalRequests Limit exceeded.\",\"errorCode\":\"REQUEST_LIMIT_EXCEEDED\"}]";

    @Override
    protected void salesforceProperties(Properties properties) {
        properties.put("crm.unavailable-retry-ms", "4000");
    }

    @Test
    void anExhaustedApiAllowancePausesWritesKeepsTheEventsAndResumesAfterwards() throws Exception {
        salesforce.failNext(1, 403, LIMIT_EXCEEDED);
        assertThat(postBeta(contactEvent(0, "limit0@acme.example")).statusCode(), equalTo(202));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                management("GET", "/observe/health/ready?data=true").body().contains("crm.salesforce.unavailable"));
        int callsAtPause = salesforce.apiCalls();
        assertThat(callsAtPause, equalTo(1));

        // more contacts arrive while the allowance is spent: accepted and queued, not sent
        for (int i = 1; i <= 3; i++) {
            assertThat(postBeta(contactEvent(i, "limit" + i + "@acme.example")).statusCode(), equalTo(202));
        }
        Thread.sleep(1_000);
        assertThat("no call while paused", salesforce.apiCalls(), equalTo(callsAtPause));
        assertThat(count("SELECT COUNT(*) FROM crm_outbox WHERE status = 'PENDING'"), equalTo(4L));
        String ready = management("GET", "/observe/health/ready?data=true").body();
        assertThat(ready, containsString("REQUEST_LIMIT_EXCEEDED"));
        assertThat("accepting webhooks meanwhile", ready, containsString("\"status\":\"UP\""));

        // after the pause the bridge tries again; Salesforce takes calls again
        awaitQuiet();
        assertThat(salesforce.contacts().size(), equalTo(4));
        assertThat(count("SELECT COUNT(*) FROM dead_letter"), equalTo(0L));
        assertThat("no attempt used up by the limit", count("SELECT MAX(attempts) FROM crm_outbox"), equalTo(0L));
        assertThat(management("GET", "/observe/health/ready?data=true").body(),
                not(containsString("crm.salesforce.unavailable")));
    }
}
