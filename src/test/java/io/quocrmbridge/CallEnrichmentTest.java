package io.quocrmbridge;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quocrmbridge.canonical.WorkspaceDirectory;
import io.quocrmbridge.support.CallEvents;
import io.quocrmbridge.support.FakeQuo;
import io.quocrmbridge.support.Fixtures;
import io.quocrmbridge.support.SalesforceTestSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * With QUO_API_KEY set, calls are completed from Quo's API: the details of a call whose webhook named no
 * participants, the voicemail of an unanswered call; the workspace's own numbers and users come from Quo too (names
 * in transcripts, Task owners by e-mail). Every request is checked against Quo's OpenAPI document.
 */
class CallEnrichmentTest extends SalesforceTestSupport {

    private static final String KEY = "quo-enrichment-test-key";
    private static final String NO_PARTICIPANTS = "ACa0e3d4c5b6a7f8e9d0c1b2a3f4e5d6c7";
    private static final String OUR_NUMBER = "+15125550100";
    private static final String USER = "USk2Lm9QpR";
    private static final String USER_EMAIL = "omar.haddad@lakeside-mechanical.example";

    private FakeQuo quo;

    @Override
    protected void salesforceProperties(Properties properties) {
        quo = new FakeQuo(KEY, 10);
        quo.workspaceNumber(OUR_NUMBER, USER, USER_EMAIL, "Omar", "Haddad");
        properties.put("quo.api-key", KEY);
        properties.put("quo.api-base-url", quo.baseUrl());
        properties.put("quo.poll.interval", "1h");
        properties.put("quo.enrichment.check-ms", "200");
        properties.put("quo.enrichment.voicemail-delay", "0s");
        properties.put("quo.enrichment.retry-delay", "300ms");
        properties.put("quo.enrichment.max-attempts", "3");
        properties.put("salesforce.task.owner-by-email", "true");
        properties.put("crm.batch.max-wait-ms", "100");
    }

    @Override
    protected void doPostTearDown() throws Exception {
        super.doPostTearDown();
        if (quo != null) {
            quo.close();
        }
    }

    /** Waits until the workspace directory is loaded from Quo. */
    private void awaitDirectory() {
        WorkspaceDirectory directory = context.getRegistry().lookupByNameAndType("workspaceDirectory",
                WorkspaceDirectory.class);
        Awaitility.await().atMost(20, TimeUnit.SECONDS).until(() -> !directory.current().numbers().isEmpty());
    }

