package io.quocrmbridge;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.quocrmbridge.support.BridgeTestSupport;
import io.quocrmbridge.support.Fixtures;
import org.junit.jupiter.api.Test;

class WebhookToDryRunTest extends BridgeTestSupport {

    @Test
    void signedContactWebhookIsStoredAndWrittenToDryRunFile() throws Exception {
        String body = Fixtures.text("beta/contact.updated.json");
        assertThat(postBeta(body).statusCode(), equalTo(202));
        awaitQuiet();
        List<String> lines = Files.readAllLines(dataDir.resolve("dry-run.jsonl"));
        assertThat(lines.size(), equalTo(1));
        assertThat(lines.get(0), containsString("/sobjects/Contact/Quo_Contact_Id__c/CT7f3e2d1c0b9a8f7e6d5c4b3a2"));
    }

    @Test
    void aCallsEventsAreWrittenToTheDryRunFileAsTheTaskSalesforceWouldReceive() throws Exception {
        for (String fixture : List.of("legacy-v4/call.completed.answered-incoming.json",
                "legacy-v4/call.summary.completed.json")) {
            assertThat(postLegacy(Fixtures.text(fixture)).statusCode(), equalTo(202));
        }
        awaitQuiet();
        String requests = Files.readString(dataDir.resolve("dry-run.jsonl"));
        assertThat(requests, containsString("/sobjects/Task/Quo_Activity_Id__c/AC9d2c3b4a5f6e7d8c9b0a1f2e3d4c5b6a"));
        assertThat(requests, containsString("\"Subject\":\"Inbound call from +13125550123 (answered)\""));
        assertThat(requests, containsString("Summary:\\n- Caller wants quarterly maintenance"));
    }
}
