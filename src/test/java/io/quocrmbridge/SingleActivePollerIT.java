package io.quocrmbridge;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.quocrmbridge.support.BridgeProcess;
import io.quocrmbridge.support.FakeQuo;
import io.quocrmbridge.support.FakeSalesforce;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Two packaged bridges sharing one data directory (the poller's file lock) and one PostgreSQL store, each with its
 * own Quo API key so the Quo server can tell who polled: only one of them polls; when it is killed, the other takes
 * over. Both dispatch and write, and every contact still reaches Salesforce once.
 */
class SingleActivePollerIT {

    private static final String KEY_A = "quo-key-of-bridge-a";
    private static final String KEY_B = "quo-key-of-bridge-b";
    private static final int CONTACTS = 1_000;

    @Test
    void ofTwoBridgesSharingADataDirectoryOnlyOnePollsAndTheOtherTakesOverWhenItDies() throws Exception {
        Path dir = BridgeProcess.workDir("single-active-poller");
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start();
             FakeQuo quo = new FakeQuo(Set.of(KEY_A, KEY_B), 10);
             FakeSalesforce salesforce = new FakeSalesforce()) {
            quo.addContacts(CONTACTS);
            String url = postgres.getJdbcUrl("postgres", "postgres");

            BridgeProcess a = bridge(dir, "a", KEY_A, url, quo, salesforce).start();
            try (BridgeProcess b = bridge(dir, "b", KEY_B, url, quo, salesforce).start()) {
                Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() ->
                        !a.pollStatus().path("lastCompleteAt").isNull() && salesforce.contacts().size() == CONTACTS
                                && a.metric("bridge_outbox_pending") == 0);
                Thread.sleep(2_000); // a second poller, if there were one, would have started by now
                Map<String, Long> firstScan = requestsByKey(quo);
                System.out.println("single-active poller, first scan, Quo requests by key: " + firstScan);
                assertThat("only the first bridge polled", firstScan.keySet(), equalTo(Set.of(KEY_A)));
                for (int i = 0; i < CONTACTS; i++) {
                    assertThat("CTpoll" + i + " created once", salesforce.creations("CTpoll" + i), equalTo(1));
                }

                // the poller dies: the other bridge takes the lock and runs the next scan, asked for by its admin API
                a.kill();
                long killedAt = System.nanoTime();
                int servedBefore = quo.served("/v1/contacts").size();
                quo.change(7, c -> ((com.fasterxml.jackson.databind.node.ObjectNode) c.get("defaultFields"))
                        .put("role", "Changed while A was down"));
                assertThat(b.post("/admin/poll/contacts").statusCode(), equalTo(202));
                Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() ->
                        b.pollStatus().path("scan").asLong() >= 2 && "IDLE".equals(b.pollStatus().path("status").asText())
                                && "Changed while A was down".equals(salesforce.record("CTpoll7").path("Title").asText()));
                Map<String, Long> secondScan = new TreeMap<>();
                quo.served("/v1/contacts").subList(servedBefore, quo.served("/v1/contacts").size()).forEach(s ->
                        secondScan.merge(s.authorization(), 1L, Long::sum));
                long firstRequestOfB = quo.served("/v1/contacts").get(servedBefore).nanos();
                System.out.printf("single-active poller, after the kill, Quo requests by key: %s; the second bridge "
                        + "polled %.1f s after the kill%n", secondScan, (firstRequestOfB - killedAt) / 1e9);
                assertThat("the second bridge took over", secondScan.keySet(), equalTo(Set.of(KEY_B)));
                assertThat(salesforce.creations("CTpoll7"), equalTo(1));
                assertThat(quo.violations(), empty());
            } finally {
                a.stop();
            }
        }
    }

    private static Map<String, Long> requestsByKey(FakeQuo quo) {
        Map<String, Long> byKey = new TreeMap<>();
        quo.served("/v1/contacts").forEach(s -> byKey.merge(s.authorization(), 1L, Long::sum));
        return byKey;
    }

    private static BridgeProcess bridge(Path dir, String name, String key, String jdbcUrl, FakeQuo quo,
                                        FakeSalesforce salesforce) {
        return new BridgeProcess(dir.resolve("data"), dir.resolve("bridge-" + name + ".log"))
                .env("BRIDGE_DB_URL", jdbcUrl)
                .env("BRIDGE_DB_USER", "postgres")
                .env("QUO_API_KEY", key)
                .env("QUO_API_BASE_URL", quo.baseUrl())
                .env("QUO_POLL_CHECK_MS", "300")
                .env("CRM_TARGETS", "salesforce")
                .env("SALESFORCE_LOGIN_URL", salesforce.baseUrl())
                .env("SALESFORCE_CLIENT_ID", "single-active-client")
                .env("SALESFORCE_CLIENT_SECRET", "sf-client-secret-single-active");
    }
}
