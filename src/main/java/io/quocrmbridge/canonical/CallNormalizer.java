package io.quocrmbridge.canonical;

import io.quocrmbridge.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Turns Quo's call events into {@link CanonicalCall}: legacy v3 ({@code from}/{@code to}/{@code media}/
 * {@code voicemail}), legacy v4 ({@code participants}/{@code recordings}/{@code contactIds}), the
 * {@code callSummary}/{@code callTranscript} objects, and the beta plane's {@code resource} + {@code context}.
 */
public final class CallNormalizer {

    /**
     * Normalises one call event.
     *
     * @param type    the envelope's type
     * @param object  legacy {@code data.object} or beta {@code data.resource}
     * @param context beta {@code data.context}, null on the legacy plane
     */
    public CanonicalCall normalize(String type, JsonNode object, JsonNode context, String deepLink) {
        if (object == null || !object.isObject()) {
            throw new NormalizationException(type + " event carries no call object");
        }
        String stage = stage(type);
        String callId = "summary".equals(stage) || "transcript".equals(stage)
                ? firstNonNull(Json.text(object, "callId"), Json.text(object, "id"))
                : firstNonNull(Json.text(object, "id"), Json.text(object, "callId"));
        if (callId == null) {
            throw new NormalizationException(type + " event has no call id");
        }

        List<String> participants = strings(object.get("participants"));
        List<String> workspace = List.of();
        List<String> external = List.of();
        String resolution = null;
        List<String> contactIds = strings(object.get("contactIds"));
        String lookup = null;
        String phoneNumberId = Json.text(object, "phoneNumberId");
        String userId = Json.text(object, "userId");
        String conversationId = Json.text(object, "conversationId");
        if (context != null) {
            JsonNode ctxParticipants = Json.obj(context, "participants");
            workspace = strings(ctxParticipants == null ? null : ctxParticipants.get("workspace"));
            external = strings(ctxParticipants == null ? null : ctxParticipants.get("external"));
            resolution = Json.text(ctxParticipants, "resolution");
            JsonNode contacts = Json.obj(context, "contacts");
            if (contacts != null) {
                contactIds = strings(contacts.get("ids"));
                lookup = Json.text(contacts, "lookupStatus");
            }
            phoneNumberId = firstNonNull(phoneNumberId, Json.text(context, "phoneNumberId"));
            userId = firstNonNull(userId, Json.text(context, "userId"));
            conversationId = firstNonNull(conversationId, Json.text(context, "conversationId"));
        }

        List<CanonicalCall.Recording> recordings = new ArrayList<>();
        for (JsonNode r : items(object.get("recordings"))) {
            recordings.add(recording(r));
        }
        if ("recording".equals(stage)) {
            // legacy v3 call.recording.completed carries the recording in media[]
            for (JsonNode m : items(object.get("media"))) {
                recordings.add(recording(m));
            }
        }
        CanonicalCall.Voicemail voicemail = voicemail(object.get("voicemail"));
        // v3 reports a missed call as status "completed" with answeredAt null: that is unanswered too
        boolean unanswered = isUnanswered(Json.text(object, "status"))
                || ("completed".equals(stage) && object.has("answeredAt") && Json.text(object, "answeredAt") == null);
        if (voicemail == null && !"recording".equals(stage) && unanswered) {
            // legacy v3 call.completed for an unanswered call puts the voicemail audio in media[]
            JsonNode media = object.get("media");
            if (media != null && media.isArray() && media.size() > 0) {
                voicemail = voicemail(media.get(0));
            }
        }

        String summaryStatus = null;
        List<String> summary = null;
        List<String> nextSteps = null;
        String transcriptStatus = null;
        List<CanonicalCall.TranscriptLine> transcript = null;
        if ("summary".equals(stage)) {
            summaryStatus = firstNonNull(Json.text(object, "processingStatus"), Json.text(object, "status"));
            summary = nullableStrings(object.get("summary"));
            nextSteps = nullableStrings(object.get("nextSteps"));
            userId = firstNonNull(userId, Json.text(object, "answeredByUserId"));
        } else if ("transcript".equals(stage)) {
            transcriptStatus = firstNonNull(Json.text(object, "processingStatus"), Json.text(object, "status"));
            JsonNode dialogue = object.get("dialogue");
            if (dialogue != null && dialogue.isArray()) {
                transcript = new ArrayList<>();
                for (JsonNode line : dialogue) {
                    transcript.add(new CanonicalCall.TranscriptLine(Json.text(line, "userId"),
                            Json.text(line, "identifier"), line.path("content").asText(""),
                            decimal(line.get("start")), decimal(line.get("end"))));
                }
            }
        }

        Long duration = Json.number(object, "duration");
        String handled = Json.text(object, "aiHandled");
        if (handled == null && Boolean.TRUE.equals(Json.bool(object, "handledByAiAgent"))) {
            handled = "ai-agent";
        }
        // a legacy summary or transcript object's status is its processing status (summaryStatus/transcriptStatus
        // above), not the call's: taken for the call's, a summary alone would make an answered call "missed"
        String status = "summary".equals(stage) || "transcript".equals(stage) ? null : Json.text(object, "status");
        return new CanonicalCall(callId, stage, direction(Json.text(object, "direction")), status,
                Json.text(object, "createdAt"), Json.text(object, "answeredAt"), Json.text(object, "completedAt"),
                "summary".equals(stage) ? null : duration == null ? null : duration.intValue(), participants, workspace,
                external, firstNonNull(Json.text(object, "from"), Json.text(object, "fromPhoneNumber")),
                firstString(object.get("to")), phoneNumberId, userId, Json.text(object, "answeredBy"),
                Json.text(object, "initiatedBy"), conversationId, contactIds, lookup, resolution, recordings,
                voicemail, summaryStatus, summary, nextSteps, transcriptStatus, transcript, handled,
                Json.text(object, "forwardedFrom"), Json.text(object, "forwardedTo"), Json.text(object, "callRoute"),
                deepLink);
    }

