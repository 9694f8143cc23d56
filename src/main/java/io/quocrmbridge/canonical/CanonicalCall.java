package io.quocrmbridge.canonical;

import java.util.List;

/**
 * One Quo call event in the bridge's shape: what that event said about the call. Several events (completed,
 * recording, summary, transcript...) describe one call; they are merged per call id downstream.
 *
 * @param callId                 Quo's call id (AC...)
 * @param stage                  what this event reports: ringing, answered, missed, completed, recording, summary,
 *                               transcript, voicemail, or other
 * @param direction              inbound or outbound, when known
 * @param status                 Quo's call status (completed, no-answer, missed, busy, ...)
 * @param durationSeconds        call duration in seconds
 * @param participants           the numbers Quo listed, in its order (ours and theirs; may be empty)
 * @param workspaceNumbers       the workspace's own numbers on the call, when the payload says (beta context)
 * @param externalNumbers        the other side's numbers, when the payload says (beta context)
 * @param fromNumber             legacy v3 {@code from}
 * @param toNumber               legacy v3 {@code to}
 * @param contactIds             Quo contact ids the payload links the call to
 * @param contactLookup          matched, none, unavailable (beta), or null
 * @param participantsResolution available or unavailable (beta), or null
 * @param summaryStatus          processing status of the summary carried by this event
 * @param transcriptStatus       processing status of the transcript carried by this event
 */
public record CanonicalCall(String callId, String stage, String direction, String status, String createdAt,
                            String answeredAt, String completedAt, Integer durationSeconds, List<String> participants,
                            List<String> workspaceNumbers, List<String> externalNumbers, String fromNumber,
                            String toNumber, String phoneNumberId, String userId, String answeredBy,
                            String initiatedBy, String conversationId, List<String> contactIds, String contactLookup,
                            String participantsResolution, List<Recording> recordings, Voicemail voicemail,
                            String summaryStatus, List<String> summary, List<String> nextSteps,
                            String transcriptStatus, List<TranscriptLine> transcript, String aiHandled,
                            String forwardedFrom, String forwardedTo, String callRoute, String deepLink) {

    /** A call recording. */
    public record Recording(String id, String url, Integer durationSeconds, String type, String status,
                            String startTime) {
    }

    /** A voicemail left on the call. */
    public record Voicemail(String url, Integer durationSeconds, String transcript, String type) {
    }

    /** One line of a transcript: a workspace user (userId) or an external participant (identifier). */
    public record TranscriptLine(String userId, String identifier, String content, Double start, Double end) {
    }
}
