package io.quocrmbridge.crm.hubspot;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quocrmbridge.crm.ActivityText;
import io.quocrmbridge.json.Json;
import io.quocrmbridge.crm.CrmBatch;
import io.quocrmbridge.crm.CrmCall;
import io.quocrmbridge.crm.CrmPlanner;
import io.quocrmbridge.crm.CrmFailure;
import io.quocrmbridge.crm.HttpCrmCalls;
import io.quocrmbridge.store.Database;
import io.quocrmbridge.store.OutboxStore;
import org.apache.camel.Exchange;

/**
 * What the HubSpot target sends for calls and texts. A call is a HubSpot call object, a text (or an hour of a
 * conversation) a communication with channel SMS: each Quo activity is one HubSpot object, created the first time
 * (batch create, associated to its contact inline: call to contact type 194, communication to contact type 81)
 * and updated in place by its HubSpot id afterwards (batch update), as the call's recording, summary and transcript
 * arrive. The Quo id to HubSpot id map is the bridge's store (the CRM id it keeps per written record). An activity
 * linked to its contact after it was created (its contact landed later) gets the association through the
 * associations v4 batch API.
 */
public final class HubSpotActivities implements CrmPlanner {

    /** HubSpot's object type of each activity kind, its association to contacts, and its rich-text body. */
    enum Kind {
        CALLS("calls", 194, "hs_call_body"),
        COMMUNICATIONS("communications", 81, "hs_communication_body");

        final String objectType;
        final int contactAssociation;
        final String bodyProperty;

        Kind(String objectType, int contactAssociation, String bodyProperty) {
            this.objectType = objectType;
            this.contactAssociation = contactAssociation;
            this.bodyProperty = bodyProperty;
        }

        static Kind of(CrmBatch.Item item) {
            return item.getCanonical().has("call") ? CALLS : COMMUNICATIONS;
        }
    }

    private final Database database;
    private final OutboxStore outbox;
    private final HubSpotSettings settings;

    public HubSpotActivities(Database database, OutboxStore outbox, HubSpotSettings settings) {
        this.database = database;
        this.outbox = outbox;
        this.settings = settings;
    }

    /**
     * Finishes the route file's mapping of one activity: values become strings (empty ones left out), and the body
     * (hs_call_body, hs_communication_body), written as plain text by the mapping, is fitted into HUBSPOT_BODY_MAX
     * at a clean boundary with a note and the Quo link, and sent as simple HTML.
     */
    public JsonNode completeActivity(JsonNode mapped, CrmBatch.Item item) {
        ObjectNode properties = HubSpotProperties.of(mapped);
        String bodyProperty = Kind.of(item).bodyProperty;
        String body = Json.text(properties, bodyProperty);
        if (body != null) {
            properties.put(bodyProperty, HubSpotProperties.richText(body, settings.bodyMax(),
                    ActivityText.deepLink(item.getCanonical())));
        }
        return properties;
    }

