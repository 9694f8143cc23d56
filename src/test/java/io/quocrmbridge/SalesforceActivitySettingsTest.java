package io.quocrmbridge;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quocrmbridge.support.CallEvents;
import io.quocrmbridge.support.FakeSalesforce;
import io.quocrmbridge.support.Fixtures;
import io.quocrmbridge.support.SalesforceTestSupport;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What ACTIVITY_MESSAGE_GROUPING and ACTIVITY_CALL_WRITE_RINGING change in the Tasks Salesforce receives, through
 * Camel Main against the fake org: each nested class runs the bridge with its own settings.
 */
class SalesforceActivitySettingsTest {

    static final String TASK_PATH = "/services/data/v61.0/sobjects/Task/Quo_Activity_Id__c/";

    /** The legacy-v4 call from +13125550123 on our +15125550100, ringing then answered. */
    static final String RINGING = "legacy-v4/call.ringing.json";
    static final String RINGING_EVENT = "EV8e3a5c7f9b1d46e8a0c2e4f6b8d0a2c4";
    static final String COMPLETED = "legacy-v4/call.completed.answered-incoming.json";
    static final String CALL_ID = "AC9d2c3b4a5f6e7d8c9b0a1f2e3d4c5b6a";

    abstract static class SettingsTest extends SalesforceTestSupport {

        /** The settings of the test. */
        void settings(Properties properties) {
        }

        @Override
        protected void salesforceProperties(Properties properties) {
            properties.put("crm.batch.max-wait-ms", "100");
            properties.put("crm.writer.poll-ms", "50");
            settings(properties);
        }

        /** Posts a webhook and waits until Salesforce has whatever the bridge makes of it. */
        void deliver(JsonNode event) {
            assertThat(postEvent(event).statusCode(), equalTo(202));
            awaitQuiet();
        }

        List<String> taskKeysWritten() {
            return salesforce.upserts("Task").stream().map(FakeSalesforce.Upsert::externalId).toList();
        }
    }

    @Nested
    class TextsGroupedByConversationHour extends SettingsTest {

        /** Texts between our +15125550100 and +13125550123, grouped by the hour (UTC, BRIDGE_TIME_ZONE's default). */
        static final String FOUR_PM = "texts:+15125550100:+13125550123:2026-03-12T16:00";
        static final String FIVE_PM = "texts:+15125550100:+13125550123:2026-03-12T17:00";

        @Override
        void settings(Properties properties) {
            properties.put("activity.message.grouping", "conversation-hour");
        }

        @Test
        void textsOfOneConversationWithinAnHourAreOneTaskAndTheNextHoursTextAnother() {
            // 16:55 they write (legacy-v4/message.received.json), 16:57 we answer, 16:59 they thank us
            deliver(Fixtures.json("legacy-v4/message.received.json"));
            deliver(CallEvents.forMessage("legacy-v4/message.delivered.json", "ACtextReply1655", "EVtextReply1655",
                    "2026-03-12T16:57:31.000Z", "Sure, sending the plan now."));
            deliver(CallEvents.forMessage("legacy-v4/message.received.json", "ACtextThanks1659", "EVtextThanks1659",
                    "2026-03-12T16:59:05.000Z", "Thanks!"));
            // 17:02 we write again (legacy-v4/message.delivered.json): the next hour
            deliver(Fixtures.json("legacy-v4/message.delivered.json"));

            assertThat(salesforce.records("Task").keySet(), equalTo(java.util.Set.of(FOUR_PM, FIVE_PM)));
            assertThat(salesforce.creations(FOUR_PM), equalTo(1));
            assertThat(salesforce.creations(FIVE_PM), equalTo(1));
            // one upsert per text, each of the group's Task by the group key, never by a message id
            assertThat(taskKeysWritten(), equalTo(List.of(FOUR_PM, FOUR_PM, FOUR_PM, FIVE_PM)));
            List<LoggedRequest> requests = salesforce.upsertRequests("Task");
            assertThat(requests, hasSize(4));
            for (LoggedRequest request : requests) {
                assertThat(request.getMethod().getName(), equalTo("PATCH"));
                assertThat(request.getUrl(), startsWith(TASK_PATH + "texts"));
            }

            JsonNode fourPm = salesforce.record("Task", FOUR_PM);
            assertThat(fourPm.path("Subject").asText(), equalTo("Texts with +13125550123"));
            assertThat(fourPm.path("ActivityDate").asText(), equalTo("2026-03-12"));
            assertThat(fourPm.path("Description").asText(), startsWith(
                    "[2026-03-12T16:55:52.420Z] +13125550123: Can you send the maintenance plan to "
                            + "facilities@lakeside-towers.example?\n"
                            + "[2026-03-12T16:57:31.000Z] +15125550100: Sure, sending the plan now.\n"
                            + "[2026-03-12T16:59:05.000Z] +13125550123: Thanks!"));
            JsonNode fivePm = salesforce.record("Task", FIVE_PM);
            assertThat(fivePm.path("Subject").asText(), equalTo("Texts with +13125550123"));
            assertThat(fivePm.path("Description").asText(), startsWith("[2026-03-12T17:02:09.870Z] +15125550100: "
                    + "Sent! Let us know which weekend works for the first visit."));
            assertThat(fivePm.path("Description").asText(), not(containsString("Thanks!")));
        }
    }

    @Nested
    class RingingCallsWritten extends SettingsTest {

        @Override
        void settings(Properties properties) {
            properties.put("activity.call.write-ringing", "true");
        }

        @Test
        void aRingingCallIsWrittenInProgressThenUpdatedInPlaceWhenItCompletes() {
            deliver(Fixtures.json(RINGING));
            JsonNode ringing = salesforce.record("Task", CALL_ID);
            assertThat(ringing.path("Subject").asText(), equalTo("Inbound call from +13125550123 (in-progress)"));
            assertThat(ringing.path("CallDisposition").asText(), equalTo("in-progress"));
            assertThat(ringing.path("CallDurationInSeconds").asInt(), equalTo(0));
            String taskId = ringing.path("Id").asText();

            deliver(Fixtures.json(COMPLETED));
            JsonNode completed = salesforce.record("Task", CALL_ID);
            assertThat(completed.path("Id").asText(), equalTo(taskId));
            assertThat(completed.path("Subject").asText(), equalTo("Inbound call from +13125550123 (answered)"));
            assertThat(completed.path("CallDisposition").asText(), equalTo("answered"));
            assertThat(completed.path("CallDurationInSeconds").asInt(), equalTo(352));
            assertThat(salesforce.records("Task").size(), equalTo(1));
            assertThat(salesforce.creations(CALL_ID), equalTo(1));
            assertThat(taskKeysWritten(), equalTo(List.of(CALL_ID, CALL_ID)));
            for (LoggedRequest request : salesforce.upsertRequests("Task")) {
                assertThat(request.getUrl(), equalTo(TASK_PATH + CALL_ID));
            }
        }
    }

    @Nested
    class RingingCallsNotWrittenByDefault extends SettingsTest {

        @Test
        void aLoneRingingCallWritesNothing() {
            deliver(Fixtures.json(RINGING));
            assertThat(salesforce.records("Task").size(), equalTo(0));
            assertThat(salesforce.upsertRequests("Task"), empty());
            assertThat(outcomes(RINGING_EVENT), equalTo(List.of("salesforce:waiting")));
        }
    }
}
