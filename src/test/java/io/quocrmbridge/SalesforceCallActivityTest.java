package io.quocrmbridge;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.in;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quocrmbridge.support.CallEvents;
import io.quocrmbridge.support.FakeSalesforce;
import io.quocrmbridge.support.Fixtures;
import io.quocrmbridge.support.Permutations;
import io.quocrmbridge.support.SalesforceTestSupport;
import org.junit.jupiter.api.Test;

/** Calls and texts become Salesforce Tasks through camel-salesforce: one Task per call, whatever the events' order. */
class SalesforceCallActivityTest extends SalesforceTestSupport {

    /** One answered incoming call, legacy v4: completed, recording, summary, transcript. */
    private static final List<String> CALL = List.of("legacy-v4/call.completed.answered-incoming.json",
            "legacy-v4/call.recording.completed.json", "legacy-v4/call.summary.completed.json",
            "legacy-v4/call.transcript.completed.json");
    private static final String TASK_PATH = "/services/data/v61.0/sobjects/Task/Quo_Activity_Id__c/";
    private static final String COLLECTION_TASK_PATH = "/services/data/v61.0/composite/sobjects/Task/Quo_Activity_Id__c";

    @Override
    protected void salesforceProperties(Properties properties) {
        properties.put("crm.batch.max-wait-ms", "100");
        properties.put("crm.writer.poll-ms", "50");
    }

    @Test
    void aCallsEventsInEveryOrderWithDuplicatesEndAsOneTaskWithTheSameContent() {
        List<List<Integer>> orders = Permutations.of(List.of(0, 1, 2, 3));
        assertThat(orders, hasSize(24));
        int expectedUpserts = 0;
        // round r sends the r-th event of every order, then waits until Salesforce has what the bridge knows, so
        // each call's Task is written after every step of its own order
        for (int round = 0; round < 4; round++) {
            int requestsBefore = salesforce.upsertRequests("Task").size();
            int upsertsBefore = salesforce.upserts("Task").size();
            for (int k = 0; k < orders.size(); k++) {
                int event = orders.get(k).get(round);
                ObjectNode body = CallEvents.forCall(CALL.get(event), callId(k), "EVperm" + k + "e" + event);
                assertThat(postEvent(body).statusCode(), equalTo(202));
                if (round == 1) {
                    // the same delivery again, and the same event again under another event id (app and API
                    // webhooks both subscribed)
                    assertThat(postEvent(body).statusCode(), equalTo(200));
                    assertThat(postEvent(CallEvents.forCall(CALL.get(event), callId(k), "EVpermCopy" + k + "e" + event))
                            .statusCode(), equalTo(202));
                }
            }
            awaitQuiet();
            // this round wrote each call that has ended by now (its completed or recording event has arrived), once;
            // a call that so far only has its summary or transcript is not written yet
            List<String> expected = new ArrayList<>();
            for (int k = 0; k < orders.size(); k++) {
                if (round >= firstEnding(orders.get(k))) {
                    expected.add(callId(k));
                }
            }
            List<FakeSalesforce.Upsert> upserts = salesforce.upserts("Task");
            List<String> written = upserts.subList(upsertsBefore, upserts.size()).stream()
                    .map(FakeSalesforce.Upsert::externalId).sorted().toList();
            assertThat("round " + round + " writes each ended call once", written, equalTo(expected));
            List<LoggedRequest> requests = salesforce.upsertRequests("Task");
            List<LoggedRequest> roundRequests = requests.subList(requestsBefore, requests.size());
            // batched as the writer found them queued: one sObject Collections call, or several, or single upserts
            assertThat(roundRequests.size(), greaterThanOrEqualTo(1));
            assertThat(roundRequests.size(), lessThanOrEqualTo(expected.size()));
            for (LoggedRequest request : roundRequests) {
                assertThat(request.getUrl(), anyOf(equalTo(COLLECTION_TASK_PATH),
                        in(expected.stream().map(id -> TASK_PATH + id).toList())));
            }
            expectedUpserts += expected.size();
        }
        assertThat("12 + 20 + 24 + 24 Task writes over the rounds", expectedUpserts, equalTo(80));
        assertThat(salesforce.upserts("Task"), hasSize(expectedUpserts));
        int requestsBefore = salesforce.upsertRequests("Task").size();
        int callsBefore = salesforce.apiCalls();
        // every event once more, as other events: nothing changes, nothing is written
        for (int k = 0; k < orders.size(); k++) {
            for (int event = 0; event < 4; event++) {
                postEvent(CallEvents.forCall(CALL.get(event), callId(k), "EVpermLate" + k + "e" + event));
            }
        }
        awaitQuiet();
        assertThat("repeated events write nothing", salesforce.apiCalls(), equalTo(callsBefore));
        assertThat(salesforce.upsertRequests("Task"), hasSize(requestsBefore));
        assertThat("no Task is written other than by an upsert on its Quo call id",
                salesforce.wireMock().findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(
                        com.github.tomakehurst.wiremock.client.WireMock.urlMatching(".*/sobjects/Task.*"))),
                hasSize(requestsBefore));

