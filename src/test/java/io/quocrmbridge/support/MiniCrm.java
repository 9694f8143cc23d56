package io.quocrmbridge.support;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.quocrmbridge.crm.CrmBatch;
import io.quocrmbridge.crm.CrmCall;
import io.quocrmbridge.crm.CrmPlanner;
import io.quocrmbridge.crm.HttpCrmCalls;
import org.apache.camel.Exchange;

/**
 * The planner of a minimal CRM target added "in code" (README, "Adding a CRM target"): each mapped contact is created
 * with {@code POST /api/v2/people}, and the id in the answer is kept. Everything else (claiming, mapping, sending,
 * dry-run, retries, dead letters, the journal) is the shared writer's.
 */
public final class MiniCrm implements CrmPlanner {

    @Override
    public List<CrmCall> calls(Exchange exchange, CrmBatch batch) {
        List<CrmCall> calls = new ArrayList<>();
        for (CrmBatch.Item item : batch.getUpserts().getItems()) {
            calls.add(new CrmCall("create", "POST", "/api/v2/people", item.getMapped(),
                    new CrmBatch(batch.getTarget(), batch.getKind(), List.of(item))));
        }
        return calls;
    }

    @Override
    public void read(Exchange exchange, CrmCall call) {
        JsonNode answer = Fixtures.parse(HttpCrmCalls.body(exchange));
        call.items().get(0).succeeded("created", answer.path("data").path("id").asText());
    }
}
