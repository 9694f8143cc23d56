package io.quocrmbridge;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.quocrmbridge.quo.QuoApi;
import io.quocrmbridge.support.FakeQuo;
import io.quocrmbridge.support.PollingTestSupport;
import org.apache.camel.ProducerTemplate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The poller when Quo misbehaves, when contacts disappear from Quo, and next to webhooks. */
class ContactPollingCasesTest {

    private static final int CONTACTS = 300;

    abstract static class SmallWorkspace extends PollingTestSupport {
        @Override
        protected void contactsBeforeStart(FakeQuo quo) {
            quo.addContacts(CONTACTS);
        }

        void assertEveryContactWrittenOnce() {
            assertThat(salesforce.contacts().size(), equalTo(CONTACTS));
            for (int i = 0; i < CONTACTS; i++) {
                assertThat("CTpoll" + i, salesforce.writes("CTpoll" + i), equalTo(1));
            }
        }
    }

    @Nested
    class RefusedApiKey extends SmallWorkspace {
        @Override
        protected void pollingProperties(Properties properties) {
            properties.put("quo.api-key", "a-key-quo-does-not-know");
        }

        @Test
        void aRefusedKeyStopsPollingWithALogLineMetricAndReadinessDetailInsteadOfRetrying() throws Exception {
            Awaitility.await().atMost(20, TimeUnit.SECONDS).until(() -> "FAILED".equals(checkpoint().get(0)));
            Thread.sleep(1500); // several poll ticks: none may try again
            assertThat(quo.served("/v1/contacts").size(), equalTo(1));
            assertThat(quo.count(401), equalTo(1));
            assertThat((String) checkpoint().get(3), containsString("Quo refused the API key (401"));
            String ready = management("GET", "/observe/health/ready?data=true").body();
            assertThat(ready, containsString("quo.api.unavailable"));
            assertThat(ready, containsString("\"status\":\"UP\""));
            assertThat(management("GET", "/observe/metrics").body(),
                    containsString("bridge_poll_scans_total{outcome=\"auth_failed\"} 1.0"));
            assertThat(salesforce.contacts().size(), equalTo(0));
        }
    }

    @Nested
    class ServerErrors extends SmallWorkspace {
        @Override
        protected void contactsBeforeStart(FakeQuo quo) {
            super.contactsBeforeStart(quo);
            quo.failNext(2, 503);
        }

        @Test
        void serverErrorsAreRetriedAndTheScanCompletes() {
            awaitScanComplete(1);
            assertEveryContactWrittenOnce();
            assertThat(quo.count(503), equalTo(2));
            assertThat(quo.count(200), equalTo(CONTACTS / 50));
            assertThat(quo.violations(), empty());
        }
    }

    @Nested
    class BurstOf429s extends SmallWorkspace {
        private static final int BURST = 8;

        @Override
        protected void pollingProperties(Properties properties) {
            // small pages: the scan is still running when the burst comes
            properties.put("quo.poll.page-size", "10");
            // below Quo's 10 a second: room for the jitter between the throttle and the server on a busy machine
            properties.put("quo.api.rate-limit", "8");
        }

        @Test
        void retriedCallsWaitForTheThrottleSoNoSecondHoldsMoreRequestsThanTheLimit() throws Exception {
            // other users of the key in this process (call enrichment, the workspace directory) keep the throttle busy
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService others = Executors.newFixedThreadPool(3);
            try {
                for (int i = 0; i < 3; i++) {
                    others.submit(() -> {
                        ProducerTemplate template = context.createProducerTemplate();
                        while (!stop.get()) {
                            template.send("direct:quo-api", exchange -> QuoApi.request(exchange, "GET", "/v1/users",
                                    QuoApi.query().add("maxResults", 50)));
                        }
                        return null;
                    });
                }
                Awaitility.await().atMost(30, TimeUnit.SECONDS).until(() -> quo.count(200) >= 3);
                quo.rateLimitNext(BURST);
                awaitScanComplete(1);
            } finally {
                stop.set(true);
                others.shutdown();
                assertThat(others.awaitTermination(60, TimeUnit.SECONDS), equalTo(true));
            }

            assertThat("most requests in any second, retries included", quo.maxRequestsInAnyWindow(1000),
                    lessThanOrEqualTo(10));
            assertThat("429s: the burst, and none for going over the limit",
                    quo.served().stream().filter(s -> s.status() == 429).count(), equalTo((long) BURST));
            assertThat("the poll ran into the burst", quo.count(429), greaterThanOrEqualTo(1));
            assertThat("every request Quo saw was an attempt of the throttled route (none resent by the HTTP client)",
                    (double) quo.served().size(), equalTo(metric("camel_exchanges_total", "quo-api-attempt")));
            assertThat(quo.violations(), empty());
            assertEveryContactWrittenOnce();
        }

        /** A Camel route metric from the management port's /observe/metrics. */
        private double metric(String name, String routeId) {
            return management("GET", "/observe/metrics").body().lines()
                    .filter(line -> line.startsWith(name + "{") && line.contains("routeId=\"" + routeId + "\""))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                    .findFirst().orElseThrow(() -> new AssertionError(name + " of route " + routeId + " not found"));
        }
    }

