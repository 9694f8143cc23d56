package io.quocrmbridge;

import static io.quocrmbridge.support.SalesforceTestSupport.contactEvent;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quocrmbridge.support.CallEvents;
import io.quocrmbridge.support.HubSpotTestSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * HubSpot's rate limits: the bridge spaces its calls to HUBSPOT_RATE_LIMIT per 10 seconds (and searches to
 * HUBSPOT_SEARCH_RATE_LIMIT per second); a 429 TEN_SECONDLY_ROLLING waits out the window and sends again without
 * using up attempts; a 429 DAILY holds every HubSpot write, says so in readiness detail and a metric, and resumes once
 * HubSpot takes calls again. Nothing is dead-lettered for a rate limit.
 */
class HubSpotRateLimitTest {

    abstract static class RateLimited extends HubSpotTestSupport {

        void postContacts(int count) {
            postContacts(0, count);
        }

        void postContacts(int from, int to) {
            for (int i = from; i < to; i++) {
                assertThat(postBeta(contactEvent(i, "rate" + i + "@acme.example")).statusCode(), equalTo(202));
            }
        }

        /** A gauge's value from the management port's Prometheus page, or NaN when it isn't there. */
        double metric(String name, String labels) {
            for (String line : management("GET", "/observe/metrics").body().split("\n")) {
                if (line.startsWith(name + "{") && line.contains(labels)) {
                    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return Double.NaN;
        }

        void assertEveryContactWrittenOnceWithoutDeadLetters(int count) {
            for (int i = 0; i < count; i++) {
                assertThat("contact " + i, hubspot.writes("contacts", "CTburst" + i), equalTo(1));
            }
            assertThat(count("SELECT COUNT(*) FROM dead_letter"), equalTo(0L));
            assertThat("no attempt used up by a rate limit", count("SELECT MAX(attempts) FROM crm_outbox"),
                    equalTo(0L));
        }
    }

    /** The bridge's own throttles keep HubSpot's windows from filling. */
    @Nested
    class Throttle extends RateLimited {

        @Override
        protected void hubspotProperties(Properties properties) {
            // 40 per 10 s: one call every 263 ms, so never more than 4 in any second
            properties.put("hubspot.rate-limit", "40");
            properties.put("hubspot.search.rate-limit", "2");
            properties.put("hubspot.batch.size", "1");
        }

        @Test
        void callsAreSpacedSoNoWindowOverfillsAndNothingIsRefused() {
            hubspot.tenSecondLimit(4, 1_000);
            postContacts(10);
            awaitQuiet();
            assertEveryContactWrittenOnceWithoutDeadLetters(10);
            assertThat("no 429", hubspot.served().stream().map(s -> s.status()).toList(), not(hasItem(429)));
            assertThat(hubspot.maxRequestsInAnyWindow(1_000), lessThanOrEqualTo(4));
        }

        @Test
        void searchesAreSpacedToTheSearchLimit() {
            hubspot.searchLimit(2, 1_000);
            for (int i = 0; i < 5; i++) {
                ObjectNode call = CallEvents.forCall("legacy-v4/call.completed.answered-incoming.json",
                        "AChsRate" + i, "EVhsRate" + i);
                com.fasterxml.jackson.databind.node.ArrayNode participants =
                        (com.fasterxml.jackson.databind.node.ArrayNode) call.at("/data/object/participants");
                participants.set(0, com.fasterxml.jackson.databind.node.TextNode.valueOf("+1312555019" + i));
                call.withObject("/data/object").remove("contactIds");
                assertThat(postEvent(call).statusCode(), equalTo(202));
            }
            awaitQuiet();
            assertThat(hubspot.searches().size(), equalTo(5));
            List<Long> searches = hubspot.served().stream().filter(s -> s.path().endsWith("/search"))
                    .map(s -> s.nanos()).toList();
            for (int i = 1; i < searches.size(); i++) {
                assertThat("gap between searches, ms", (searches.get(i) - searches.get(i - 1)) / 1_000_000,
                        greaterThan(400L));
            }
            assertThat("no 429", hubspot.served().stream().map(s -> s.status()).toList(), not(hasItem(429)));
            assertThat(count("SELECT COUNT(*) FROM dead_letter"), equalTo(0L));
        }
    }

    /** HubSpot's 10-second window fills anyway (another app shares the token): wait it out. */
    @Nested
    class TenSecondly extends RateLimited {

        @Override
        protected void hubspotProperties(Properties properties) {
            properties.put("hubspot.batch.size", "1");
        }

        @Test
        void aFullWindowIsWaitedOutAndTheWritesGoAgainWithoutUsingAttempts() {
            hubspot.tenSecondLimit(3, 2_000);
            postContacts(7);
            awaitQuiet();
            assertEveryContactWrittenOnceWithoutDeadLetters(7);
            assertThat(hubspot.served().stream().filter(s -> s.status() == 429).count(), greaterThan(0L));
            assertThat(count("SELECT COUNT(*) FROM outcome_journal WHERE outcome = 'throttled'"), greaterThan(0L));
            assertThat((String) rows("SELECT detail FROM outcome_journal WHERE outcome = 'throttled'").get(0).get(0),
                    containsString("TEN_SECONDLY_ROLLING"));
        }
    }

    /** The account's daily allowance is spent: hold everything until HubSpot takes calls again. */
    @Nested
    class Daily extends RateLimited {

        @Override
        protected void hubspotProperties(Properties properties) {
            properties.put("crm.unavailable-retry-ms", "1500");
        }

        @Test
        void theDailyLimitHoldsEveryWriteSaysSoAndResumesWhenTheAllowanceIsBack() throws Exception {
            hubspot.dailyLimit(0);
            postContacts(1);
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                    management("GET", "/observe/health/ready?data=true").body().contains("crm.hubspot.unavailable"));
            String ready = management("GET", "/observe/health/ready?data=true").body();
            assertThat(ready, containsString("DAILY"));
            assertThat("accepting webhooks meanwhile", ready, containsString("\"status\":\"UP\""));
            assertThat(metric("bridge_crm_target_unavailable", "target=\"hubspot\""), equalTo(1.0));

            int calls = hubspot.served().size();
            postContacts(1, 5);
            Thread.sleep(1_000);
            assertThat("no call while held", hubspot.served().size(), lessThanOrEqualTo(calls + 1));
            assertThat(count("SELECT COUNT(*) FROM crm_outbox WHERE status = 'PENDING'"), equalTo(5L));

            hubspot.dailyLimit(250_000);
            awaitQuiet();
            assertEveryContactWrittenOnceWithoutDeadLetters(5);
            assertThat(metric("bridge_crm_target_unavailable", "target=\"hubspot\""), equalTo(0.0));
            assertThat(management("GET", "/observe/health/ready?data=true").body(),
                    not(containsString("crm.hubspot.unavailable")));
        }
    }
}
