package io.quocrmbridge.crm.rest;

import io.quocrmbridge.store.OutboxStore;
import io.quocrmbridge.flow.ExchangeVariables;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quocrmbridge.json.Json;
import io.quocrmbridge.crm.CrmBatch;
import io.quocrmbridge.crm.CrmCall;
import io.quocrmbridge.crm.CrmPlanner;
import io.quocrmbridge.flow.ExchangeVariables;
import io.quocrmbridge.crm.HttpCrmCalls;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One REST target's writer, as configured by the parameters of a {@code rest-crm-writer} template instance (a local
 * bean of the template, so several targets and kinds each have their own): how records are upserted, where the
 * CRM's id is in its answers, and how a record is deleted.
 *
 * <p>Upsert semantics ({@code upsert}):
 * <ul>
 *   <li>{@code put-by-key}: one request per record to {@code upsertPath} with {@code {key}} replaced by the record's
 *       key (the Quo contact's externalId or id, the call or message id), e.g. {@code PUT /contacts/{key}}: the CRM
 *       upserts by that key, so a retry can't create a second record;</li>
 *   <li>{@code create-then-update}: the first write is {@code createMethod createPath} and the CRM's id is read from
 *       the answer at {@code idPointer} (a JSON pointer) and kept by the bridge; later writes are
 *       {@code updateMethod updatePath} with {@code {id}} replaced, for CRMs without an external-id upsert;</li>
 *   <li>{@code bulk}: one request per batch, {@code upsertMethod upsertPath} with a JSON array of the mapped records,
 *       each carrying its key in {@code keyField}; a 2xx answer settles the whole batch, a failure fails it all.</li>
 * </ul>
 * Deletion ({@code CONTACT_DELETE_POLICY=delete}) is {@code deleteMethod deletePath} with {@code {id}} or {@code {key}};
 * a 404 counts as deleted. Without a {@code deletePath} a deletion is settled as skipped, with a log line.
 */
public final class RestTarget implements CrmPlanner {

    private static final Logger LOG = LoggerFactory.getLogger(RestTarget.class);

    private RestCrm crm;
    private String target;
    private String kind;
    private String upsert = "put-by-key";
    private String upsertMethod = "PUT";
    private String upsertPath;
    private String createMethod = "POST";
    private String createPath;
    private String updateMethod = "PATCH";
    private String updatePath;
    private String idPointer = "/id";
    private String keyField = "externalId";
    private String deleteMethod = "DELETE";
    private String deletePath;
    private String baseUrl;
    private String authHeader = "Authorization";
    private String authValue;

    /**
     * Readies a batch, once: reads the CRM ids the bridge holds for its records (for the mapping's {@code .crm.id}
     * and for create-then-update) into {@link ExchangeVariables#KNOWN_CRM_IDS}, and links activities by the policy, through the
     * contacts the bridge wrote to this target.
     */
    @Override
    public void prepare(Exchange exchange, CrmBatch batch) {
        exchange.setVariable(ExchangeVariables.KNOWN_CRM_IDS, knownIds(batch.getItems()));
        if ("activity".equals(kind)) {
            crm.links(target).apply(exchange, batch);
        }
    }

    /**
     * The mapping's input for one record: its canonical record (docs/canonical-events.md) plus {@code crm}: the
     * record's key, the CRM id the bridge holds for it (null before the first write) and, for an activity, the CRM id
     * of its contact ({@code linkedTo}, null when it has none yet).
     */
    @Override
    @SuppressWarnings("unchecked")
    public String mappingInput(Exchange exchange, CrmBatch.Item item) {
        Map<String, String> knownIds = exchange.getVariable(ExchangeVariables.KNOWN_CRM_IDS, Map.class);
        ObjectNode input = (ObjectNode) item.getCanonical().deepCopy();
        ObjectNode crmInfo = input.putObject("crm");
        crmInfo.put("target", target);
        crmInfo.put("key", item.getRecordKey());
        crmInfo.put("id", knownIds.get(item.getRecordKey()));
        crmInfo.put("linkedTo", item.getLinkedTo());
        ArrayNode also = crmInfo.putArray("alsoLinkedTo");
        item.getAlsoLinkedTo().forEach(also::add);
        return Json.write(input);
    }

    /** The calls a mapped batch makes. */
    @Override
    @SuppressWarnings("unchecked")
    public List<CrmCall> calls(Exchange exchange, CrmBatch batch) {
        Map<String, String> ids = exchange.getVariable(ExchangeVariables.KNOWN_CRM_IDS, Map.class);
        List<CrmCall> calls = new ArrayList<>();
        List<CrmBatch.Item> upserts = batch.getUpserts().getItems();
        switch (upsert.toLowerCase(Locale.ROOT)) {
            case "bulk" -> {
                if (!upserts.isEmpty()) {
                    ArrayNode body = Json.MAPPER.createArrayNode();
                    for (CrmBatch.Item item : upserts) {
                        ObjectNode record = body.addObject();
                        record.put(keyField, item.getRecordKey());
                        record.setAll(body(item));
                    }
                    calls.add(new CrmCall("bulk", upsertMethod, required(upsertPath, "upsertPath"), body,
                            new CrmBatch(batch.getTarget(), batch.getKind(), upserts), ids));
                }
            }
            case "create-then-update" -> {
                for (CrmBatch.Item item : upserts) {
                    String id = ids.get(item.getRecordKey());
                    calls.add(id == null
                            ? new CrmCall("create", createMethod, required(createPath, "createPath"),
                                    body(item), one(batch, item), ids)
                            : new CrmCall("update", updateMethod, fill(required(updatePath, "updatePath"), item, id),
                                    body(item), one(batch, item), ids));
                }
            }
            case "put-by-key" -> {
                for (CrmBatch.Item item : upserts) {
                    calls.add(new CrmCall("upsert", upsertMethod, fill(required(upsertPath, "upsertPath"), item,
                            ids.get(item.getRecordKey())), body(item), one(batch, item), ids));
                }
            }
            default -> throw new IllegalArgumentException(target + ": upsert must be put-by-key, create-then-update or "
                    + "bulk, not '" + upsert + "'");
        }
        for (CrmBatch.Item item : batch.getDeletes().getItems()) {
            String id = ids.get(item.getRecordKey());
            if (deletePath == null || deletePath.isBlank()) {
                LOG.info("{} has no deletePath: contact {} deleted in Quo is left as it is", target,
                        item.getRecordKey());
                item.succeeded("skipped", null);
            } else if (id == null && deletePath.contains("{id}")) {
                LOG.info("{} contact {} was never written by the bridge: nothing to delete", target,
                        item.getRecordKey());
                item.succeeded("deleted", null);
            } else {
                calls.add(new CrmCall("delete", deleteMethod, fill(deletePath, item, id), null,
                        one(batch, item), ids));
            }
        }
        return calls;
    }

    /** The mapped record as the request body, without the fields the mapping left null (they are not sent). */
    private static ObjectNode body(CrmBatch.Item item) {
        ObjectNode body = item.getMapped() != null && item.getMapped().isObject()
                ? ((ObjectNode) item.getMapped()).deepCopy() : Json.object();
        return Json.withoutNulls(body);
    }

    private static CrmBatch one(CrmBatch batch, CrmBatch.Item item) {
        return new CrmBatch(batch.getTarget(), batch.getKind(), List.of(item));
    }

    private String required(String value, String parameter) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(target + ": the rest-crm-writer parameter " + parameter
                    + " is needed for upsert=" + upsert);
        }
        return value;
    }

    private static String fill(String path, CrmBatch.Item item, String id) {
        String filled = path.replace("{key}", encode(item.getRecordKey()));
        return id == null ? filled : filled.replace("{id}", encode(id));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private Map<String, String> knownIds(List<CrmBatch.Item> items) {
        if (items.isEmpty()) {
            return Map.of();
        }
        return crm.database().withConnection(connection -> crm.outbox().crmIds(connection, target, kind,
                items.stream().map(CrmBatch.Item::getRecordKey).toList()));
    }

    /** Reads the answer to one call (a failed call never gets here: camel-http throws on a non-2xx answer). */
    @Override
    public void read(Exchange exchange, CrmCall call) {
        int status = HttpCrmCalls.status(exchange);
        String body = HttpCrmCalls.body(exchange);
        switch (call.purpose()) {
            case "delete" -> call.items().forEach(item -> item.succeeded("deleted", call.ids().get(item.getRecordKey())));
            case "bulk" -> call.items().forEach(item -> item.succeeded("written", call.ids().get(item.getRecordKey())));
            case "create" -> {
                String id = idIn(body);
                CrmBatch.Item item = call.items().get(0);
                if (id == null) {
                    // written, but without the id the next write would create a second record: say so loudly
                    LOG.warn("{} created {} but its answer has no id at {}: the next change would create it again; "
                            + "check the idPointer parameter", target, item.getRecordKey(), idPointer);
                }
                item.succeeded("created", id);
            }
            default -> {
                CrmBatch.Item item = call.items().get(0);
                String id = idIn(body);
                item.succeeded("upsert".equals(call.purpose()) && status == 201 ? "created" : "updated",
                        id != null ? id : call.ids().get(item.getRecordKey()));
            }
        }
    }

    private String idIn(String body) {
        if (body == null || body.isBlank() || idPointer == null || idPointer.isBlank()) {
            return null;
        }
        try {
            JsonNode id = Json.parse(body).at(idPointer);
            return id.isMissingNode() || id.isNull() ? null : id.asText();
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    // ---- template parameters (bean properties) ------------------------------------------------------------------

    /** Sets the credential on the request about to be sent, and nothing else of the exchange's headers. */
    public void authorize(Exchange exchange) {
        if (authValue != null) {
            exchange.getMessage().setHeader(authHeader, authValue);
        }
    }

    /** Takes the credential off the message again, so it never reaches a log line or trace of a later step. */
    public void deauthorize(Exchange exchange) {
        exchange.getMessage().removeHeader(authHeader);
    }

    /** The CRM API's base URL, for the send route. */
    public String getBaseUrl() {
        return baseUrl;
    }

    public void setBaseUrl(String baseUrl) {
        this.baseUrl = blankToNull(baseUrl);
    }

    public void setAuthHeader(String authHeader) {
        this.authHeader = authHeader;
    }

    /** The credential the template sends: registered as a secret, so logs and traces never show it. */
    public void setAuthValue(String authValue) {
        this.authValue = blankToNull(authValue);
        io.quocrmbridge.observe.LogMasking.registerSecret(blankToNull(authValue));
        io.quocrmbridge.observe.LogMasking.registerSecret(bearerToken(blankToNull(authValue)));
    }

    private static String bearerToken(String authValue) {
        return authValue != null && authValue.regionMatches(true, 0, "Bearer ", 0, 7) ? authValue.substring(7).trim()
                : null;
    }

    public void setCrm(RestCrm crm) {
        this.crm = crm;
    }

    public void setTarget(String target) {
        this.target = target;
    }

    public void setKind(String kind) {
        if (!OutboxStore.CONTACT.equals(kind) && !"activity".equals(kind)) {
            throw new IllegalArgumentException("rest-crm-writer: kind must be contact or activity, not '" + kind + "'");
        }
        this.kind = kind;
    }

    public void setUpsert(String upsert) {
        this.upsert = upsert;
    }

    public void setUpsertMethod(String upsertMethod) {
        this.upsertMethod = upsertMethod;
    }

    public void setUpsertPath(String upsertPath) {
        this.upsertPath = blankToNull(upsertPath);
    }

    public void setCreateMethod(String createMethod) {
        this.createMethod = createMethod;
    }

    public void setCreatePath(String createPath) {
        this.createPath = blankToNull(createPath);
    }

    public void setUpdateMethod(String updateMethod) {
        this.updateMethod = updateMethod;
    }

    public void setUpdatePath(String updatePath) {
        this.updatePath = blankToNull(updatePath);
    }

    public void setIdPointer(String idPointer) {
        this.idPointer = blankToNull(idPointer);
    }

    public void setKeyField(String keyField) {
        this.keyField = keyField;
    }

    public void setDeleteMethod(String deleteMethod) {
        this.deleteMethod = deleteMethod;
    }

    public void setDeletePath(String deletePath) {
        this.deletePath = blankToNull(deletePath);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() || "none".equalsIgnoreCase(value.trim()) ? null : value.trim();
    }
}
