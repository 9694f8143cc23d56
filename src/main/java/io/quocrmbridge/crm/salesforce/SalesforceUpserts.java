package io.quocrmbridge.crm.salesforce;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quocrmbridge.json.Json;
import io.quocrmbridge.crm.CrmBatch;
import io.quocrmbridge.crm.CrmFailure;
import io.quocrmbridge.crm.CrmFailures;
import io.quocrmbridge.crm.CrmCall;
import org.apache.camel.Exchange;

/**
 * Upserts of one sObject by an external-ID field, as the Salesforce target sends them and reads the answers: one
 * record alone ({@code PATCH /sobjects/<SObject>/<field>/<key>}), several through sObject Collections
 * ({@code PATCH /composite/sobjects/<SObject>/<field>}, up to 200, {@code allOrNone: false}), each record's result
 * on its own. These requests are built once, here: the Salesforce send route (routes/crm-salesforce.camel.yaml)
 * sends them through camel-salesforce, and dry-run prints them.
 */
public class SalesforceUpserts {

    /** Purposes of the requests, for reading their answers. */
    static final String UPSERT_ONE = "upsert";
    static final String UPSERT_COLLECTION = "upsert-collection";

    protected final String apiVersion;
    protected final String sObject;
    protected final String externalIdField;

    public SalesforceUpserts(String apiVersion, String sObject, String externalIdField) {
        this.apiVersion = apiVersion;
        this.sObject = sObject;
        this.externalIdField = externalIdField;
    }

    /** The upsert request(s) for the open upserts of a batch of mapped records: one alone, or one collection. */
    public List<CrmCall> upsertCalls(CrmBatch batch) {
        List<CrmCall> calls = new ArrayList<>();
        CrmBatch upserts = batch.getUpserts();
        if (upserts.getSize() == 1) {
            CrmBatch.Item item = upserts.getItems().get(0);
            calls.add(new CrmCall(UPSERT_ONE, "PATCH", singlePath(item.getRecordKey()), item.getMapped(), upserts));
        } else if (upserts.getSize() > 1) {
            calls.add(new CrmCall(UPSERT_COLLECTION, "PATCH", collectionPath(), collectionBody(upserts), upserts));
        }
        return calls;
    }

    /** Reads the answer to an upsert request; false when the call was not an upsert. */
    protected boolean readUpsert(Exchange exchange, CrmCall call) {
        if (UPSERT_ONE.equals(call.purpose())) {
            readSingleUpsert(exchange, call.scope());
            return true;
        }
        if (UPSERT_COLLECTION.equals(call.purpose())) {
            readCollectionUpsert(exchange, call.scope());
            return true;
        }
        return false;
    }

    /** Reads the answer to a single upsert: created (201) or updated (200), with the record id. */
    void readSingleUpsert(Exchange exchange, CrmBatch batch) {
        CrmBatch.Item item = batch.getItems().get(0);
        String body = exchange.getMessage().getBody(String.class);
        if (body == null || body.isBlank()) {
            // API versions before 46.0 answer an update with 204 and no body
            item.succeeded("updated", null);
            return;
        }
        JsonNode result = Json.parse(body);
        if (result.path("success").asBoolean(true)) {
            item.succeeded(result.path("created").asBoolean(false) ? "created" : "updated", Json.text(result, "id"));
        } else {
            item.failed(recordFailure(result.path("errors")));
        }
    }

    /** The sObject Collections upsert path, e.g. /services/data/v61.0/composite/sobjects/Contact/Quo_Contact_Id__c. */
    private String collectionPath() {
        return "/services/data/v" + apiVersion + "/composite/sobjects/" + sObject + "/" + externalIdField;
    }

    private ObjectNode collectionBody(CrmBatch upserts) {
        ObjectNode body = Json.object();
        body.put("allOrNone", false);
        ArrayNode records = body.putArray("records");
        for (CrmBatch.Item item : upserts.getItems()) {
            ObjectNode record = records.addObject();
            record.putObject("attributes").put("type", sObject);
            record.put(externalIdField, item.getRecordKey());
            JsonNode mapped = item.getMapped();
            if (mapped != null && mapped.isObject()) {
                record.setAll((ObjectNode) mapped);
            }
        }
        return body;
    }

    /**
     * Reads the answer to a collection upsert: one result per record, in the order sent; a failed record gets its
     * own failure (most go to dead letters), the others succeed.
     */
    void readCollectionUpsert(Exchange exchange, CrmBatch batch) {
        String body = exchange.getMessage().getBody(String.class);
        JsonNode results = body == null || body.isBlank() ? null : Json.parse(body);
        List<CrmBatch.Item> items = batch.getItems();
        if (results == null || !results.isArray() || results.size() != items.size()) {
            CrmFailure failure = CrmFailure.retryable("sObject Collections answered " + (results == null ? "nothing"
                    : results.size() + " results") + " for " + items.size() + " records", null, null);
            items.forEach(item -> item.failed(failure));
            return;
        }
        for (int i = 0; i < items.size(); i++) {
            JsonNode result = results.get(i);
            CrmBatch.Item item = items.get(i);
            if (result.path("success").asBoolean(false)) {
                item.succeeded(result.path("created").asBoolean(false) ? "created" : "updated",
                        Json.text(result, "id"));
            } else {
                item.failed(recordFailure(result.path("errors")));
            }
        }
    }

    protected String singlePath(String recordKey) {
        return "/services/data/v" + apiVersion + "/sobjects/" + sObject + "/" + externalIdField + "/"
                + URLEncoder.encode(recordKey, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static CrmFailure recordFailure(JsonNode errors) {
        JsonNode first = errors != null && errors.isArray() && errors.size() > 0 ? errors.get(0) : null;
        String code = first == null ? null
                : first.hasNonNull("statusCode") ? first.get("statusCode").asText() : Json.text(first, "errorCode");
        StringBuilder message = new StringBuilder();
        if (errors != null && errors.isArray()) {
            for (JsonNode error : errors) {
                if (message.length() > 0) {
                    message.append("; ");
                }
                message.append(error.path("message").asText(""));
                JsonNode fields = error.get("fields");
                if (fields != null && fields.isArray() && fields.size() > 0) {
                    message.append(' ').append(fields);
                }
            }
        }
        return CrmFailures.fromRecordErrors(code, message.length() == 0 ? "record refused" : message.toString(), 400);
    }
}
