package io.quocrmbridge.crm.salesforce;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quocrmbridge.crm.ActivityText;
import io.quocrmbridge.json.Json;
import io.quocrmbridge.crm.CrmBatch;
import io.quocrmbridge.crm.CrmCall;
import io.quocrmbridge.crm.CrmPlanner;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the Salesforce target sends for calls and texts: Tasks upserted by the external-ID field
 * SALESFORCE_TASK_EXTERNAL_ID_FIELD (Quo_Activity_Id__c = the Quo call id, or the message id), so however often a
 * call is enriched it stays one Task; plus TaskRelation records when an activity is linked to several contacts.
 */
public final class SalesforceTasks extends SalesforceUpserts implements CrmPlanner {

    static final String RELATE = "relate";

    private static final Logger LOG = LoggerFactory.getLogger(SalesforceTasks.class);

    private final int descriptionMax;

    public SalesforceTasks(String apiVersion, String sObject, String externalIdField, int descriptionMax) {
        super(apiVersion, sObject, externalIdField);
        this.descriptionMax = descriptionMax;
    }

    /**
     * Finishes the route file's mapping of one activity: links it (WhoId) and its owner (OwnerId) as decided, fits
     * the Description into Salesforce's limit (cut at a clean boundary, with a note and the Quo link, never
     * refused), and drops null fields and the fields an upsert body must not carry.
     */
    public JsonNode completeTask(JsonNode mapped, CrmBatch.Item item) {
        ObjectNode fields = mapped != null && mapped.isObject() ? (ObjectNode) mapped.deepCopy() : Json.object();
        if (item.getLinkedTo() != null) {
            fields.put("WhoId", item.getLinkedTo());
        }
        if (item.getOwnerId() != null) {
            fields.put("OwnerId", item.getOwnerId());
        }
        JsonNode description = fields.get("Description");
        if (description != null && description.isTextual()) {
            fields.put("Description", ActivityText.fit(description.asText(), descriptionMax,
                    ActivityText.deepLink(item.getCanonical())));
        }
        return Json.withoutNulls(fields, "Id", externalIdField);
    }

    /** The Task upserts of a batch of mapped activities. */
    @Override
    public List<CrmCall> calls(Exchange exchange, CrmBatch batch) {
        return upsertCalls(batch);
    }

    /**
     * Once the Tasks are written: the TaskRelation records for activities linked to several contacts
     * (ACTIVITY_LINK_MULTIPLE=all; needs Shared Activities in the org), as one sObject Collections insert. A refused
     * relation is logged: the Task itself is written and linked to its main contact.
     */
    @Override
    public List<CrmCall> followUps(Exchange exchange, CrmBatch batch) {
        ObjectNode body = relationsBody(batch);
        return body == null ? List.of() : List.of(new CrmCall(RELATE, "POST", relationsPath(), body, batch,
                java.util.Map.of(), true));
    }

    @Override
    public void read(Exchange exchange, CrmCall call) {
        if (!readUpsert(exchange, call)) {
            readRelations(exchange);
        }
    }

    private ObjectNode relationsBody(CrmBatch batch) {
        ObjectNode body = Json.object();
        body.put("allOrNone", false);
        ArrayNode records = body.putArray("records");
        for (CrmBatch.Item item : batch.getItems()) {
            if (item.getOutcome() == null || item.getCrmId() == null) {
                continue;
            }
            for (String other : item.getAlsoLinkedTo()) {
                ObjectNode record = records.addObject();
                record.putObject("attributes").put("type", "TaskRelation");
                record.put("TaskId", item.getCrmId());
                record.put("RelationId", other);
                record.put("IsWhat", false);
            }
        }
        return records.isEmpty() ? null : body;
    }

    String relationsPath() {
        return "/services/data/v" + apiVersion + "/composite/sobjects";
    }

    /**
     * Reads the TaskRelation insert answer: a relation that exists already (DUPLICATE_VALUE, an activity written
     * again) is fine; any other refusal is logged: the Task itself is written and linked to its main contact.
     */
    void readRelations(Exchange exchange) {
        String body = exchange.getMessage().getBody(String.class);
        JsonNode results = body == null || body.isBlank() ? null : Json.parse(body);
        if (results == null || !results.isArray()) {
            return;
        }
        for (JsonNode result : results) {
            if (result.path("success").asBoolean(false)) {
                continue;
            }
            JsonNode error = result.path("errors").path(0);
            String code = error.hasNonNull("statusCode") ? error.get("statusCode").asText() : Json.text(error, "errorCode");
            if (!"DUPLICATE_VALUE".equals(code)) {
                LOG.warn("salesforce could not relate a Task to one more contact ({}: {}); the Task is linked to its "
                        + "main contact", code, error.path("message").asText(""));
            }
        }
    }
}
