package io.quocrmbridge.activity;

import io.quocrmbridge.canonical.Directory;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quocrmbridge.canonical.CanonicalEvent;
import io.quocrmbridge.json.Json;
import io.quocrmbridge.support.Fixtures;
import io.quocrmbridge.support.Permutations;
import io.quocrmbridge.support.QuoEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One call's events merge into one activity, the same whatever order and however often they arrive. */
class CallMergerTest {

    private static final CallMerger MERGER = new CallMerger(ZoneId.of("UTC"));

    /** One answered incoming call, legacy v4: completed, recording, summary, transcript. */
    static final List<String> V4_CALL = List.of("legacy-v4/call.completed.answered-incoming.json",
            "legacy-v4/call.recording.completed.json", "legacy-v4/call.summary.completed.json",
            "legacy-v4/call.transcript.completed.json");

    /** One call on the beta plane, through all its stages. */
    static final List<String> BETA_CALL = List.of("beta/call.ringing.json", "beta/call.answered.json",
            "beta/call.completed.json", "beta/call.recording.completed.json", "beta/call.summary.completed.json",
            "beta/call.transcript.completed.json");

    private static List<CanonicalEvent> events(List<String> fixtures) {
        List<CanonicalEvent> events = new ArrayList<>();
        fixtures.forEach(f -> events.add(QuoEvents.normalize(f)));
        return events;
    }

    private static String json(CallActivity activity) {
        return Json.write(activity);
    }

    @Test
    void everyOrderOfACallsFourEventsWithDuplicatesMergesToTheSameActivity() {
        List<CanonicalEvent> events = events(V4_CALL);
        String expected = json(MERGER.merge(events, Directory.EMPTY));
        List<List<CanonicalEvent>> orders = Permutations.of(events);
        assertThat(orders, hasSize(24));
        for (List<CanonicalEvent> order : orders) {
            // as the bridge sees them: one more event at a time, each delivered twice
            List<CanonicalEvent> seen = new ArrayList<>();
            String merged = null;
            for (CanonicalEvent event : order) {
                seen.add(event);
                seen.add(event);
                merged = json(MERGER.merge(seen, Directory.EMPTY));
            }
            assertThat("order " + order.stream().map(CanonicalEvent::quoType).toList(), merged, equalTo(expected));
        }
    }

    @Test
    void theMergedCallIsTheUnionOfWhatEachEventSaid() {
        CallActivity call = MERGER.merge(events(V4_CALL), Directory.EMPTY);
        assertThat(call.callId(), equalTo("AC9d2c3b4a5f6e7d8c9b0a1f2e3d4c5b6a"));
        assertThat(call.direction(), equalTo("inbound"));
        assertThat(call.outcome(), equalTo("answered"));
        assertThat(call.status(), equalTo("completed"));
        assertThat(call.durationSeconds(), equalTo(352));
        assertThat(call.localDate(), equalTo("2026-03-10"));
        // v4 lists the caller first on an incoming call
        assertThat(call.theirNumber(), equalTo("+13125550123"));
        assertThat(call.ourNumber(), equalTo("+15125550100"));
        assertThat(call.contactIds(), contains("CT66f1a2b3c4d5e6f7a8b9c0d1"));
        assertThat(call.recordingUrl(), startsWith("https://"));
        assertThat(call.summary().isEmpty(), is(false));
        assertThat(call.nextSteps().isEmpty(), is(false));
        assertThat(call.transcript().isEmpty(), is(false));
        assertThat(call.quoTypes(), contains("call.completed", "call.recording.completed", "call.summary.completed",
                "call.transcript.completed"));
        assertThat(call.ended(), is(true));
    }

    @Test
    void everyOrderOfTheBetaCallsSixEventsMergesToTheSameActivity() {
        List<CanonicalEvent> events = events(BETA_CALL);
        String expected = json(MERGER.merge(events, Directory.EMPTY));
        List<List<CanonicalEvent>> orders = Permutations.of(events);
        assertThat(orders, hasSize(720));
        for (List<CanonicalEvent> order : orders) {
            assertThat(json(MERGER.merge(order, Directory.EMPTY)), equalTo(expected));
        }
        CallActivity call = MERGER.merge(events, Directory.EMPTY);
        assertThat(call.ourNumber(), equalTo("+15125550100"));
        assertThat(call.theirNumber(), equalTo("+15125550147"));
        assertThat(call.status(), equalTo("completed"));
        assertThat(call.durationSeconds(), equalTo(184));
        assertThat(call.deepLink(), startsWith("https://my.quo.com/"));
    }

