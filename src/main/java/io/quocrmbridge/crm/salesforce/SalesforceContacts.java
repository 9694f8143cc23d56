package io.quocrmbridge.crm.salesforce;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quocrmbridge.canonical.Json;
import io.quocrmbridge.crm.CrmBatch;
import io.quocrmbridge.crm.CrmRequest;
import io.quocrmbridge.crm.CustomFieldMapping;
import io.quocrmbridge.crm.Dispatcher;
import org.apache.camel.Exchange;

/**
 * What the Salesforce target sends for contacts: upserts by the external-ID field (see {@link SalesforceUpserts}),
 * deletions one by one. The dry-run target prints exactly these requests.
 */
public final class SalesforceContacts extends SalesforceUpserts {

    private final String deletedField;
    private final CustomFieldMapping customFields;

    public SalesforceContacts(String apiVersion, String sObject, String externalIdField, String deletedField,
                              CustomFieldMapping customFields) {
        super(apiVersion, sObject, externalIdField);
        this.deletedField = deletedField;
        this.customFields = customFields;
    }

    /**
     * Finishes the route file's mapping of one contact: adds the configured custom fields and, for a contact
     * deleted in Quo under the flag policy, the deleted flag; drops null fields (an absent Quo value never clears
     * a CRM field) and the fields Salesforce refuses in an upsert body (Id and the external-ID field itself).
     */
    public JsonNode completeMapping(JsonNode mapped, CrmBatch.Item item) {
        ObjectNode fields = mapped != null && mapped.isObject() ? (ObjectNode) mapped.deepCopy() : Json.object();
        customFields.addTo(fields, item.getCanonical().get("contact"));
        if (Dispatcher.FLAG_DELETED.equals(item.getOperation())) {
            fields.put(deletedField, true);
        }
        List<String> drop = new ArrayList<>();
        fields.fields().forEachRemaining(field -> {
            if (field.getValue() == null || field.getValue().isNull()) {
                drop.add(field.getKey());
            }
        });
        drop.add("Id");
        drop.add(externalIdField);
        fields.remove(drop);
        return fields;
    }

    /** The requests for a batch of mapped contacts (upserts and deletes), as the Salesforce target sends them. */
    public List<CrmRequest> requests(CrmBatch batch) {
        List<CrmRequest> requests = new ArrayList<>(upsertRequests(batch));
        for (CrmBatch.Item item : batch.getDeletes().getItems()) {
            requests.add(new CrmRequest("DELETE", singlePath(item.getRecordKey()), null,
                    List.of(item.getRecordKey()), List.of(item.getEventId())));
        }
        return requests;
    }

    /** Prepares a delete by external id (the item is the body). */
    public void deleteOne(Exchange exchange) {
        CrmBatch.Item item = exchange.getMessage().getBody(CrmBatch.Item.class);
        exchange.getMessage().setHeader(ID_VALUE_HEADER, item.getRecordKey());
        exchange.getMessage().setBody(null);
    }

    /** A delete that succeeded (204), or whose record was already gone (404 NOT_FOUND), counts as deleted. */
    public void readDelete(CrmBatch.Item item) {
        item.succeeded("deleted", null);
    }

}
