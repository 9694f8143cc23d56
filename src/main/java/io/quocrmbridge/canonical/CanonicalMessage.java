package io.quocrmbridge.canonical;

import java.util.List;

/**
 * One Quo text message event in the bridge's shape.
 *
 * @param messageId     Quo's message id
 * @param stage         received, delivered, failed or other
 * @param direction     inbound or outbound
 * @param from          the sender (a number, or another identifier in direct-number flows)
 * @param to            the recipients; legacy payloads send a string or an array, this is always a list
 * @param contactLookup matched, none, unavailable (beta), or null
 */
public record CanonicalMessage(String messageId, String stage, String direction, String status, String text,
                               String from, List<String> to, String createdAt, String updatedAt, String phoneNumberId,
                               String conversationId, String userId, List<String> contactIds, String contactLookup,
                               List<String> media, String deepLink) {
}
