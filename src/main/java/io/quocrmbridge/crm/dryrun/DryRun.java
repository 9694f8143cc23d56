package io.quocrmbridge.crm.dryrun;

import java.time.Clock;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quocrmbridge.crm.CrmBatch;
import io.quocrmbridge.crm.CrmCall;
import io.quocrmbridge.flow.ExchangeVariables;
import io.quocrmbridge.json.Json;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dry-run mode of any target ({@code CRM_DRY_RUN=true}, and always for the {@code dry-run} target): the request a
 * target's planner built is written to dry-run.jsonl instead of being sent, one JSON object a line
 * ({@code {"target", "at", "method", "path", "body", "recordKeys", "eventIds"}}), and its records are marked written
 * with the outcome {@code dry-run}. Nothing leaves the machine; the log line names the target, method, path and record
 * keys, never the body.
 */
public final class DryRun {

    private static final Logger LOG = LoggerFactory.getLogger(DryRun.class);

    private final DryRunFile file;
    private final Clock clock;

    public DryRun(DryRunFile file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    /** Writes the request being made (variable {@code crmCall}) instead of sending it. */
    public void write(Exchange exchange) {
        CrmCall call = exchange.getVariable(ExchangeVariables.CRM_CALL, CrmCall.class);
        List<String> keys = call.items().stream().map(CrmBatch.Item::getRecordKey).toList();
        ObjectNode line = Json.object();
        line.put("target", call.scope().getTarget());
        line.put("at", clock.instant().toString());
        line.put("method", call.method());
        line.put("path", call.path());
        if (call.body() != null) {
            line.set("body", call.body());
        }
        line.set("recordKeys", Json.MAPPER.valueToTree(keys));
        line.set("eventIds", Json.MAPPER.valueToTree(call.items().stream().map(CrmBatch.Item::getEventId).toList()));
        file.append(Json.write(line));
        LOG.info("{} (dry-run) would send {} {} for {}", call.scope().getTarget(), call.method(), call.path(), keys);
        call.items().stream().filter(item -> !item.isSettled()).forEach(item -> item.succeeded("dry-run", null));
    }

    /** Marks every open record of the batch as written by the dry run (a record whose mapping failed stays failed). */
    public void markWritten(CrmBatch batch) {
        batch.unsettled().forEach(item -> item.succeeded("dry-run", null));
    }
}