    @Nested
    class ExpiredPageToken extends SmallWorkspace {
        @Override
        protected void contactsBeforeStart(FakeQuo quo) {
            super.contactsBeforeStart(quo);
            quo.expireTokensAfter(3);
        }

        @Test
        void aPageTokenQuoNoLongerAcceptsRestartsTheScanFromTheFirstPage() {
            awaitScanComplete(1);
            assertEveryContactWrittenOnce();
            assertThat(quo.count(400), equalTo(1));
            long firstPages = quo.served("/v1/contacts").stream().filter(s -> s.status() == 200 && s.pageToken() == null).count();
            assertThat("the first page was fetched again after the refusal", firstPages, equalTo(2L));
        }
    }

    @Nested
    class DeletedInQuo extends SmallWorkspace {
        @Test
        void contactsTheBridgeWroteThatQuoNoLongerListsAreReportedAndLeftInTheCrm() {
            awaitScanComplete(1);
            for (int i = 10; i < 15; i++) {
                quo.delete(i);
            }
            management("POST", "/admin/poll/contacts");
            awaitScanComplete(2);

            assertThat(count("SELECT COUNT(*) FROM outcome_journal WHERE outcome = 'missing-in-quo'"), equalTo(5L));
            assertThat(rows("SELECT record_key FROM outcome_journal WHERE outcome = 'missing-in-quo' ORDER BY record_key")
                    .toString(), equalTo("[[CTpoll10], [CTpoll11], [CTpoll12], [CTpoll13], [CTpoll14]]"));
            assertThat(management("GET", "/observe/metrics").body(),
                    containsString("bridge_poll_contacts_missing_in_quo 5.0"));
            assertThat(salesforce.contacts().size(), equalTo(CONTACTS));
            assertThat(salesforce.record("CTpoll10").has("Quo_Deleted__c"), equalTo(false));
        }
    }

    @Nested
    class DeletionsApplied extends SmallWorkspace {
        @Override
        protected void pollingProperties(Properties properties) {
            properties.put("quo.poll.apply-deletions", "true");
            properties.put("contact.delete-policy", "flag");
        }

        @Test
        void withApplyDeletionsOnTheDeletePolicyIsAppliedToContactsGoneFromQuo() {
            awaitScanComplete(1);
            for (int i = 10; i < 15; i++) {
                quo.delete(i);
            }
            management("POST", "/admin/poll/contacts");
            awaitScanComplete(2);
            Awaitility.await().atMost(20, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200))
                    .until(() -> salesforce.record("CTpoll14").has("Quo_Deleted__c"));
            awaitQuiet();

            for (int i = 10; i < 15; i++) {
                assertThat(salesforce.record("CTpoll" + i).get("Quo_Deleted__c").asBoolean(), equalTo(true));
            }
            assertThat(salesforce.record("CTpoll9").has("Quo_Deleted__c"), equalTo(false));
            assertThat(salesforce.writes("CTpoll10"), equalTo(2));
        }

        @Test
        void aScanThatSeesTooFewContactsAppliesNoDeletion() throws Exception {
            awaitScanComplete(1);
            for (int i = 100; i < CONTACTS; i++) {
                quo.delete(i);
            }
            management("POST", "/admin/poll/contacts");
            awaitScanComplete(2);
            Thread.sleep(1500);
            awaitQuiet();

            assertThat(count("SELECT COUNT(*) FROM outcome_journal WHERE outcome = 'missing-in-quo'"), equalTo(200L));
            assertThat(count("SELECT COUNT(*) FROM inbox_event WHERE event_type = 'contact.missing-in-quo'"), equalTo(0L));
            for (int i = 100; i < CONTACTS; i++) {
                assertThat(salesforce.record("CTpoll" + i).has("Quo_Deleted__c"), equalTo(false));
            }
        }
    }

    @Nested
    class NextToWebhooks extends SmallWorkspace {
        @Override
        protected void pollingProperties(Properties properties) {
            // keep the first scan from starting before the webhook below is handled
            properties.put("quo.poll.check-ms", "60000");
        }

        @Test
        void aContactAlreadyWrittenByAWebhookIsNotWrittenAgainByThePoll() {
            assertThat(postBeta(FakeQuo.betaEvent(quo.current(5), "EVwebhookForPoll5")).statusCode(), equalTo(202));
            awaitQuiet();
            assertThat(salesforce.writes("CTpoll5"), equalTo(1));

            management("POST", "/admin/poll/contacts");
            stopAndStartPollerTick();
            awaitScanComplete(1);

            assertThat(salesforce.writes("CTpoll5"), equalTo(1));
            assertThat(salesforce.contacts().size(), equalTo(CONTACTS));
            assertThat(rows("SELECT contacts_seen, contacts_changed FROM poll_checkpoint").get(0).toString(),
                    equalTo("[" + CONTACTS + ", " + (CONTACTS - 1) + "]"));
        }

        /** The poll route checks once a minute in this test; restart it so the requested scan starts now. */
        private void stopAndStartPollerTick() {
            try {
                context.getRouteController().stopRoute("quo-contact-poll");
                context.getRouteController().startRoute("quo-contact-poll");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
