package io.quocrmbridge;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.quocrmbridge.support.BridgeProcess;
import io.quocrmbridge.support.FakeQuo;
import io.quocrmbridge.support.FakeSalesforce;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar backfilling 2,500 contacts (50 pages at Quo's 10 requests a second), killed with kill -9 in the
 * middle of the scan and started again on the same data directory: the scan resumes from its checkpoint. Only the
 * page in flight at the kill may be fetched twice, and every contact reaches Salesforce once.
 */
class PollResumeIT {

    private static final String KEY = "quo-resume-it-api-key";
    private static final int CONTACTS = 2_500;
    private static final int KILL_AFTER_PAGES = 20;

    @Test
    void aBackfillKilledMidScanResumesFromItsCheckpointFetchingNoPageTwiceButTheOneInFlight() {
        Path dir = BridgeProcess.workDir("poll-resume");
        try (FakeQuo quo = new FakeQuo(KEY, 10); FakeSalesforce salesforce = new FakeSalesforce()) {
            quo.addContacts(CONTACTS);
            salesforce.latency(50);

            BridgeProcess first = bridge(dir, quo, salesforce).start();
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                    .until(() -> quo.count(200) >= KILL_AFTER_PAGES);
            first.kill();
            int pagesBeforeKill = quo.count(200);
            assertThat("killed mid-scan", pagesBeforeKill, lessThan(CONTACTS / 50));

            try (BridgeProcess second = bridge(dir, quo, salesforce).start()) {
                Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    JsonNode status = second.pollStatus();
                    return !status.path("lastCompleteAt").isNull() && salesforce.contacts().size() == CONTACTS
                            && second.metric("bridge_outbox_pending") == 0;
                });

                Map<String, Integer> pages = quo.pagesServed();
                Map<String, Integer> twice = pages.entrySet().stream().filter(e -> e.getValue() > 1)
                        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
                System.out.printf("poll resume: %d pages served before kill -9, %d distinct pages, pages served "
                                + "more than once: %s, %d Salesforce API calls%n", pagesBeforeKill, pages.size(), twice,
                        salesforce.apiCalls());
                assertThat("every page of the workspace was fetched", pages.size(), equalTo(CONTACTS / 50));
                assertThat("only the page in flight at the kill is fetched again", twice.size(), lessThanOrEqualTo(1));
                twice.values().forEach(times -> assertThat(times, equalTo(2)));
                assertThat("the first page is not fetched again", pages.get("first"), equalTo(1));
                for (int i = 0; i < CONTACTS; i++) {
                    assertThat("CTpoll" + i + " created once", salesforce.creations("CTpoll" + i), equalTo(1));
                }
                assertThat(quo.violations(), empty());
                assertThat("the resumed run said where it resumed", second.log().contains("resumed at page"), equalTo(true));
                assertThat(second.pollStatus().path("pagesDone").asInt(), greaterThan(0));
            }
        }
    }

    private static BridgeProcess bridge(Path dir, FakeQuo quo, FakeSalesforce salesforce) {
        return new BridgeProcess(dir.resolve("data"), dir.resolve("bridge.log"))
                .env("QUO_API_KEY", KEY)
                .env("QUO_API_BASE_URL", quo.baseUrl())
                .env("QUO_POLL_CHECK_MS", "300")
                .env("CRM_TARGETS", "salesforce")
                .env("SALESFORCE_LOGIN_URL", salesforce.baseUrl())
                .env("SALESFORCE_CLIENT_ID", "resume-test-client")
                .env("SALESFORCE_CLIENT_SECRET", "sf-client-secret-for-resume-test");
    }
}
