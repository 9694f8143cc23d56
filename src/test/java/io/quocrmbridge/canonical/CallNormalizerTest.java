package io.quocrmbridge.canonical;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quocrmbridge.canonical.CanonicalCall.Recording;
import io.quocrmbridge.canonical.CanonicalCall.TranscriptLine;
import io.quocrmbridge.canonical.CanonicalCall.Voicemail;
import io.quocrmbridge.support.Fixtures;
import io.quocrmbridge.support.QuoEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Calls: legacy v3 ({@code from/to/media/voicemail}), legacy v4, summary/transcript objects and the beta plane. */
class CallNormalizerTest {

    private static final String V3_MISSED = "legacy-v3/call.completed.missed-voicemail.json";
    private static final String LONG_TRANSCRIPT = "legacy-v4/call.transcript.completed.long-unicode.json";

    private static CanonicalCall call(String fixture) {
        return QuoEvents.normalize(fixture).call();
    }

    private static CanonicalCall call(JsonNode webhookBody) {
        return QuoEvents.normalize(webhookBody).call();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "beta/call.ringing.json,                            ringing,    AC1b4a5f6e7d8c9b0a1f2e3d4c5b6a7f8e",
        "beta/call.answered.json,                           answered,   AC1b4a5f6e7d8c9b0a1f2e3d4c5b6a7f8e",
        "beta/call.completed.json,                          completed,  AC1b4a5f6e7d8c9b0a1f2e3d4c5b6a7f8e",
        "beta/call.missed.json,                             missed,     AC2c5b6a7f8e9d0c1b2a3f4e5d6c7b8a9f",
        "beta/call.recording.completed.json,                recording,  AC1b4a5f6e7d8c9b0a1f2e3d4c5b6a7f8e",
        "beta/call.summary.completed.json,                  summary,    AC1b4a5f6e7d8c9b0a1f2e3d4c5b6a7f8e",
        "beta/call.transcript.completed.json,               transcript, AC1b4a5f6e7d8c9b0a1f2e3d4c5b6a7f8e",
        "legacy-v3/call.ringing.json,                       ringing,    AC5f8e9d0c1b2a3f4e5d6c7b8a9f0e1d2c",
        "legacy-v3/call.completed.answered-outgoing.json,   completed,  AC4e7d8c9b0a1f2e3d4c5b6a7f8e9d0c1b",
        "legacy-v3/call.completed.missed-voicemail.json,    completed,  AC5f8e9d0c1b2a3f4e5d6c7b8a9f0e1d2c",
        "legacy-v3/call.recording.completed.json,           recording,  AC4e7d8c9b0a1f2e3d4c5b6a7f8e9d0c1b",
        "legacy-v3/callSummary.json,                        summary,    AC4e7d8c9b0a1f2e3d4c5b6a7f8e9d0c1b",
        "legacy-v3/callTranscript.json,                     transcript, AC4e7d8c9b0a1f2e3d4c5b6a7f8e9d0c1b",
        "legacy-v4/call.ringing.json,                       ringing,    AC9d2c3b4a5f6e7d8c9b0a1f2e3d4c5b6a",
        "legacy-v4/call.completed.missed.json,              completed,  AC3e6d7c8b9a0f1e2d3c4b5a6f7e8d9c0b",
        "legacy-v4/call.completed.voicemail.json,           completed,  AC4f7e8d9c0b1a2f3e4d5c6b7a8f9e0d1c",
        "legacy-v4/call.completed.answered-incoming.json,   completed,  AC9d2c3b4a5f6e7d8c9b0a1f2e3d4c5b6a",
        "legacy-v4/call.completed.empty-participants.json,  completed,  ACa0e3d4c5b6a7f8e9d0c1b2a3f4e5d6c7",
        "legacy-v4/call.completed.ai-handled.json,          completed,  ACb1f4e5d6c7b8a9f0e1d2c3b4a5f6e7d8",
        "legacy-v4/call.completed.forwarded.json,           completed,  ACc2a5f6e7d8c9b0a1f2e3d4c5b6a7f8e9",
        "legacy-v4/call.recording.completed.json,           recording,  AC9d2c3b4a5f6e7d8c9b0a1f2e3d4c5b6a",
        "legacy-v4/call.summary.completed.json,             summary,    AC9d2c3b4a5f6e7d8c9b0a1f2e3d4c5b6a",
        "legacy-v4/callSummary.json,                        summary,    ACb1f4e5d6c7b8a9f0e1d2c3b4a5f6e7d8",
        "legacy-v4/call.transcript.completed.json,          transcript, AC9d2c3b4a5f6e7d8c9b0a1f2e3d4c5b6a",
        "legacy-v4/callTranscript.json,                     transcript, ACb1f4e5d6c7b8a9f0e1d2c3b4a5f6e7d8",
        "legacy-v4/call.transcript.completed.long-unicode.json, transcript, ACf5d8c9b0a1f2e3d4c5b6a7f8e9d0c1b2",
    })
    void eachCallEventTypeReportsItsStageForItsCall(String fixture, String stage, String callId) {
        CanonicalCall call = call(fixture);

        assertThat(call.stage(), equalTo(stage));
        assertThat(call.callId(), equalTo(callId));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "legacy-v3/call.completed.answered-outgoing.json, outbound",
        "legacy-v3/call.completed.missed-voicemail.json,  inbound",
        "legacy-v3/call.ringing.json,                     inbound",
        "legacy-v4/call.completed.answered-incoming.json, inbound",
        "legacy-v4/call.ringing.json,                     inbound",
        "legacy-v4/call.completed.missed.json,            inbound",
        "legacy-v4/call.completed.voicemail.json,         inbound",
        "legacy-v3/callSummary.json,                      ",
        "legacy-v3/callTranscript.json,                   ",
        "beta/call.completed.json,                        inbound",
        "beta/call.missed.json,                           inbound",
        "legacy-v4/callSummary.json,                      ",
        "beta/call.transcript.completed.json,             ",
    })
    void quoDirectionsBecomeCrmDirections(String fixture, String direction) {
        assertThat(call(fixture).direction(), equalTo(direction));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"incoming, inbound", "outgoing, outbound", "INCOMING, inbound", "inbound, inbound",
        "outbound, outbound", "sideways, ", ", "})
    void directionMapping(String quo, String crm) {
        assertThat(CallNormalizer.direction(quo), equalTo(crm));
    }

    // ---- legacy v3 ----

    @Test
    void legacyV3AnsweredOutgoingCallCarriesFromToAndTimes() {
        CanonicalCall call = call("legacy-v3/call.completed.answered-outgoing.json");

        assertThat(call.fromNumber(), equalTo("+15125550100"));
        assertThat(call.toNumber(), equalTo("+15125550163"));
        assertThat(call.status(), equalTo("completed"));
        assertThat(call.createdAt(), equalTo("2026-03-02T17:15:02.118Z"));
        assertThat(call.answeredAt(), equalTo("2026-03-02T17:15:09.000Z"));
        assertThat(call.completedAt(), equalTo("2026-03-02T17:21:47.000Z"));
        assertThat(call.userId(), equalTo("USk2Lm9QpR"));
        assertThat(call.phoneNumberId(), equalTo("PNtoDbDhuz"));
        assertThat(call.conversationId(), equalTo("CN7b6a5f4e3d2c41b0a9f8e7d6c5b4a3f2"));
        assertThat(call.durationSeconds(), nullValue());
        assertThat(call.participants(), empty());
        assertThat(call.recordings(), empty());
        assertThat(call.voicemail(), nullValue());
        assertThat(call.contactLookup(), nullValue());
        assertThat(call.participantsResolution(), nullValue());
    }

    @Test
    void legacyV3MissedCallVoicemailComesFromTheVoicemailObject() {
        CanonicalCall call = call(V3_MISSED);

        assertThat(call.voicemail(), equalTo(new Voicemail(
                "https://files.quo.example/voicemails/15ad4740be6048e4a80efb268d347482.mp3", 23, null, "audio/mpeg")));
        assertThat(call.answeredAt(), nullValue());
        assertThat(call.fromNumber(), equalTo("+15125550177"));
        assertThat(call.recordings(), empty());
    }

    /** v3 reports a missed call as status "completed" with answeredAt null, or with a no-answer/missed status. */
    @ParameterizedTest(name = "status {0}")
    @ValueSource(strings = {"completed", "no-answer", "missed"})
    void legacyV3UnansweredCallTakesItsVoicemailFromMedia(String status) {
        ObjectNode body = Fixtures.json(V3_MISSED);
        Fixtures.with(body, "/data/object/voicemail", null);
        Fixtures.with(body, "/data/object/status", status);
        Fixtures.with(body, "/data/object/media", List.of(Map.of(
                "url", "https://files.quo.example/voicemails/media-vm.mp3", "type", "audio/mpeg", "duration", 31)));

        CanonicalCall call = call(body);

        assertThat(call.voicemail(), equalTo(new Voicemail("https://files.quo.example/voicemails/media-vm.mp3", 31,
                null, "audio/mpeg")));
        assertThat(call.recordings(), empty());
    }

    @Test
    void legacyV3AnsweredCallMediaIsNeverTakenForAVoicemail() {
        ObjectNode body = Fixtures.with(Fixtures.json("legacy-v3/call.completed.answered-outgoing.json"),
                "/data/object/media", List.of(Map.of(
                        "url", "https://files.quo.example/recordings/early.mp3", "type", "audio/mpeg", "duration", 398)));

        assertThat(call(body).voicemail(), nullValue());
    }

    @Test
    void legacyV3RingingCallWithoutVoicemailOrMediaHasNeither() {
        CanonicalCall call = call("legacy-v3/call.ringing.json");

        assertThat(call.status(), equalTo("ringing"));
        assertThat(call.completedAt(), nullValue());
        assertThat(call.voicemail(), nullValue());
        assertThat(call.recordings(), empty());
    }

    @Test
    void legacyV3CallSummaryCarriesEveryLineAndNextStep() {
        CanonicalCall call = call("legacy-v3/callSummary.json");

        assertThat(call.callId(), equalTo("AC4e7d8c9b0a1f2e3d4c5b6a7f8e9d0c1b"));
        assertThat(call.summary(), contains("Followed up with Brightwater Dental on the chiller replacement quote.",
                "Office manager wants removal of the old unit included in the price."));
        assertThat(call.nextSteps(), contains("Send a revised quote including removal by Friday."));
        assertThat(call.fromNumber(), nullValue());
        assertThat(call.aiHandled(), nullValue());
    }

    @Test
    void legacyV3CallTranscriptKeepsEachSpeakerTheirTimingAndTheCallsDuration() {
        CanonicalCall call = call("legacy-v3/callTranscript.json");

        assertThat(call.callId(), equalTo("AC4e7d8c9b0a1f2e3d4c5b6a7f8e9d0c1b"));
        assertThat(call.stage(), equalTo("transcript"));
        assertThat(call.transcriptStatus(), equalTo("completed"));
        assertThat(call.durationSeconds(), equalTo(398));
        assertThat(call.createdAt(), equalTo("2026-03-02T17:22:40.502Z"));
        assertThat(call.transcript(), contains(
                new TranscriptLine(null, "+15125550163", "Brightwater Dental, this is Kim.", 0.61, 2.3),
                new TranscriptLine("USk2Lm9QpR", "+15125550100",
                        "Hi Kim, it's Omar from Lakeside Mechanical, calling about the chiller quote.", 2.84, 7.02),
                new TranscriptLine(null, "+15125550163",
                        "Great timing. Can the price include hauling the old unit away?", 7.5, 11.27)));
        assertThat(call.contactIds(), empty());
        assertThat(call.summary(), nullValue());
    }

    @Test
    void legacyV3RecordingComesFromMedia() {
        CanonicalCall call = call("legacy-v3/call.recording.completed.json");

        assertThat(call.recordings(), contains(new Recording(null,
                "https://files.quo.example/recordings/a5f839bc72a24b33a7fc032f78777146.mp3", 398, "audio/mpeg", null,
                null)));
        assertThat(call.voicemail(), nullValue());
    }

    // ---- legacy v4 ----

    @Test
    void legacyV4AnsweredIncomingCallCarriesParticipantsContactsAndRouting() {
        CanonicalCall call = call("legacy-v4/call.completed.answered-incoming.json");

        assertThat(call.participants(), contains("+13125550123", "+15125550100"));
        assertThat(call.contactIds(), contains("CT66f1a2b3c4d5e6f7a8b9c0d1"));
        assertThat(call.status(), equalTo("completed"));
        assertThat(call.durationSeconds(), equalTo(352));
        assertThat(call.answeredAt(), equalTo("2026-03-10T14:26:14.000Z"));
        assertThat(call.answeredBy(), equalTo("USk2Lm9QpR"));
        assertThat(call.initiatedBy(), nullValue());
        assertThat(call.callRoute(), equalTo("phone-menu"));
        assertThat(call.aiHandled(), nullValue());
        assertThat(call.forwardedFrom(), nullValue());
        assertThat(call.forwardedTo(), nullValue());
        assertThat(call.fromNumber(), nullValue());
        assertThat(call.toNumber(), nullValue());
        assertThat(call.workspaceNumbers(), empty());
        assertThat(call.externalNumbers(), empty());
        assertThat(call.contactLookup(), nullValue());
        assertThat(call.recordings(), empty());
    }

    @Test
    void legacyV4CallWithEmptyParticipantsIsStillACall() {
        CanonicalCall call = call("legacy-v4/call.completed.empty-participants.json");

        assertThat(call.participants(), empty());
        assertThat(call.contactIds(), empty());
        assertThat(call.status(), equalTo("no-answer"));
        assertThat(call.durationSeconds(), equalTo(0));
        assertThat(call.voicemail(), nullValue());
    }

    @Test
    void legacyV4RingingCallHasItsParticipantsButNoAnswerEndOrDurationYet() {
        CanonicalCall call = call("legacy-v4/call.ringing.json");

        assertThat(call.status(), equalTo("ringing"));
        assertThat(call.direction(), equalTo("inbound"));
        assertThat(call.createdAt(), equalTo("2026-03-10T14:26:02.000Z"));
        assertThat(call.answeredAt(), nullValue());
        assertThat(call.answeredBy(), nullValue());
        assertThat(call.completedAt(), nullValue());
        assertThat(call.durationSeconds(), equalTo(0));
        assertThat(call.participants(), contains("+13125550123", "+15125550100"));
        assertThat(call.contactIds(), contains("CT66f1a2b3c4d5e6f7a8b9c0d1"));
        assertThat(call.userId(), equalTo("USk2Lm9QpR"));
        assertThat(call.phoneNumberId(), equalTo("PNtoDbDhuz"));
        assertThat(call.voicemail(), nullValue());
        assertThat(call.recordings(), empty());
    }

    @Test
    void legacyV4MissedCallIsUnansweredEndedAndNamesTheCaller() {
        CanonicalCall call = call("legacy-v4/call.completed.missed.json");

        assertThat(call.status(), equalTo("missed"));
        assertThat(call.direction(), equalTo("inbound"));
        assertThat(call.createdAt(), equalTo("2026-03-11T08:12:04.000Z"));
        assertThat(call.answeredAt(), nullValue());
        assertThat(call.answeredBy(), nullValue());
        assertThat(call.completedAt(), equalTo("2026-03-11T08:12:30.000Z"));
        assertThat(call.durationSeconds(), equalTo(0));
        assertThat(call.participants(), contains("+17735550188", "+15125550100"));
        assertThat(call.contactIds(), empty());
        assertThat(call.voicemail(), nullValue());
        assertThat(call.recordings(), empty());
    }

    @Test
    void legacyV4VoicemailCallCarriesTheVoicemailNotARecording() {
        CanonicalCall call = call("legacy-v4/call.completed.voicemail.json");

        assertThat(call.status(), equalTo("no-answer"));
        assertThat(call.direction(), equalTo("inbound"));
        assertThat(call.answeredAt(), nullValue());
        assertThat(call.completedAt(), equalTo("2026-03-11T19:47:56.000Z"));
        assertThat(call.durationSeconds(), equalTo(47));
        assertThat(call.participants(), contains("+17085550161", "+15125550100"));
        assertThat(call.voicemail(), equalTo(new Voicemail(
                "https://files.quo.example/voicemails/7c2e9a4f1b8d4e63a5c0f9e2d7b1a846.mp3", 29, null, "audio/mpeg")));
        assertThat(call.recordings(), empty());
    }

    @Test
    void legacyV4AiHandledCallSaysSo() {
        assertThat(call("legacy-v4/call.completed.ai-handled.json").aiHandled(), equalTo("ai-agent"));
    }

    @Test
    void legacyV4ForwardedCallCarriesWhereItWent() {
        CanonicalCall call = call("legacy-v4/call.completed.forwarded.json");

        assertThat(call.status(), equalTo("forwarded"));
        assertThat(call.forwardedFrom(), equalTo("USu5AsEHuQ"));
        assertThat(call.forwardedTo(), equalTo("+12025550173"));
    }

    @Test
    void legacyV4RecordingsComeFromTheRecordingsArray() {
        CanonicalCall call = call("legacy-v4/call.recording.completed.json");

        assertThat(call.recordings(), contains(
                new Recording("CRa1B2c3D4e5", "https://files.quo.example/recordings/0d3b1e9f7c5a4e2b8d6f0a9c7e5b3d1f.mp3",
                        340, "audio/mpeg", "completed", "2026-03-10T14:26:14.000Z"),
                new Recording("CRf6G7h8I9j0", "https://files.quo.example/recordings/8e6c4a2f0d9b7e5c3a1f8d6b4e2c0a9f.mp3",
                        12, "audio/mpeg", "completed", "2026-03-10T14:31:54.000Z")));
        assertThat(call.voicemail(), nullValue());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "legacy-v4/call.summary.completed.json | Caller wants quarterly maintenance for three rooftop HVAC units. | 2 | CT66f1a2b3c4d5e6f7a8b9c0d1",
        "legacy-v4/callSummary.json            | After-hours caller asked about emergency drain cleaning rates.   | 1 | ",
        "legacy-v3/callSummary.json            | Followed up with Brightwater Dental on the chiller replacement quote. | 1 | ",
    })
    void legacySummaryIsReadInBothSpellings(String fixture, String firstLine, int nextSteps, String contactId) {
        CanonicalCall call = call(fixture);

        assertThat(call.summaryStatus(), equalTo("completed"));
        assertThat(call.summary().get(0), equalTo(firstLine));
        assertThat(call.nextSteps().size(), equalTo(nextSteps));
        assertThat(call.contactIds(), equalTo(contactId == null ? List.of() : List.of(contactId)));
        assertThat(call.durationSeconds(), nullValue());
        assertThat(call.transcript(), nullValue());
        assertThat(call.transcriptStatus(), nullValue());
    }

    /**
     * A legacy summary or transcript object's {@code status} is its own processing status (completed, in-progress,
     * failed...), as the beta plane's {@code processingStatus} is: never the call's status.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"legacy-v4/call.summary.completed.json", "legacy-v4/callSummary.json",
        "legacy-v3/callSummary.json", "legacy-v4/call.transcript.completed.json", "legacy-v4/callTranscript.json",
        "legacy-v3/callTranscript.json"})
    void legacySummaryAndTranscriptStatusIsTheirProcessingStatusNotTheCallsStatus(String fixture) {
        CanonicalCall call = call(fixture);

        assertThat(call.status(), nullValue());
        assertThat(call.stage().equals("summary") ? call.summaryStatus() : call.transcriptStatus(),
                equalTo("completed"));
    }

    @Test
    void legacyTranscriptLinesKeepTheirSpeakerAndTiming() {
        CanonicalCall call = call("legacy-v4/call.transcript.completed.json");

        assertThat(call.transcriptStatus(), equalTo("completed"));
        assertThat(call.durationSeconds(), equalTo(352));
        assertThat(call.transcript(), contains(
                new TranscriptLine("USk2Lm9QpR", "+15125550100", "Good afternoon, Lakeside Mechanical, Omar speaking.",
                        0.48, 3.912),
                new TranscriptLine(null, "+13125550123",
                        "Hi Omar, we have three rooftop units that need a maintenance plan.", 4.105, 8.77)));
        assertThat(call.summary(), nullValue());
    }

    @Test
    void callTranscriptSpellingLineWithNeitherUserNorIdentifierIsKept() {
        CanonicalCall call = call("legacy-v4/callTranscript.json");

        assertThat(call.transcript().size(), equalTo(2));
        assertThat(call.transcript().get(0), equalTo(new TranscriptLine(null, null,
                "Thanks for calling, I'm the virtual assistant. How can I help?", 0.2, 3.1)));
        assertThat(call.transcript().get(1).identifier(), equalTo("+17185550142"));
    }

    @Test
    void longUnicodeTranscriptIsPreservedExactly() throws Exception {
        assertThat(Fixtures.text(LONG_TRANSCRIPT).getBytes(StandardCharsets.UTF_8).length, greaterThan(50 * 1024));

        CanonicalCall call = call(LONG_TRANSCRIPT);

        List<TranscriptLine> lines = call.transcript();
        assertThat(lines.size(), equalTo(198));
        assertThat(call.durationSeconds(), equalTo(976));
        // pinned by src/test/fixture-tools/long-transcript.py when it wrote the fixture
        String joined = String.join("\n", lines.stream().map(TranscriptLine::content).toList());
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(joined.getBytes(StandardCharsets.UTF_8));
        assertThat(HexFormat.of().formatHex(digest),
                equalTo("c8404d0d8af3ebd9e6b543337452f2d112f1ac166c2ac52c255fd721fb7df6ff"));
        assertThat(lines.get(4).content(), equalTo(
                "[0004] Combining marks: e\u0301 a\u0300 n\u0303 o\u0308 \u2014 not precomposed, keep them as sent."));
        assertThat(lines.get(5).content(), equalTo("[0005] 東京の事務所から電話しています。見積もりは来週までに送ります。"));
        assertThat(lines.get(9).content(), equalTo("[0009] Emoji check \uD83D\uDE42\uD83D\uDEB0\uD83D\uDD27 thumbs "
                + "\uD83D\uDC4D\uD83C\uDFFD plumber \uD83D\uDC68\u200D\uD83D\uDD27 flag \uD83C\uDDFA\uD83C\uDDF8 and a "
                + "math letter \uD835\uDD38."));
        assertThat(lines.get(10).content(), equalTo(
                "[0010] Quotes \"like this\", a backslash C:\\temp\\leak.jpg, a tab\there and a line\nbreak."));
        assertThat(lines.get(1), equalTo(new TranscriptLine(null, "+13125550123",
                "[0001] Sí, señora Muñoz, el técnico llegará mañana a las 9 — ¿le parece bien?", 2.75, 5.981)));
        assertThat(lines.get(14).content(), equalTo("[0014]   \u2026um, hold on \u2014 let me grab a pen.  "));
        assertThat(lines.get(197).content(), equalTo("[0197] " + lines.get(197 % 15).content().substring(7)));
    }

    // ---- beta plane ----

    @ParameterizedTest
    @ValueSource(strings = {"beta/call.ringing.json", "beta/call.answered.json", "beta/call.completed.json",
        "beta/call.recording.completed.json", "beta/call.summary.completed.json", "beta/call.transcript.completed.json"})
    void betaCallEventsCarryTheirContext(String fixture) {
        CanonicalCall call = call(fixture);

        assertThat(call.workspaceNumbers(), contains("+15125550100"));
        assertThat(call.externalNumbers(), contains("+15125550147"));
        assertThat(call.participantsResolution(), equalTo("available"));
        assertThat(call.contactIds(), contains("CT7f3e2d1c0b9a8f7e6d5c4b3a2"));
        assertThat(call.contactLookup(), equalTo("matched"));
        assertThat(call.phoneNumberId(), equalTo("PNtoDbDhuz"));
        assertThat(call.conversationId(), equalTo("CN5f4e3d2c1b0a49f8e7d6c5b4a3f2e1d0"));
        assertThat(call.userId(), equalTo("USu5AsEHuQ"));
        assertThat(call.deepLink(), equalTo("https://my.quo.com/inbox/PNtoDbDhuz/c/CN5f4e3d2c1b0a49f8e7d6c5b4a3f2e1d0"));
    }

    @Test
    void betaUnavailableLookupAndResolutionAreCarriedThroughAsUnknownNotEmpty() {
        CanonicalCall call = call("beta/call.missed.json");

        assertThat(call.contactLookup(), equalTo("unavailable"));
        assertThat(call.participantsResolution(), equalTo("unavailable"));
        assertThat(call.contactIds(), empty());
        assertThat(call.workspaceNumbers(), empty());
        assertThat(call.externalNumbers(), empty());
        assertThat(call.phoneNumberId(), nullValue());
        assertThat(call.conversationId(), nullValue());
        assertThat(call.status(), equalTo("missed"));
        assertThat(call.deepLink(), nullValue());
    }

    @Test
    void betaCompletedCallCarriesDurationAndTimes() {
        CanonicalCall call = call("beta/call.completed.json");

        assertThat(call.status(), equalTo("completed"));
        assertThat(call.durationSeconds(), equalTo(184));
        assertThat(call.createdAt(), equalTo("2026-04-13T15:01:05.000Z"));
        assertThat(call.answeredAt(), equalTo("2026-04-13T15:01:09.000Z"));
        assertThat(call.completedAt(), equalTo("2026-04-13T15:04:11.000Z"));
        assertThat(call.participants(), empty());
    }

    @Test
    void betaRecordingIsKeyedByItsCallIdAndKeepsTheRecordingId() {
        CanonicalCall call = call("beta/call.recording.completed.json");

        assertThat(call.recordings(), contains(new Recording("CRwRVK2qBq",
                "https://files.quo.example/recordings/a643d4d3e1484fcc8b721627284eda5e.mp3", 182, "audio/mpeg",
                "completed", "2026-04-13T15:01:09.000Z")));
    }

    @Test
    void betaSummaryCarriesProcessingStatusLinesCallerAndAiFlag() {
        CanonicalCall call = call("beta/call.summary.completed.json");

        assertThat(call.summaryStatus(), equalTo("completed"));
        assertThat(call.summary(), contains("Caller reported a leaking water heater in the garage.",
                "Agreed on a Thursday 2pm appointment."));
        assertThat(call.nextSteps(), contains("Send appointment confirmation by text.",
                "Bring a 50-gallon replacement tank."));
        assertThat(call.fromNumber(), equalTo("+15125550147"));
        assertThat(call.aiHandled(), equalTo("ai-agent"));
        assertThat(call.status(), nullValue());
        assertThat(call.durationSeconds(), nullValue());
    }

    @Test
    void betaSummaryNotHandledByAnAiAgentHasNoAiFlag() {
        ObjectNode body = Fixtures.with(Fixtures.json("beta/call.summary.completed.json"),
                "/data/resource/handledByAiAgent", false);

        assertThat(call(body).aiHandled(), nullValue());
    }

    @Test
    void betaSummaryStillProcessingHasNoLinesRatherThanEmptyOnes() {
        ObjectNode body = Fixtures.json("beta/call.summary.completed.json");
        Fixtures.with(body, "/data/resource/processingStatus", "in-progress");
        Fixtures.with(body, "/data/resource/summary", null);
        Fixtures.with(body, "/data/resource/nextSteps", null);

        CanonicalCall call = call(body);

        assertThat(call.summaryStatus(), equalTo("in-progress"));
        assertThat(call.summary(), nullValue());
        assertThat(call.nextSteps(), nullValue());
    }

    @Test
    void betaTranscriptTellsUsersFromExternalSpeakers() {
        CanonicalCall call = call("beta/call.transcript.completed.json");

        assertThat(call.transcriptStatus(), equalTo("completed"));
        assertThat(call.durationSeconds(), equalTo(184));
        assertThat(call.transcript(), contains(
                new TranscriptLine("USu5AsEHuQ", null, "Thanks for calling Acme Plumbing, this is Priya.", 0.0, 3.2),
                new TranscriptLine(null, "+15125550147", "Hi Priya, my water heater is leaking in the garage.", 3.2,
                        7.85),
                new TranscriptLine("USu5AsEHuQ", "+15125550100", "Sorry to hear that. Does Thursday at 2pm work?",
                        7.85, 11.4)));
    }

    @Test
    void betaTranscriptWithoutDialogueYetHasNoLines() {
        ObjectNode body = Fixtures.json("beta/call.transcript.completed.json");
        Fixtures.with(body, "/data/resource/processingStatus", "absent");
        Fixtures.with(body, "/data/resource/dialogue", null);

        CanonicalCall call = call(body);

        assertThat(call.transcriptStatus(), equalTo("absent"));
        assertThat(call.transcript(), nullValue());
    }

    @Test
    void aCallIsNeverBothSummaryAndTranscript() {
        CanonicalCall summary = call("beta/call.summary.completed.json");
        CanonicalCall transcript = call("beta/call.transcript.completed.json");

        assertThat(summary.transcript(), nullValue());
        assertThat(transcript.summary(), nullValue());
        assertThat(summary.callId(), equalTo(transcript.callId()));
        assertThat(summary.stage().equals(transcript.stage()), is(false));
    }
}
