package io.quocrmbridge;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import java.util.List;
import java.util.Properties;

import io.quocrmbridge.support.CrmRequests;
import io.quocrmbridge.support.CrmRequests.Request;
import io.quocrmbridge.support.Fixtures;
import io.quocrmbridge.support.HubSpotTestSupport;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * CRM_DRY_RUN=true with CRM_TARGETS=hubspot: the same events give, in dry-run.jsonl, exactly the write requests the
 * live HubSpot target sent (method, path, body), with no token and no request to HubSpot. The first test runs the
 * live target and keeps what it sent; the second runs the same events in dry-run mode (dry-run makes no contact
 * searches, so the events' numbers match no HubSpot contact in either run).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HubSpotDryRunTest extends HubSpotTestSupport {

    private static final List<String> EVENTS = List.of("beta/contact.updated.json",
            "legacy-v4/call.completed.missed.json", "legacy-v4/message.received.json");

    /** What the live target sent, kept by the first test for the second. */
    private static List<Request> live;

    @Override
    protected void hubspotProperties(Properties properties) {
        if (live != null) {
            properties.put("crm.dry-run", "true");
            properties.put("hubspot.token", "");
        }
    }

    private void postEvents() {
        for (String event : EVENTS) {
            assertThat(postEvent(Fixtures.json(event)).statusCode(), equalTo(202));
            awaitQuiet();
        }
    }

    @Test
    @Order(1)
    void theLiveTargetSendsItsWrites() {
        postEvents();
        live = hubspot.served().stream().filter(s -> !s.path().endsWith("/search"))
                .map(s -> Request.of(s.method(), s.path(), s.body())).toList();
        assertThat(live, hasSize(3));
        assertThat(CrmRequests.dryRun(dataDir), empty());
    }

    @Test
    @Order(2)
    void dryRunWritesExactlyTheRequestsTheLiveTargetSentAndSendsNothing() {
        assertThat("theLiveTargetSendsItsWrites runs first", live, not(equalTo(null)));
        postEvents();
        assertThat(CrmRequests.dryRun(dataDir), equalTo(live));
        assertThat(hubspot.served(), empty());
        assertThat(rows("SELECT DISTINCT outcome FROM outcome_journal WHERE outcome NOT IN ('queued', 'waiting')"),
                equalTo(List.of(List.of("dry-run"))));
    }
}
