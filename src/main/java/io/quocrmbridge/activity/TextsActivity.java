package io.quocrmbridge.activity;

import io.quocrmbridge.canonical.Directory;
import java.util.List;

/**
 * Text messages as one CRM activity: one message (the default), or, with ACTIVITY_MESSAGE_GROUPING=conversation-hour,
 * every message of one conversation within one hour. This is what the target route files map to CRM fields
 * ({@code .texts} in a mapping); documented in docs/canonical-events.md.
 *
 * @param activityId  the message id, or the group key {@code texts:<our number>:<their number>:<hour>}
 * @param direction   the first message's direction
 * @param localDate   the first message's date in BRIDGE_TIME_ZONE (yyyy-MM-dd)
 * @param theirNumber the other party's number (the first one, for a group text); {@code theirNumbers} lists all
 * @param messages    the messages, oldest first
 */
public record TextsActivity(String activityId, boolean grouped, String conversationId, String phoneNumberId,
                            String ourNumber, String theirNumber, List<String> theirNumbers, String direction,
                            String startedAt, String endedAt, String localDate, String userId, Directory.User user,
                            List<String> contactIds, String contactLookup, String deepLink, List<Text> messages) {

    /** One text message. */
    public record Text(String messageId, String direction, String status, String text, String from, List<String> to,
                       List<String> media, String createdAt) {
    }
}
