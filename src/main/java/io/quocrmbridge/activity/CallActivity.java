package io.quocrmbridge.activity;

import io.quocrmbridge.canonical.Directory;
import java.util.List;

/**
 * One Quo call as one CRM activity: the union of everything its events said (completed, recording, summary,
 * transcript, voicemail, details fetched from Quo's API), whatever order they arrived in. This is what the target
 * route files map to CRM fields ({@code .call} in a mapping); documented in docs/canonical-events.md.
 *
 * @param outcome    answered, missed, voicemail, forwarded, ai-handled, or in-progress (ringing / not ended yet)
 * @param localDate  the call's start date in BRIDGE_TIME_ZONE (yyyy-MM-dd), for date-only CRM fields
 * @param ourNumber  the workspace's number on the call
 * @param theirNumber the other party's number (the customer), never one of the workspace's numbers
 * @param user       the Quo user on the call (from the workspace directory, when known)
 * @param transcript the dialogue, speaker-labelled
 * @param quoTypes   the Quo event types merged into this activity, sorted
 */
public record CallActivity(String callId, String direction, String status, String outcome, String startedAt,
                           String answeredAt, String completedAt, Integer durationSeconds, String localDate,
                           String ourNumber, String theirNumber, List<String> participants, String phoneNumberId,
                           String userId, Directory.User user, String answeredBy, String initiatedBy, String conversationId,
                           List<String> contactIds, String contactLookup, List<Recording> recordings,
                           String recordingUrl, Voicemail voicemail, List<String> summary, List<String> nextSteps,
                           List<Line> transcript, String aiHandled, String forwardedFrom, String forwardedTo,
                           String callRoute, String deepLink, List<String> quoTypes) {

    public record Recording(String url, Integer durationSeconds, String startTime) {
    }

    public record Voicemail(String url, Integer durationSeconds, String transcript) {
    }

    /** One line of the transcript: who spoke (a user's name, or the other party's number) and what they said. */
    public record Line(String speaker, String content, Double start) {
    }

    /** Whether the call has ended (anything but ringing or in progress). */
    public boolean ended() {
        return !"in-progress".equals(outcome);
    }
}
