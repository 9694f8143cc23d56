package io.quocrmbridge.crm.hubspot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quocrmbridge.json.Json;
import io.quocrmbridge.crm.CrmBatch;
import io.quocrmbridge.crm.CrmCall;
import io.quocrmbridge.crm.CrmPlanner;
import io.quocrmbridge.crm.CustomFieldMapping;
import io.quocrmbridge.crm.HttpCrmCalls;
import io.quocrmbridge.store.Database;
import io.quocrmbridge.store.OutboxStore;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the HubSpot target sends for contacts: batch upserts by the unique property HUBSPOT_CONTACT_UNIQUE_PROPERTY
 * ({@code quo_contact_id}, holding the Quo contact's externalId, else its Quo id), at most HUBSPOT_BATCH_SIZE (100)
 * inputs a call — HubSpot has no single-record upsert, so one waiting contact is a batch of one; each input's result
 * ({@code new}: created or updated) or error (a 207 answer) is its own. Contacts deleted in Quo are archived by the
 * HubSpot id the bridge stored when it wrote them ({@code CONTACT_DELETE_POLICY=delete}), or flagged with
 * HUBSPOT_CONTACT_DELETED_PROPERTY ({@code flag}).
 */
public final class HubSpotContacts implements CrmPlanner {

    private static final Logger LOG = LoggerFactory.getLogger(HubSpotContacts.class);

    static final String PATH = "/crm/v3/objects/contacts";

    private final Database database;
    private final OutboxStore outbox;
    private final HubSpotSettings settings;
    private final CustomFieldMapping customFields;

    public HubSpotContacts(Database database, OutboxStore outbox, HubSpotSettings settings,
                           CustomFieldMapping customFields) {
        this.database = database;
        this.outbox = outbox;
        this.settings = settings;
        this.customFields = customFields;
    }

    /**
     * Finishes the route file's mapping of one contact: adds the configured custom fields and, under the flag policy,
     * the "deleted in Quo" property; values become strings, empty ones are left out (an empty Quo value never clears
     * a HubSpot property), and the unique property is set by the bridge itself.
     */
    public JsonNode completeMapping(JsonNode mapped, CrmBatch.Item item) {
        ObjectNode fields = mapped != null && mapped.isObject() ? (ObjectNode) mapped.deepCopy() : Json.object();
        customFields.addTo(fields, item.getCanonical().get("contact"));
        if (OutboxStore.FLAG_DELETED.equals(item.getOperation())) {
            fields.put(settings.contactDeletedProperty(), true);
        }
        return HubSpotProperties.of(fields, settings.contactUniqueProperty());
    }

    /**
     * The calls for a mapped batch: batch upserts of the open upserts, and one batch archive of the contacts to
     * delete whose HubSpot id the bridge knows. A contact the bridge never wrote to HubSpot has nothing to delete: it
     * is settled as deleted at once.
     */
    @Override
    public List<CrmCall> calls(Exchange exchange, CrmBatch batch) {
        List<CrmCall> calls = new ArrayList<>();
        List<CrmBatch.Item> upserts = batch.getUpserts().getItems();
        for (int from = 0; from < upserts.size(); from += settings.batchSize()) {
            CrmBatch scope = new CrmBatch(batch.getTarget(), batch.getKind(),
                    upserts.subList(from, Math.min(upserts.size(), from + settings.batchSize())));
            calls.add(new CrmCall("upsert", "POST", PATH + "/batch/upsert", upsertBody(scope), scope));
        }
        List<CrmBatch.Item> deletes = batch.getDeletes().getItems();
        if (!deletes.isEmpty()) {
            Map<String, String> ids = database.withConnection(connection -> outbox.crmIds(connection,
                    batch.getTarget(), OutboxStore.CONTACT, deletes.stream().map(CrmBatch.Item::getRecordKey).toList()));
            List<CrmBatch.Item> known = new ArrayList<>();
            for (CrmBatch.Item item : deletes) {
                if (ids.containsKey(item.getRecordKey())) {
                    known.add(item);
                } else {
                    LOG.info("hubspot contact {} was never written to HubSpot by the bridge: nothing to delete",
                            item.getRecordKey());
                    item.succeeded("deleted", null);
                }
            }
            for (int from = 0; from < known.size(); from += settings.batchSize()) {
                CrmBatch scope = new CrmBatch(batch.getTarget(), batch.getKind(),
                        known.subList(from, Math.min(known.size(), from + settings.batchSize())));
                ObjectNode body = Json.object();
                ArrayNode inputs = body.putArray("inputs");
                scope.getItems().forEach(item -> inputs.addObject().put("id", ids.get(item.getRecordKey())));
                calls.add(new CrmCall("archive", "POST", PATH + "/batch/archive", body, scope, ids));
            }
        }
        return calls;
    }

    private ObjectNode upsertBody(CrmBatch scope) {
        ObjectNode body = Json.object();
        ArrayNode inputs = body.putArray("inputs");
        for (CrmBatch.Item item : scope.getItems()) {
            ObjectNode input = inputs.addObject();
            input.put("id", item.getRecordKey());
            input.put("idProperty", settings.contactUniqueProperty());
            ObjectNode properties = item.getMapped() != null && item.getMapped().isObject()
                    ? (ObjectNode) item.getMapped().deepCopy() : Json.object();
            properties.put(settings.contactUniqueProperty(), item.getRecordKey());
            input.set("properties", properties);
        }
        return body;
    }

    /** Reads the answer to one call: each upserted contact created or updated, or its own error; archived ones deleted. */
    @Override
    public void read(Exchange exchange, CrmCall call) {
        if ("archive".equals(call.purpose())) {
            call.items().forEach(item -> item.succeeded("deleted", call.ids().get(item.getRecordKey())));
            return;
        }
        String unique = settings.contactUniqueProperty();
        HubSpotBatchAnswer.parse(HttpCrmCalls.status(exchange), HttpCrmCalls.body(exchange)).settle(call.items(),
                CrmBatch.Item::getRecordKey, result -> Json.text(result.path("properties"), unique),
                result -> result.path("new").asBoolean(false) ? "created" : "updated");
    }
}
