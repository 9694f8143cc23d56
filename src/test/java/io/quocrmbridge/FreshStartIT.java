package io.quocrmbridge;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.quocrmbridge.support.BridgeProcess;
import io.quocrmbridge.support.Fixtures;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The packaged jar as a fresh clone runs it: no credentials, the embedded store and the dry-run target. */
class FreshStartIT {

    @Test
    void withNoSettingsAtAllTheBridgeStartsReadyAndRefusesUnsignedWebhooks() {
        Path dir = BridgeProcess.workDir("fresh-start");
        try (BridgeProcess bridge = new BridgeProcess(dir.resolve("data"), dir.resolve("bridge.log")).start()) {
            assertThat(bridge.get("/observe/health/ready").body(), containsString("\"status\":\"UP\""));
            assertThat(bridge.get("/observe/health").statusCode(), equalTo(200));
            assertThat(bridge.get("/observe/metrics").body(), containsString("bridge_inbox_pending"));

            byte[] body = Fixtures.text("beta/contact.updated.json").getBytes(StandardCharsets.UTF_8);
            var answer = bridge.postWebhook(body, Map.of("openphone-signature", "hmac;1;1700000000000;AAAA"));
            assertThat(answer.statusCode(), equalTo(401));
            assertThat(answer.body(), containsString("no_secret_configured"));

            String log = bridge.log();
            assertThat(log, containsString("QUO_WEBHOOK_SECRETS is empty"));
            assertThat(log, containsString("CRM targets dry-run"));
            assertThat(Files.exists(dir.resolve("data").resolve("bridge.mv.db")), equalTo(true));
        }
    }

    @Test
    void withVerificationSwitchedOffAnEventReachesTheDryRunFile() throws Exception {
        Path dir = BridgeProcess.workDir("fresh-start-unverified");
        Path dryRun = dir.resolve("data").resolve("dry-run.jsonl");
        try (BridgeProcess bridge = new BridgeProcess(dir.resolve("data"), dir.resolve("bridge.log"))
                .env("QUO_WEBHOOK_VERIFY", "false").start()) {
            assertThat(bridge.log(), containsString("QUO_WEBHOOK_VERIFY=false"));
            byte[] body = Fixtures.text("beta/contact.updated.json").getBytes(StandardCharsets.UTF_8);
            assertThat(bridge.postWebhook(body, Map.of()).statusCode(), equalTo(202));

            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(dryRun)
                    && !Files.readAllLines(dryRun).isEmpty());
            List<String> lines = Files.readAllLines(dryRun);
            assertThat(lines.size(), equalTo(1));
            assertThat(lines.get(0), containsString("\"method\":\"PATCH\""));
            assertThat(lines.get(0), containsString("\"Email\":\"jane.doe@acme-plumbing.example\""));
            // the log line names the target, the request and the record, never the body
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> bridge.log().contains("would send PATCH"));
            assertThat(bridge.log(), containsString("dry-run (dry-run) would send PATCH "
                    + "/services/data/v61.0/sobjects/Contact/Quo_Contact_Id__c/CT7f3e2d1c0b9a8f7e6d5c4b3a2 for "
                    + "[CT7f3e2d1c0b9a8f7e6d5c4b3a2]"));
            assertThat(bridge.log(), not(containsString("acme-plumbing.example")));
        }
    }
}