    /** What an event type reports about its call. */
    static String stage(String type) {
        String t = type == null ? "" : type.toLowerCase(Locale.ROOT);
        if (t.equals("callsummary") || t.startsWith("call.summary")) {
            return "summary";
        }
        if (t.equals("calltranscript") || t.startsWith("call.transcript")) {
            return "transcript";
        }
        if (t.startsWith("call.recording")) {
            return "recording";
        }
        if (t.startsWith("call.voicemail")) {
            return "voicemail";
        }
        return switch (t) {
            case "call.ringing" -> "ringing";
            case "call.answered" -> "answered";
            case "call.missed" -> "missed";
            case "call.completed" -> "completed";
            // the bridge's own event: a call's details fetched from Quo's API (GET /v1/calls/{id})
            case "call.fetched" -> "details";
            default -> "other";
        };
    }

    /** Quo says incoming/outgoing; CRMs say inbound/outbound. */
    static String direction(String quo) {
        if (quo == null) {
            return null;
        }
        return switch (quo.toLowerCase(Locale.ROOT)) {
            case "incoming", "inbound" -> "inbound";
            case "outgoing", "outbound" -> "outbound";
            default -> null;
        };
    }

    static boolean isUnanswered(String status) {
        if (status == null) {
            return false;
        }
        String s = status.toLowerCase(Locale.ROOT);
        return s.equals("no-answer") || s.equals("missed") || s.equals("busy") || s.equals("voicemail");
    }

    private static CanonicalCall.Recording recording(JsonNode r) {
        Long duration = Json.number(r, "duration");
        return new CanonicalCall.Recording(Json.text(r, "id"), Json.text(r, "url"),
                duration == null ? null : duration.intValue(), Json.text(r, "type"), Json.text(r, "status"),
                Json.text(r, "startTime"));
    }

    private static CanonicalCall.Voicemail voicemail(JsonNode v) {
        if (v == null || !v.isObject()) {
            return null;
        }
        Long duration = Json.number(v, "duration");
        return new CanonicalCall.Voicemail(firstNonNull(Json.text(v, "url"), Json.text(v, "recordingUrl")),
                duration == null ? null : duration.intValue(), Json.text(v, "transcript"), Json.text(v, "type"));
    }

    static List<String> strings(JsonNode node) {
        List<String> values = new ArrayList<>();
        for (JsonNode item : items(node)) {
            if (item != null && item.isValueNode() && !item.isNull() && !item.asText().isBlank()) {
                values.add(item.asText().trim());
            }
        }
        return values;
    }

    private static List<String> nullableStrings(JsonNode node) {
        return node == null || node.isNull() ? null : strings(node);
    }

    /** The first value of a field that may be a string or an array (legacy {@code to}). */
    static String firstString(JsonNode node) {
        List<String> values = strings(node);
        return values.isEmpty() ? null : values.get(0);
    }

    static List<JsonNode> items(JsonNode node) {
        List<JsonNode> items = new ArrayList<>();
        if (node == null || node.isNull()) {
            return items;
        }
        if (node.isArray()) {
            node.forEach(items::add);
        } else {
            items.add(node);
        }
        return items;
    }

    private static Double decimal(JsonNode node) {
        return node == null || !node.isNumber() ? null : node.asDouble();
    }

    static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }
}
