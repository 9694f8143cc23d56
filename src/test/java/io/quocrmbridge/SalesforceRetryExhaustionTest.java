package io.quocrmbridge;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.util.List;
import java.util.Properties;

import io.quocrmbridge.support.Fixtures;
import io.quocrmbridge.support.SalesforceTestSupport;
import org.junit.jupiter.api.Test;

class SalesforceRetryExhaustionTest extends SalesforceTestSupport {

    @Override
    protected void salesforceProperties(Properties properties) {
        properties.put("crm.retry.max-attempts", "3");
    }

    @Test
    void aRecordThatKeepsFailingGoesToDeadLettersAfterItsLastAttempt() {
        salesforce.failNext(50, 503, "[{\"message\":\"down\",\"errorCode\":\"SERVER_UNAVAILABLE\"}]");
        assertThat(postBeta(Fixtures.text("beta/contact.updated.json")).statusCode(), equalTo(202));
        awaitQuiet();

        List<List<Object>> dead = rows("SELECT reason, http_status, attempts, record_key FROM dead_letter");
        assertThat(dead.size(), equalTo(1));
        assertThat((String) dead.get(0).get(0), containsString("gave up after 3 attempts"));
        assertThat(((Number) dead.get(0).get(1)).intValue(), equalTo(503));
        assertThat(((Number) dead.get(0).get(2)).intValue(), equalTo(3));
        assertThat(dead.get(0).get(3), equalTo(CONTACT));
        assertThat(outcomes(CONTACT_EVENT), equalTo(List.of("salesforce:queued", "salesforce:retrying",
                "salesforce:retrying", "salesforce:dead-lettered")));
        assertThat(salesforce.apiCalls(), equalTo(3));
        assertThat(outcomes(CONTACT_EVENT), hasItem("salesforce:dead-lettered"));
    }
}
