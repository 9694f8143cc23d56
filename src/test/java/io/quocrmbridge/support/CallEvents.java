package io.quocrmbridge.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Call and message webhooks made from fixtures for another call (or message) and event id, so a test can send many
 * calls' (or texts') events: the call id goes where the payload keeps it ({@code id} of a call object, {@code callId} of a
 * summary, transcript or beta recording).
 */
public final class CallEvents {

    private CallEvents() {
    }

    /** The fixture's webhook body about call {@code callId}, with its own event id. */
    public static ObjectNode forCall(String fixture, String callId, String eventId) {
        ObjectNode event = Fixtures.json(fixture);
        Fixtures.with(event, "/id", eventId);
        JsonNode data = event.path("data");
        ObjectNode object = (ObjectNode) (data.has("resource") ? data.get("resource") : data.get("object"));
        if (object.has("callId")) {
            object.put("callId", callId);
        } else {
            object.put("id", callId);
        }
        return event;
    }

    /**
     * The fixture's webhook body about another text message: message {@code messageId} sent at {@code createdAt},
     * saying {@code text}, under its own event id (and envelope time).
     */
    public static ObjectNode forMessage(String fixture, String messageId, String eventId, String createdAt,
                                        String text) {
        ObjectNode event = Fixtures.json(fixture);
        Fixtures.with(event, "/id", eventId);
        Fixtures.with(event, "/createdAt", createdAt);
        JsonNode data = event.path("data");
        ObjectNode message = (ObjectNode) (data.has("resource") ? data.get("resource") : data.get("object"));
        message.put("id", messageId);
        message.put("createdAt", createdAt);
        message.put(message.has("body") ? "body" : "text", text);
        return event;
    }

    /** Whether a fixture is a legacy-plane envelope (signed with openphone-signature). */
    public static boolean legacy(JsonNode event) {
        return "event".equals(event.path("object").asText(null));
    }
}