    @Test
    void aCallThatOnlyRangIsNotEndedAndBecomesEndedWhenItCompletes() {
        CallActivity ringing = MERGER.merge(events(List.of("beta/call.ringing.json")), Directory.EMPTY);
        assertThat(ringing.outcome(), equalTo("in-progress"));
        assertThat(ringing.ended(), is(false));
        CallActivity completed = MERGER.merge(events(List.of("beta/call.ringing.json", "beta/call.completed.json")),
                Directory.EMPTY);
        assertThat(completed.ended(), is(true));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "legacy-v4/call.ringing.json,              in-progress, +13125550123",
        "legacy-v4/call.completed.missed.json,     missed,      +17735550188",
        "legacy-v4/call.completed.voicemail.json,  voicemail,   +17085550161",
    })
    void aLegacyV4CallAloneShowsTheOutcomeAndCallerACrmNeeds(String fixture, String outcome, String caller) {
        CallActivity call = MERGER.merge(events(List.of(fixture)), Directory.EMPTY);
        assertThat(call.outcome(), equalTo(outcome));
        assertThat(call.ended(), is(!"in-progress".equals(outcome)));
        assertThat(call.direction(), equalTo("inbound"));
        assertThat(call.theirNumber(), equalTo(caller));
        assertThat(call.ourNumber(), equalTo("+15125550100"));
    }

    @Test
    void aLegacyV4RingingCallMergedWithItsCompletionIsTheAnsweredCall() {
        CallActivity call = MERGER.merge(events(List.of("legacy-v4/call.ringing.json",
                "legacy-v4/call.completed.answered-incoming.json")), Directory.EMPTY);
        assertThat(call.outcome(), equalTo("answered"));
        assertThat(call.durationSeconds(), equalTo(352));
        assertThat(call.completedAt(), equalTo("2026-03-10T14:32:06.000Z"));
        assertThat(call.quoTypes(), contains("call.completed", "call.ringing"));
    }

    @Test
    void aLegacyV3CallsSummaryAndTranscriptMergeIntoItsActivity() {
        CallActivity call = MERGER.merge(events(List.of("legacy-v3/call.completed.answered-outgoing.json",
                "legacy-v3/callTranscript.json", "legacy-v3/callSummary.json")), Directory.EMPTY);
        assertThat(call.outcome(), equalTo("answered"));
        assertThat(call.direction(), equalTo("outbound"));
        assertThat(call.theirNumber(), equalTo("+15125550163"));
        assertThat(call.summary(), hasSize(2));
        assertThat(call.nextSteps(), contains("Send a revised quote including removal by Friday."));
        assertThat(call.transcript().stream().map(CallActivity.Line::speaker).toList(),
                contains("+15125550163", "+15125550100", "+15125550163"));
        assertThat(call.durationSeconds(), equalTo(398));
        assertThat(call.quoTypes(), contains("call.completed", "callSummary", "callTranscript"));
    }

    /** Whichever plane it came on, a summary or transcript alone says nothing of how the call went. */
    @ParameterizedTest(name = "{0} ({1})")
    @CsvSource({
        "legacy-v4/call.summary.completed.json,    completed",
        "legacy-v4/callSummary.json,               failed",
        "legacy-v3/callTranscript.json,            completed",
        "legacy-v4/call.transcript.completed.json, in-progress",
        "beta/call.summary.completed.json,         completed",
    })
    void aSummaryOrTranscriptAloneIsNotTakenForAMissedCall(String fixture, String processingStatus) {
        ObjectNode event = Fixtures.json(fixture);
        ObjectNode object = (ObjectNode) (event.at("/data/resource").isObject() ? event.at("/data/resource")
                : event.at("/data/object"));
        object.put(object.has("processingStatus") ? "processingStatus" : "status", processingStatus);
        CallActivity call = MERGER.merge(List.of(QuoEvents.normalize(event)), Directory.EMPTY);
        assertThat(call.status(), nullValue());
        assertThat(call.outcome(), equalTo("in-progress"));
        assertThat(call.ended(), is(false));
    }

    @Test
    void aLaterSummaryStillProcessingNeverHidesACompletedOne() {
        List<CanonicalEvent> events = events(V4_CALL);
        ObjectNode processing = Fixtures.json("legacy-v4/call.summary.completed.json");
        Fixtures.with(processing, "/id", "EVsummaryRedoneLater");
        Fixtures.with(processing, "/createdAt", "2026-03-10T18:00:00.000Z");
        Fixtures.with(processing, "/data/object/status", "in-progress");
        Fixtures.with(processing, "/data/object/summary", List.of("(being summarised again)"));
        events.add(QuoEvents.normalize(processing));
        CallActivity call = MERGER.merge(events, Directory.EMPTY);
        assertThat(call.summary(), not(contains("(being summarised again)")));
    }

    @Test
    void theWorkspaceDirectoryTellsOurNumberFromTheirsWhateverTheParticipantsOrder() {
        ObjectNode event = Fixtures.json("legacy-v4/call.completed.answered-incoming.json");
        // an outgoing call listed theirs-first: without the directory the order rule would swap them
        Fixtures.with(event, "/data/object/direction", "outgoing");
        CanonicalEvent outgoing = QuoEvents.normalize(event);
        Directory directory = new Directory(Set.of("+15125550100"), Map.of());
        CallActivity call = MERGER.merge(List.of(outgoing), directory);
        assertThat(call.ourNumber(), equalTo("+15125550100"));
        assertThat(call.theirNumber(), equalTo("+13125550123"));
    }

    @Test
    void legacyV3FromAndToFollowTheDirection() {
        CallActivity outgoing = MERGER.merge(events(List.of("legacy-v3/call.completed.answered-outgoing.json",
                "legacy-v3/call.recording.completed.json")), Directory.EMPTY);
        assertThat(outgoing.direction(), equalTo("outbound"));
        assertThat(outgoing.ourNumber(), equalTo("+15125550100"));
        assertThat(outgoing.theirNumber(), equalTo("+15125550163"));
        assertThat(outgoing.recordingUrl(), startsWith("https://"));
        CallActivity missed = MERGER.merge(events(List.of("legacy-v3/call.ringing.json",
                "legacy-v3/call.completed.missed-voicemail.json")), Directory.EMPTY);
        assertThat(missed.outcome(), equalTo("voicemail"));
        assertThat(missed.voicemail().url(), startsWith("https://"));
        assertThat(missed.theirNumber(), not(nullValue()));
    }

    @Test
    void aCallWithoutParticipantsHasNoNumbersRatherThanGuessedOnes() {
        CallActivity call = MERGER.merge(events(List.of("legacy-v4/call.completed.empty-participants.json")),
                Directory.EMPTY);
        assertThat(call.theirNumber(), nullValue());
        assertThat(call.participants(), hasSize(0));
        assertThat(call.outcome(), equalTo("missed"));
    }

    @Test
    void theCallSummaryAndCallTranscriptSpellingsMergeLikeTheDottedOnes() {
        CallActivity call = MERGER.merge(events(List.of("legacy-v4/call.completed.ai-handled.json",
                "legacy-v4/callSummary.json", "legacy-v4/callTranscript.json")), Directory.EMPTY);
        assertThat(call.outcome(), equalTo("ai-handled"));
        assertThat(call.summary().isEmpty(), is(false));
        assertThat(call.transcript().isEmpty(), is(false));
        assertThat(call.quoTypes(), contains("call.completed", "callSummary", "callTranscript"));
    }

    @Test
    void transcriptSpeakersAreNamedFromTheDirectoryElseByTheirNumber() {
        List<CanonicalEvent> events = events(V4_CALL);
        CallActivity anonymous = MERGER.merge(events, Directory.EMPTY);
        String userId = events.get(3).call().transcript().stream().filter(l -> l.userId() != null)
                .findFirst().orElseThrow().userId();
        Directory directory = new Directory(Set.of(), Map.of(userId,
                new Directory.User(userId, "avery@acme.example", "Avery Agent")));
        CallActivity named = MERGER.merge(events, directory);
        assertThat(anonymous.transcript().stream().map(CallActivity.Line::speaker).toList().contains("Avery Agent"),
                is(false));
        assertThat(named.transcript().stream().map(CallActivity.Line::speaker).toList().contains("Avery Agent"),
                is(true));
        assertThat(named.user().email(), equalTo("avery@acme.example"));
    }
}
