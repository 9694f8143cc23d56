package io.quocrmbridge.canonical;

import io.quocrmbridge.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Turns Quo's message events into {@link CanonicalMessage}: the legacy object ({@code from}, {@code to} as a string
 * or an array, {@code text} or v3's {@code body}) and the beta resource + context ({@code senderIdentifier},
 * {@code recipientIdentifiers}).
 */
public final class MessageNormalizer {

    public CanonicalMessage normalize(String type, JsonNode object, JsonNode context, String deepLink) {
        if (object == null || !object.isObject()) {
            throw new NormalizationException(type + " event carries no message object");
        }
        String id = Json.text(object, "id");
        if (id == null) {
            throw new NormalizationException(type + " event has no message id");
        }
        String from = Json.text(object, "from");
        List<String> to = recipients(object.get("to"));
        List<String> contactIds = CallNormalizer.strings(object.get("contactIds"));
        String lookup = null;
        String phoneNumberId = Json.text(object, "phoneNumberId");
        String conversationId = Json.text(object, "conversationId");
        String userId = Json.text(object, "userId");
        if (context != null) {
            from = CallNormalizer.firstNonNull(from, Json.text(context, "senderIdentifier"));
            if (to.isEmpty()) {
                to = CallNormalizer.strings(context.get("recipientIdentifiers"));
            }
            JsonNode contacts = Json.obj(context, "contacts");
            if (contacts != null) {
                contactIds = CallNormalizer.strings(contacts.get("ids"));
                lookup = Json.text(contacts, "lookupStatus");
            }
            phoneNumberId = CallNormalizer.firstNonNull(phoneNumberId, Json.text(context, "phoneNumberId"));
            conversationId = CallNormalizer.firstNonNull(conversationId, Json.text(context, "conversationId"));
            userId = CallNormalizer.firstNonNull(userId, Json.text(context, "userId"));
        }
        List<String> media = new ArrayList<>();
        for (JsonNode item : CallNormalizer.items(object.get("media"))) {
            String url = item.isObject() ? Json.text(item, "url") : item.asText(null);
            if (url != null && !url.isBlank()) {
                media.add(url);
            }
        }
        String text = object.has("text") ? object.path("text").asText("") : object.path("body").asText("");
        return new CanonicalMessage(id, stage(type), CallNormalizer.direction(Json.text(object, "direction")),
                Json.text(object, "status"), text, from, to, Json.text(object, "createdAt"),
                Json.text(object, "updatedAt"), phoneNumberId, conversationId, userId, contactIds, lookup, media,
                deepLink);
    }

    /**
     * Legacy {@code to}: an array, a single number, or (group texts, seen in the wild) several numbers joined by
     * commas in one string.
     */
    static List<String> recipients(JsonNode to) {
        List<String> recipients = new ArrayList<>();
        for (String value : CallNormalizer.strings(to)) {
            for (String part : value.split(",")) {
                if (!part.isBlank()) {
                    recipients.add(part.trim());
                }
            }
        }
        return recipients;
    }

    static String stage(String type) {
        String t = type == null ? "" : type.toLowerCase(Locale.ROOT);
        return switch (t) {
            case "message.received" -> "received";
            case "message.delivered" -> "delivered";
            case "message.failed" -> "failed";
            case "message.sent" -> "sent";
            default -> "other";
        };
    }
}
