package io.quocrmbridge.crm;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One HTTP call an HTTP target (HubSpot, a REST CRM wired in a route file) makes for some records of a batch: the
 * target's planner bean makes the list, the writer route sends each call ({@code direct:<target>-api}) and hands the
 * answer back to the planner to read. A call that fails is settled for the records it carried.
 *
 * @param purpose what the call does, for the planner reading its answer and for logs (e.g. {@code upsert},
 *                {@code create}, {@code associate})
 * @param method  HTTP method
 * @param path    path on the CRM's API host
 * @param body    JSON body, or null
 * @param scope   the records the call writes; its failure is theirs
 * @param ids     what the planner knew of those records before the call (e.g. record key to CRM id)
 */
public record CrmCall(String purpose, String method, String path, JsonNode body, CrmBatch scope,
                      Map<String, String> ids) {

    public CrmCall(String purpose, String method, String path, JsonNode body, CrmBatch scope) {
        this(purpose, method, path, body, scope, Map.of());
    }

    public List<CrmBatch.Item> items() {
        return scope.getItems();
    }
}
