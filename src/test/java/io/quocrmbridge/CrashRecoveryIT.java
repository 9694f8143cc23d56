package io.quocrmbridge;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quocrmbridge.support.BridgeProcess;
import io.quocrmbridge.support.FakeSalesforce;
import io.quocrmbridge.support.Fixtures;
import io.quocrmbridge.support.WebhookSigner;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar as its own process: a burst of signed webhooks from several clients, kill -9 in the middle of
 * it, a restart on the same data directory, and Quo's retries of whatever was not acknowledged. Every acknowledged
 * event must reach Salesforce, each contact must be created once, and each must end with its newest version.
 */
class CrashRecoveryIT {

    private static final int TWO_VERSION_CONTACTS = 150;
    private static final int ONE_VERSION_CONTACTS = 150;
    private static final int CLIENTS = 4;

    /** One webhook delivery of the burst. */
    private record Delivery(String eventId, String contactId, String role, byte[] body) {
    }

    @Test
    void everyAcknowledgedEventReachesSalesforceOnceAfterAKillNineMidBurst() throws Exception {
        Path dir = BridgeProcess.workDir("crash-recovery");
        try (FakeSalesforce salesforce = new FakeSalesforce()) {
            salesforce.latency(15);
            Path data = dir.resolve("data");
            Path log = dir.resolve("bridge.log");
            List<List<Delivery>> perContact = deliveries();
            int total = perContact.stream().mapToInt(List::size).sum();

            BridgeProcess first = bridge(data, log, salesforce).start();
            List<Delivery> acked = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger ackCount = new AtomicInteger();
            int killAt = total * 35 / 100;
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.submit(() -> {
                    for (int i = client; i < perContact.size(); i += CLIENTS) {
                        for (Delivery delivery : perContact.get(i)) {
                            if (send(first, delivery)) {
                                acked.add(delivery);
                                if (ackCount.incrementAndGet() == killAt) {
                                    first.kill();
                                }
                            } else {
                                return; // the bridge is gone: Quo keeps the rest for later
                            }
                        }
                    }
                });
            }
            clients.shutdown();
            assertThat(clients.awaitTermination(120, TimeUnit.SECONDS), equalTo(true));
            int ackedBeforeKill = acked.size();
            assertThat("the kill landed mid-burst", ackedBeforeKill, greaterThan(0));
            assertThat("the kill landed mid-burst", ackedBeforeKill < total, equalTo(true));

            try (BridgeProcess second = bridge(data, log, salesforce).start()) {
                // Quo delivers again whatever was not acknowledged, in each contact's order
                for (List<Delivery> contact : perContact) {
                    for (Delivery delivery : contact) {
                        if (!acked.contains(delivery)) {
                            assertThat("redelivery after restart accepted", send(second, delivery), equalTo(true));
                        }
                    }
                }
                Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() ->
                        salesforce.contacts().size() == perContact.size()
                                && second.metric("bridge_inbox_pending") == 0
                                && second.metric("bridge_outbox_pending") == 0);
                Thread.sleep(1500); // anything still in flight would show now

                int extraWrites = 0;
                for (List<Delivery> contact : perContact) {
                    String key = contact.get(0).contactId();
                    Delivery newest = contact.get(contact.size() - 1);
                    assertThat(key + " created once", salesforce.creations(key), equalTo(1));
                    assertThat(key + " holds its newest version", salesforce.record(key).get("Title").asText(),
                            equalTo(newest.role()));
                    extraWrites += Math.max(0, salesforce.writes(key) - contact.size());
                }
                System.out.printf("crash test: %d deliveries, %d acknowledged before kill -9, %d contacts, "
                                + "%d Salesforce API calls, %d writes beyond one per version (repeats of work in flight at the kill)%n",
                        total, ackedBeforeKill, perContact.size(), salesforce.apiCalls(), extraWrites);
                assertThat("at most one batch in flight can be repeated", extraWrites, lessThanOrEqualTo(200));

                String output = second.log();
                assertThat(output, not(containsString(WebhookSigner.LEGACY_KEY)));
                assertThat(output, not(containsString(WebhookSigner.BETA_SECRET.substring(6))));
                assertThat(output, not(containsString("sf-client-secret-for-crash-test")));
                assertThat(output, not(containsString("person7@acme.example")));
            }
        }
    }

    private static BridgeProcess bridge(Path data, Path log, FakeSalesforce salesforce) {
        return new BridgeProcess(data, log)
                .env("QUO_WEBHOOK_SECRETS", WebhookSigner.LEGACY_KEY + "," + WebhookSigner.BETA_SECRET)
                .env("CRM_TARGETS", "salesforce")
                .env("SALESFORCE_LOGIN_URL", salesforce.baseUrl())
                .env("SALESFORCE_CLIENT_ID", "crash-test-client")
                .env("SALESFORCE_CLIENT_SECRET", "sf-client-secret-for-crash-test")
                .env("CRM_BATCH_MAX_WAIT_MS", "200")
                .env("CRM_WRITER_POLL_MS", "50")
                .env("BRIDGE_DISPATCH_SWEEP_INTERVAL", "1s");
    }

    private static boolean send(BridgeProcess bridge, Delivery delivery) {
        try {
            int status = delivery.eventId().hashCode() % 2 == 0
                    ? bridge.postWebhook(delivery.body(), WebhookSigner.legacyHeaders(WebhookSigner.LEGACY_KEY, delivery.body())).statusCode()
                    : bridge.postWebhook(delivery.body(), WebhookSigner.standardHeaders(WebhookSigner.BETA_SECRET,
                            "msg_" + delivery.eventId(), delivery.body())).statusCode();
            return status == 202 || status == 200;
        } catch (RuntimeException connectionRefused) {
            return false;
        }
    }

    /** Per contact, its deliveries in order: two versions for the first contacts, one for the others. */
    private static List<List<Delivery>> deliveries() {
        List<List<Delivery>> all = new ArrayList<>();
        for (int i = 0; i < TWO_VERSION_CONTACTS + ONE_VERSION_CONTACTS; i++) {
            List<Delivery> contact = new ArrayList<>();
            int versions = i < TWO_VERSION_CONTACTS ? 2 : 1;
            for (int v = 1; v <= versions; v++) {
                contact.add(delivery(i, v));
            }
            all.add(contact);
        }
        return all;
    }

    private static Delivery delivery(int contact, int version) {
        ObjectNode event = Fixtures.json("beta/contact.updated.json");
        String eventId = "EVcrash" + contact + "v" + version;
        String contactId = "CTcrash" + contact;
        String role = "Role v" + version;
        Fixtures.with(event, "/id", eventId);
        Fixtures.with(event, "/data/resource/id", contactId);
        Fixtures.with(event, "/data/resource/role", role);
        Fixtures.with(event, "/data/resource/updatedAt", "2026-04-13T1" + version + ":00:00.000Z");
        ((ObjectNode) event.at("/data/resource/emails/0")).put("value", "person" + contact + "@acme.example");
        return new Delivery(eventId, contactId, role, Fixtures.write(event).getBytes(StandardCharsets.UTF_8));
    }
}