    /** Waits until {@code tasks} enrichment tasks exist and none is waiting any more, then until the bridge is quiet. */
    private void awaitEnriched(int tasks) {
        Awaitility.await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100)).until(() ->
                count("SELECT COUNT(*) FROM enrichment_task WHERE status <> 'PENDING'") >= tasks);
        awaitQuiet();
    }

    /** The call as GET /v1/calls/{id} returns it: the same call, with both numbers. */
    private static ObjectNode restCall(String callId) {
        ObjectNode call = Fixtures.json("legacy-v4/call.completed.empty-participants.json").with("data")
                .with("object").deepCopy();
        call.put("id", callId);
        call.remove(List.of("object", "contactIds"));
        call.putArray("participants").add("+14155550177").add(OUR_NUMBER);
        return call;
    }

    @Test
    void aCallWhoseWebhookNamedNoParticipantsGetsItsNumbersFromQuo() {
        awaitDirectory();
        quo.call(restCall(NO_PARTICIPANTS));
        assertThat(postLegacy(Fixtures.text("legacy-v4/call.completed.empty-participants.json")).statusCode(),
                equalTo(202));
        awaitEnriched(2);
        JsonNode task = salesforce.record("Task", NO_PARTICIPANTS);
        assertThat(task.path("Subject").asText(), equalTo("Inbound call from +14155550177 (missed)"));
        assertThat(quo.served("/v1/calls/" + NO_PARTICIPANTS), hasSize(1));
        assertThat(salesforce.creations(NO_PARTICIPANTS), equalTo(1));
        assertThat(quo.violations(), empty());
    }

    @Test
    void aGroupCallQuoGivesNoDetailsForIsWrittenWithoutNumbersAndNotAskedAgain() throws Exception {
        awaitDirectory();
        quo.groupCall(NO_PARTICIPANTS);
        assertThat(postLegacy(Fixtures.text("legacy-v4/call.completed.empty-participants.json")).statusCode(),
                equalTo(202));
        awaitEnriched(2);
        Thread.sleep(1_000); // several enrichment ticks
        assertThat(quo.served("/v1/calls/" + NO_PARTICIPANTS), hasSize(1));
        assertThat(rows("SELECT status, last_error FROM enrichment_task WHERE task = 'call-details'").get(0).toString(),
                containsString("GAVE_UP, a group call"));
        JsonNode task = salesforce.record("Task", NO_PARTICIPANTS);
        assertThat(task.path("Subject").asText(), equalTo("Inbound call from an unknown number (missed)"));
    }

    @Test
    void anUnansweredCallGetsItsVoicemailFromQuo() {
        awaitDirectory();
        String missed = "ACmissedWithVoicemail";
        quo.call(restCall(missed));
        quo.voicemail(missed, "https://files.quo.example/voicemails/vm1.mp3", 21,
                "Hi, it's Dana from unit 4B, the heater is leaking again. Please call back.");
        ObjectNode event = CallEvents.forCall("legacy-v4/call.completed.empty-participants.json", missed, "EVmissedVm");
        ((com.fasterxml.jackson.databind.node.ArrayNode) event.at("/data/object/participants"))
                .add("+14155550177").add(OUR_NUMBER);
        assertThat(postEvent(event).statusCode(), equalTo(202));
        awaitEnriched(1);
        JsonNode task = salesforce.record("Task", missed);
        assertThat(task.path("CallDisposition").asText(), equalTo("voicemail"));
        assertThat(task.path("Description").asText(), containsString(
                "Voicemail: https://files.quo.example/voicemails/vm1.mp3\nHi, it's Dana from unit 4B"));
        assertThat(quo.served("/v1/call-voicemails/" + missed), hasSize(1));
        assertThat("participants were there: no details fetched", quo.served("/v1/calls/" + missed), empty());
        assertThat(quo.violations(), empty());
    }

    @Test
    void aMissedCallWithoutVoicemailIsAskedForAFewTimesThenLeftAlone() throws Exception {
        awaitDirectory();
        String missed = "ACmissedNoVoicemail";
        ObjectNode event = CallEvents.forCall("legacy-v4/call.completed.empty-participants.json", missed, "EVmissedNoVm");
        ((com.fasterxml.jackson.databind.node.ArrayNode) event.at("/data/object/participants"))
                .add("+14155550177").add(OUR_NUMBER);
        assertThat(postEvent(event).statusCode(), equalTo(202));
        Awaitility.await().atMost(30, TimeUnit.SECONDS).until(() ->
                count("SELECT COUNT(*) FROM enrichment_task WHERE status <> 'PENDING'") == 1);
        Thread.sleep(1_000);
        assertThat(quo.served("/v1/call-voicemails/" + missed), hasSize(3));
        JsonNode task = salesforce.record("Task", missed);
        assertThat(task.path("CallDisposition").asText(), equalTo("missed"));
    }

    @Test
    void theWorkspaceDirectoryNamesUsersInTranscriptsAndMakesThemTheTaskOwner() {
        awaitDirectory();
        String ownerId = salesforce.addUser(USER_EMAIL);
        for (String fixture : List.of("legacy-v4/call.completed.answered-incoming.json",
                "legacy-v4/call.transcript.completed.json")) {
            assertThat(postLegacy(Fixtures.text(fixture)).statusCode(), equalTo(202));
        }
        awaitQuiet();
        JsonNode task = salesforce.record("Task", "AC9d2c3b4a5f6e7d8c9b0a1f2e3d4c5b6a");
        assertThat(task.path("OwnerId").asText(), equalTo(ownerId));
        assertThat(task.path("Description").asText(), containsString("Quo user: Omar Haddad"));
        assertThat(task.path("Description").asText(), containsString("\nOmar Haddad: Good afternoon"));
        assertThat(task.path("Description").asText(), not(containsString("+15125550100: Good afternoon")));
        assertThat(salesforce.queries().stream().filter(q -> q.contains("FROM User")).toList(), hasSize(1));
        assertThat(quo.violations(), empty());
        assertThat(task.get("WhoId"), nullValue());
    }
}
