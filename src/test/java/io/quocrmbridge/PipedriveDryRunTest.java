package io.quocrmbridge;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.util.List;
import java.util.Properties;

import io.quocrmbridge.support.BridgeTestSupport;
import io.quocrmbridge.support.CrmRequests;
import io.quocrmbridge.support.CrmRequests.Request;
import io.quocrmbridge.support.FakeRestCrm;
import io.quocrmbridge.support.Fixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * CRM_DRY_RUN=true with the Pipedrive example (examples/crm-pipedrive.camel.yaml, added as a user adds it): the same
 * events give, in dry-run.jsonl, exactly the requests the live REST target sent to the Pipedrive-shaped server, with
 * no API token and no request. The first test runs the live target and keeps what it sent; the second runs the same
 * events in dry-run mode.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipedriveDryRunTest extends BridgeTestSupport {

    private static final String TOKEN = "pipedrive-test-api-token-1234";
    private static FakeRestCrm pipedrive;
    private static List<Request> live;

    @Override
    protected void bridgeProperties(Properties properties) {
        if (pipedrive == null) {
            pipedrive = new FakeRestCrm(TOKEN);
        }
        properties.put("camel.main.routes-include-pattern",
                "file:" + RestCrmTargetTest.withExample(dataDir) + "/*.camel.yaml");
        properties.put("crm.targets", "pipedrive");
        properties.put("pipedrive.url", pipedrive.baseUrl());
        properties.put("pipedrive.token", live == null ? TOKEN : "none");
        if (live != null) {
            properties.put("crm.dry-run", "true");
        }
    }

    @AfterAll
    static void stopPipedrive() {
        pipedrive.close();
    }

    private void postEvents() {
        // (a text from the person's number would be linked to the id Pipedrive answered with: dry-run has none)
        for (String event : List.of("legacy-v4/contact.updated.json", "legacy-v4/call.completed.missed.json")) {
            assertThat(postEvent(Fixtures.json(event)).statusCode(), equalTo(202));
            awaitQuiet();
        }
    }

    @Test
    @Order(1)
    void theLiveTargetSendsItsRequests() {
        postEvents();
        live = pipedrive.served().stream().map(s -> Request.of(s.method(), s.path(), s.body())).toList();
        assertThat(live.stream().map(r -> r.method() + " " + r.path()).toList(), equalTo(List.of(
                "POST /api/v2/persons", "POST /api/v2/activities")));
        assertThat(CrmRequests.dryRun(dataDir), empty());
    }

    @Test
    @Order(2)
    void dryRunWritesExactlyTheRequestsTheLiveTargetSentAndSendsNothing() {
        assertThat("theLiveTargetSendsItsRequests runs first", live, not(equalTo(null)));
        int before = pipedrive.served().size();
        postEvents();
        assertThat(CrmRequests.dryRun(dataDir), equalTo(live));
        assertThat(pipedrive.served().size(), equalTo(before));
    }
}
