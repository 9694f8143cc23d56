package io.quocrmbridge.crm.hubspot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import io.quocrmbridge.json.Json;
import io.quocrmbridge.crm.CrmBatch;
import io.quocrmbridge.crm.CrmFailure;

/**
 * The answer to one of HubSpot's batch calls (upsert, create, update): 200/201 with one result per written input, or
 * 207 with {@code errors} for the inputs that failed. HubSpot does not promise results in input order, so each
 * record finds its result by a key (the unique property's value, the {@code objectWriteTraceId}, or the object id),
 * and its error by that key appearing in the error's {@code context} or message.
 */
final class HubSpotBatchAnswer {

    private final int status;
    private final JsonNode body;
    private final List<JsonNode> errors = new ArrayList<>();

    private HubSpotBatchAnswer(int status, JsonNode body) {
        this.status = status;
        this.body = body;
        body.path("errors").forEach(errors::add);
    }

    static HubSpotBatchAnswer parse(int status, String body) {
        return new HubSpotBatchAnswer(status, body == null || body.isBlank() ? Json.object() : Json.parse(body));
    }

    /**
     * Settles every item: written (with the outcome {@code outcome} gives and the object's id) when a result carries
     * its key, else failed with the error naming it.
     *
     * @param itemKey   an item's key
     * @param resultKey a result's key (null when it has none)
     * @param outcome   created or updated, from the result
     */
    void settle(List<CrmBatch.Item> items, Function<CrmBatch.Item, String> itemKey,
                Function<JsonNode, String> resultKey, Function<JsonNode, String> outcome) {
        Map<String, JsonNode> results = new HashMap<>();
        for (JsonNode result : body.path("results")) {
            String key = resultKey.apply(result);
            if (key != null) {
                results.put(key, result);
            }
        }
        JsonNode only = body.path("results").size() == 1 ? body.path("results").get(0) : null;
        if (results.isEmpty() && only != null && items.size() == 1 && errors.isEmpty()) {
            // one input, one result: it is that input's, even if HubSpot left out the key it echoes otherwise (a retry
            // of a create that had succeeded would make a second object)
            results.put(itemKey.apply(items.get(0)), only);
        }
        for (CrmBatch.Item item : items) {
            String key = itemKey.apply(item);
            JsonNode result = results.get(key);
            if (result != null) {
                item.succeeded(outcome.apply(result), Json.text(result, "id"));
            } else {
                item.failed(failureFor(key));
            }
        }
    }

    /** The failure of the input with this key: the error that names it, else every error of the answer. */
    CrmFailure failureFor(String key) {
        for (JsonNode error : errors) {
            if (names(error, key)) {
                return failure(error);
            }
        }
        if (errors.size() == 1) {
            return failure(errors.get(0));
        }
        if (!errors.isEmpty()) {
            StringBuilder all = new StringBuilder();
            for (JsonNode error : errors) {
                all.append(all.length() == 0 ? "" : "; ").append(describe(error));
            }
            return CrmFailure.permanent("HubSpot refused " + errors.size() + " inputs of the batch, this one among "
                    + "them: " + all, "BATCH_ERRORS", status);
        }
        return CrmFailure.retryable("HubSpot answered " + status + " without a result for this record", null, status);
    }

    private static boolean names(JsonNode error, String key) {
        if (key == null) {
            return false;
        }
        for (JsonNode values : error.path("context")) {
            for (JsonNode value : values.isArray() ? values : List.of(values)) {
                if (key.equals(value.asText())) {
                    return true;
                }
            }
        }
        return error.path("message").asText("").contains(key);
    }

    private CrmFailure failure(JsonNode error) {
        String category = Json.text(error, "category");
        if ("RATE_LIMITS".equals(category)) {
            return CrmFailure.retryable(describe(error), category, status);
        }
        return CrmFailure.permanent(describe(error), category, status);
    }

    private static String describe(JsonNode error) {
        String category = Json.text(error, "category");
        String message = error.path("message").asText("refused");
        return category == null ? message : category + ": " + message;
    }
}