    /**
     * The calls for a mapped, linked batch, per object type: batch creates of activities HubSpot doesn't have yet
     * (with their associations), batch updates by HubSpot id of the others, then the associations of updated
     * activities that are linked (creating an association that exists is a no-op in HubSpot).
     */
    @Override
    public List<CrmCall> calls(Exchange exchange, CrmBatch batch) {
        List<CrmBatch.Item> open = batch.getUpserts().getItems();
        Map<String, String> ids = database.withConnection(connection -> outbox.crmIds(connection, batch.getTarget(),
                OutboxStore.ACTIVITY, open.stream().map(CrmBatch.Item::getRecordKey).toList()));
        List<CrmCall> calls = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            List<CrmBatch.Item> creates = new ArrayList<>();
            List<CrmBatch.Item> updates = new ArrayList<>();
            for (CrmBatch.Item item : open) {
                if (Kind.of(item) == kind) {
                    (ids.containsKey(item.getRecordKey()) ? updates : creates).add(item);
                }
            }
            String path = "/crm/v3/objects/" + kind.objectType + "/batch/";
            for (List<CrmBatch.Item> chunk : chunks(creates)) {
                calls.add(new CrmCall("create", "POST", path + "create", createBody(kind, chunk),
                        scope(batch, chunk), ids));
            }
            for (List<CrmBatch.Item> chunk : chunks(updates)) {
                calls.add(new CrmCall("update", "POST", path + "update", updateBody(chunk, ids),
                        scope(batch, chunk), ids));
            }
            List<CrmBatch.Item> linked = updates.stream().filter(item -> item.getLinkedTo() != null).toList();
            for (List<CrmBatch.Item> chunk : chunks(linked)) {
                calls.add(new CrmCall("associate", "POST", "/crm/v4/associations/" + kind.objectType
                        + "/contacts/batch/create", associationBody(kind, chunk, ids), scope(batch, chunk), ids));
            }
        }
        return calls;
    }

    private List<List<CrmBatch.Item>> chunks(List<CrmBatch.Item> items) {
        List<List<CrmBatch.Item>> chunks = new ArrayList<>();
        for (int from = 0; from < items.size(); from += settings.batchSize()) {
            chunks.add(items.subList(from, Math.min(items.size(), from + settings.batchSize())));
        }
        return chunks;
    }

    private static CrmBatch scope(CrmBatch batch, List<CrmBatch.Item> items) {
        return new CrmBatch(batch.getTarget(), batch.getKind(), items);
    }

    private static ObjectNode createBody(Kind kind, List<CrmBatch.Item> items) {
        ObjectNode body = Json.object();
        ArrayNode inputs = body.putArray("inputs");
        for (CrmBatch.Item item : items) {
            ObjectNode input = inputs.addObject();
            input.set("properties", properties(item));
            ArrayNode associations = input.putArray("associations");
            for (String contact : contacts(item)) {
                ObjectNode association = associations.addObject();
                association.putObject("to").put("id", contact);
                association.set("types", types(kind));
            }
            // the Quo id travels with the object, so its result is found whatever order HubSpot answers in
            input.put("objectWriteTraceId", item.getRecordKey());
        }
        return body;
    }

    private static ObjectNode updateBody(List<CrmBatch.Item> items, Map<String, String> ids) {
        ObjectNode body = Json.object();
        ArrayNode inputs = body.putArray("inputs");
        for (CrmBatch.Item item : items) {
            ObjectNode input = inputs.addObject();
            input.put("id", ids.get(item.getRecordKey()));
            input.set("properties", properties(item));
        }
        return body;
    }

    private static ObjectNode associationBody(Kind kind, List<CrmBatch.Item> items, Map<String, String> ids) {
        ObjectNode body = Json.object();
        ArrayNode inputs = body.putArray("inputs");
        for (CrmBatch.Item item : items) {
            for (String contact : contacts(item)) {
                ObjectNode input = inputs.addObject();
                input.putObject("from").put("id", ids.get(item.getRecordKey()));
                input.putObject("to").put("id", contact);
                input.set("types", types(kind));
            }
        }
        return body;
    }

    private static JsonNode properties(CrmBatch.Item item) {
        return item.getMapped() != null && item.getMapped().isObject() ? item.getMapped() : Json.object();
    }

    /** The contact the activity is linked to, then the others that matched (ACTIVITY_LINK_MULTIPLE=all). */
    private static Set<String> contacts(CrmBatch.Item item) {
        Set<String> contacts = new LinkedHashSet<>();
        if (item.getLinkedTo() != null) {
            contacts.add(item.getLinkedTo());
            contacts.addAll(item.getAlsoLinkedTo());
        }
        return contacts;
    }

    private static ArrayNode types(Kind kind) {
        ArrayNode types = Json.MAPPER.createArrayNode();
        types.addObject().put("associationCategory", "HUBSPOT_DEFINED").put("associationTypeId", kind.contactAssociation);
        return types;
    }

    /**
     * Reads the answer to one call: created objects by their objectWriteTraceId (the Quo id), updated ones by their
     * HubSpot id, each input's error its own; an association that failed makes its activities fail (they are written
     * again, and linked then).
     */
    @Override
    public void read(Exchange exchange, CrmCall call) {
        HubSpotBatchAnswer answer = HubSpotBatchAnswer.parse(HttpCrmCalls.status(exchange), HttpCrmCalls.body(exchange));
        switch (call.purpose()) {
            case "create" -> answer.settle(call.items(), CrmBatch.Item::getRecordKey,
                    result -> Json.text(result, "objectWriteTraceId"), result -> "created");
            case "update" -> answer.settle(call.items(), item -> call.ids().get(item.getRecordKey()),
                    result -> Json.text(result, "id"), result -> "updated");
            default -> {
                if (HttpCrmCalls.status(exchange) == 207) {
                    for (CrmBatch.Item item : call.items()) {
                        CrmFailure failure = answer.failureFor(call.ids().get(item.getRecordKey()));
                        item.failed(new CrmFailure(CrmFailure.Kind.TRANSIENT, "associating it with its contact "
                                + item.getLinkedTo() + " failed: " + failure.reason(), failure.errorCode(),
                                failure.httpStatus()));
                    }
                }
            }
        }
    }
}