        Set<String> contents = new HashSet<>();
        for (int k = 0; k < orders.size(); k++) {
            assertThat(callId(k) + " is one Task", salesforce.creations(callId(k)), equalTo(1));
            assertThat(salesforce.writes(callId(k)), equalTo(4 - firstEnding(orders.get(k))));
            ObjectNode task = salesforce.record("Task", callId(k)).deepCopy();
            task.remove(List.of("Id", "LastModifiedDate"));
            // field by field, whatever order the writes added them in
            contents.add(new java.util.TreeMap<>(Fixtures.toMap(task)).toString().replace(callId(k), "<call>"));
        }
        assertThat("every order ends with the same Task", contents, hasSize(1));
        JsonNode task = salesforce.record("Task", callId(0));
        assertThat(task.path("Subject").asText(), equalTo("Inbound call from +13125550123 (answered)"));
        assertThat(task.path("CallDurationInSeconds").asInt(), equalTo(352));
        assertThat(task.path("Description").asText(), containsString("Summary:\n- "));
        assertThat(task.path("Description").asText(), containsString("Recording: https://"));
        assertThat(task.path("Description").asText(), containsString("Transcript:\n"));
    }

    /** The round in which an order's call ends: its call.completed (0) or call.recording.completed (1) arrives. */
    private static int firstEnding(List<Integer> order) {
        for (int i = 0; i < order.size(); i++) {
            if (order.get(i) <= 1) {
                return i;
            }
        }
        throw new IllegalArgumentException("no ending event in " + order);
    }

    private static String callId(int k) {
        return String.format("ACperm%02d", k);
    }

    @Test
    void theTaskRequestIsExactlyTheMappedCallUpsertedByItsQuoCallId() {
        for (String fixture : CALL) {
            assertThat(postLegacy(Fixtures.text(fixture)).statusCode(), equalTo(202));
        }
        awaitQuiet();
        String callId = "AC9d2c3b4a5f6e7d8c9b0a1f2e3d4c5b6a";
        List<LoggedRequest> requests = salesforce.upsertRequests("Task");
        assertThat(requests.isEmpty(), equalTo(false));
        assertThat(requests.get(requests.size() - 1).getMethod().getName(), equalTo("PATCH"));
        List<FakeSalesforce.Upsert> upserts = salesforce.upserts("Task");
        FakeSalesforce.Upsert last = upserts.get(upserts.size() - 1);
        assertThat(last.externalId(), equalTo(callId));
        assertThat(last.fields(), equalTo(Fixtures.json("expected/salesforce-task-legacy-v4-call.json")));
        assertThat(salesforce.creations(callId), equalTo(1));
    }

    @Test
    void aRingingCallIsNotWrittenUntilItHasEnded() {
        assertThat(postBeta(Fixtures.text("beta/call.ringing.json")).statusCode(), equalTo(202));
        awaitQuiet();
        assertThat(salesforce.records("Task").size(), equalTo(0));
        assertThat(outcomes("EV7f2b4d6a8c0e42f4a6b8c0d2e4f6a8b0"), equalTo(List.of("salesforce:waiting")));
        assertThat(postBeta(Fixtures.text("beta/call.completed.json")).statusCode(), equalTo(202));
        awaitQuiet();
        JsonNode task = salesforce.record("Task", "AC1b4a5f6e7d8c9b0a1f2e3d4c5b6a7f8e");
        assertThat(task.path("CallType").asText(), equalTo("Inbound"));
        assertThat(task.path("Subject").asText(), equalTo("Inbound call from +15125550147 (answered)"));
    }

    @Test
    void aTranscriptLongerThanTheDescriptionIsCutToFitWithANoteAndTheQuoLink() {
        String callId = "ACf5d8c9b0a1f2e3d4c5b6a7f8e9d0c1b2";
        // the 50 KB unicode transcript fixture, its dialogue three times over: about 85,000 characters of text
        ObjectNode transcript = Fixtures.json("legacy-v4/call.transcript.completed.long-unicode.json");
        com.fasterxml.jackson.databind.node.ArrayNode dialogue =
                (com.fasterxml.jackson.databind.node.ArrayNode) transcript.at("/data/object/dialogue");
        int lines = dialogue.size();
        for (int copy = 0; copy < 2; copy++) {
            for (int i = 0; i < lines; i++) {
                dialogue.add(dialogue.get(i).deepCopy());
            }
        }
        assertThat(Fixtures.text("legacy-v4/call.transcript.completed.long-unicode.json")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 50_000, equalTo(true));
        assertThat(postLegacy(Fixtures.write(transcript)).statusCode(), equalTo(202));
        ObjectNode completed = CallEvents.forCall("legacy-v4/call.completed.answered-incoming.json", callId,
                "EVlongCallCompleted");
        Fixtures.with(completed, "/data/deepLink", "https://my.quo.com/inbox/PNtoDbDhuz/c/CNlong");
        assertThat(postEvent(completed).statusCode(), equalTo(202));
        awaitQuiet();
        JsonNode task = salesforce.record("Task", callId);
        String description = task.path("Description").asText();
        assertThat(description.length(), lessThanOrEqualTo(32_000));
        assertThat(description.length() > 31_000, equalTo(true));
        assertThat(description, containsString("Open in Quo: https://my.quo.com/inbox/PNtoDbDhuz/c/CNlong"));
        assertThat(description, containsString("[0002] Der Kühlschrank in der Küche macht Geräusche; Größe: 1,80 m"));
        assertThat(description, endsWith("shortened to fit this field's 32000 characters; the whole call is in Quo: "
                + "https://my.quo.com/inbox/PNtoDbDhuz/c/CNlong]"));
        assertThat(count("SELECT COUNT(*) FROM dead_letter"), equalTo(0L));
    }

    @Test
    void aTextMessageIsOneTaskByItsMessageIdAndItsDeliveryStatusUpdatesIt() {
        assertThat(postLegacy(Fixtures.text("legacy-v4/message.received.json")).statusCode(), equalTo(202));
        assertThat(postLegacy(Fixtures.text("legacy-v4/message.delivered.json")).statusCode(), equalTo(202));
        awaitQuiet();
        JsonNode received = salesforce.record("Task", "ACd3b6a7f8e9d0c1b2a3f4e5d6c7b8a9f0");
        assertThat(received.path("Subject").asText(), equalTo("Text from +13125550123"));
        assertThat(received.path("TaskSubtype").asText(), equalTo("Task"));
        assertThat(received.path("Description").asText(), startsWith("[2026-03-12T16:55:52.420Z] +13125550123: "));
        JsonNode sent = salesforce.record("Task", "ACe4c7b8a9f0e1d2c3b4a5f6e7d8c9b0a1");
        assertThat(sent.path("Subject").asText(), equalTo("Text to +13125550123"));

        ObjectNode failed = Fixtures.json("legacy-v4/message.delivered.json");
        Fixtures.with(failed, "/id", "EVdeliveryFailedLater");
        Fixtures.with(failed, "/type", "message.failed");
        Fixtures.with(failed, "/data/object/status", "failed");
        assertThat(postLegacy(Fixtures.write(failed)).statusCode(), equalTo(202));
        awaitQuiet();
        JsonNode updated = salesforce.record("Task", "ACe4c7b8a9f0e1d2c3b4a5f6e7d8c9b0a1");
        assertThat(updated.path("Subject").asText(), equalTo("Text to +13125550123 (failed)"));
        assertThat(updated.path("Description").asText(), containsString("(not delivered)"));
        assertThat(salesforce.creations("ACe4c7b8a9f0e1d2c3b4a5f6e7d8c9b0a1"), equalTo(1));
    }

    @Test
    void anUnlinkedTaskCarriesNoWhoIdAndTheTaskIsNeverACopyOfAContactRecord() {
        assertThat(postLegacy(Fixtures.text(CALL.get(0))).statusCode(), equalTo(202));
        awaitQuiet();
        JsonNode task = salesforce.record("Task", "AC9d2c3b4a5f6e7d8c9b0a1f2e3d4c5b6a");
        assertThat(task.get("WhoId"), nullValue());
        assertThat(task.path("Id").asText(), startsWith("00T"));
        assertThat(salesforce.records("Contact").size(), equalTo(0));
        assertThat(outcomes("EVb1a6c8e0f2d447a9b1d3f5a7c9e1b3d5"), not(equalTo(List.of())));
    }
}
