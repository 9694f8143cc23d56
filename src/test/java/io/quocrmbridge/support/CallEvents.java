package io.quocrmbridge.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Call and message webhooks made from fixtures for another call (or message) and event id, so a test can send many
 * calls' events: the call id goes where the payload keeps it ({@code id} of a call object, {@code callId} of a
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

    /** Whether a fixture is a legacy-plane envelope (signed with openphone-signature). */
    public static boolean legacy(JsonNode event) {
        return "event".equals(event.path("object").asText(null));
    }
}
