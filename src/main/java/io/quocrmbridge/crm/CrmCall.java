package io.quocrmbridge.crm;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One request a target makes for some records of a batch: the target's {@link CrmPlanner} makes the list, the
 * shared writer (routes/crm-writer.camel.yaml) sends each through the target's send route, or writes it to
 * dry-run.jsonl in dry-run mode, and hands the answer back to the planner to read. A call that fails is settled for
 * the records it carried.
 *
 * @param purpose what the call does, for the planner reading its answer and for logs (e.g. {@code upsert},
 *                {@code create}, {@code associate})
 * @param method  HTTP method
 * @param path    path on the CRM's API host
 * @param body    JSON body, or null
 * @param scope   the records the call writes; its failure is theirs
 * @param ids      what the planner knew of those records before the call (e.g. record key to CRM id)
 * @param optional a call whose failure is only logged: its records stay as the calls before it left them (e.g.
 *                 Salesforce TaskRelations for the other matching contacts)
 */
public record CrmCall(String purpose, String method, String path, JsonNode body, CrmBatch scope,
                      Map<String, String> ids, boolean optional) {

    public CrmCall(String purpose, String method, String path, JsonNode body, CrmBatch scope) {
        this(purpose, method, path, body, scope, Map.of(), false);
    }

    public CrmCall(String purpose, String method, String path, JsonNode body, CrmBatch scope,
                   Map<String, String> ids) {
        this(purpose, method, path, body, scope, ids, false);
    }

    public List<CrmBatch.Item> items() {
        return scope.getItems();
    }
}
