package io.quocrmbridge.crm.dryrun;

import java.time.Clock;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quocrmbridge.canonical.Json;
import io.quocrmbridge.crm.CrmBatch;
import io.quocrmbridge.crm.CrmRequest;
import io.quocrmbridge.crm.salesforce.SalesforceContacts;
import io.quocrmbridge.crm.salesforce.SalesforceTasks;

/**
 * The dry-run target: renders the requests the Salesforce target would send for a batch, one JSON object a line
 * ({@code {"target", "at", "method", "path", "body", "recordKeys", "eventIds"}}), and marks the records written
 * (outcome {@code dry-run}). Nothing leaves the machine.
 */
public final class DryRun {

    private final SalesforceContacts contacts;
    private final SalesforceTasks tasks;
    private final Clock clock;

    public DryRun(SalesforceContacts contacts, SalesforceTasks tasks, Clock clock) {
        this.contacts = contacts;
        this.tasks = tasks;
        this.clock = clock;
    }

    /** The would-be requests of a mapped contact batch, as JSON lines (each ending with a newline). */
    public String renderContacts(CrmBatch batch) {
        return render(contacts.requests(batch));
    }

    /** The would-be requests of a mapped activity batch (Tasks for calls and texts), as JSON lines. */
    public String renderActivities(CrmBatch batch) {
        return render(tasks.requests(batch));
    }

    String render(List<CrmRequest> requests) {
        StringBuilder lines = new StringBuilder();
        String at = clock.instant().toString();
        for (CrmRequest request : requests) {
            ObjectNode line = Json.object();
            line.put("target", "dry-run");
            line.put("at", at);
            line.put("method", request.method());
            line.put("path", request.path());
            if (request.body() != null) {
                line.set("body", request.body());
            }
            line.set("recordKeys", Json.MAPPER.valueToTree(request.recordKeys()));
            line.set("eventIds", Json.MAPPER.valueToTree(request.eventIds()));
            lines.append(Json.write(line)).append('\n');
        }
        return lines.toString();
    }

    /** Marks every open record of the batch as written by the dry run (a record whose mapping failed stays failed). */
    public void markWritten(CrmBatch batch) {
        batch.unsettled().forEach(item -> item.succeeded("dry-run", null));
    }
}
