package io.quocrmbridge.crm.salesforce;

import io.quocrmbridge.store.OutboxStore;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quocrmbridge.json.Json;
import io.quocrmbridge.crm.CrmBatch;
import io.quocrmbridge.crm.CrmCall;
import io.quocrmbridge.crm.CrmPlanner;
import io.quocrmbridge.crm.CustomFieldMapping;
import org.apache.camel.Exchange;

/**
 * What the Salesforce target sends for contacts: upserts by the external-ID field (see {@link SalesforceUpserts}),
 * deletions one by one; the shared writer sends them, or prints them in dry-run mode.
 */
public final class SalesforceContacts extends SalesforceUpserts implements CrmPlanner {

    static final String DELETE = "delete";

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
        if (OutboxStore.FLAG_DELETED.equals(item.getOperation())) {
            fields.put(deletedField, true);
        }
        return Json.withoutNulls(fields, "Id", externalIdField);
    }

    /** The requests for a batch of mapped contacts: upserts, and deletions by external id one by one. */
    @Override
    public List<CrmCall> calls(Exchange exchange, CrmBatch batch) {
        List<CrmCall> calls = new ArrayList<>(upsertCalls(batch));
        for (CrmBatch.Item item : batch.getDeletes().getItems()) {
            calls.add(new CrmCall(DELETE, "DELETE", singlePath(item.getRecordKey()), null,
                    new CrmBatch(batch.getTarget(), batch.getKind(), List.of(item))));
        }
        return calls;
    }

    /**
     * Reads an answer: upserts record by record; a delete that succeeded (204), or whose record was already gone (the
     * send route turns 404 NOT_FOUND into an empty answer), counts as deleted.
     */
    @Override
    public void read(Exchange exchange, CrmCall call) {
        if (!readUpsert(exchange, call)) {
            call.items().forEach(item -> item.succeeded("deleted", null));
        }
    }
}
