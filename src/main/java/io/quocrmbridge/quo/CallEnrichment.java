package io.quocrmbridge.quo;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quocrmbridge.json.Json;
import io.quocrmbridge.observe.Availability;
import io.quocrmbridge.observe.BridgeMetrics;
import io.quocrmbridge.store.Database;
import io.quocrmbridge.store.EnrichmentTasks;
import io.quocrmbridge.store.InboxEvent;
import io.quocrmbridge.store.InboxStore;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Completes calls from Quo's API (the steps of routes/quo-call-enrichment.camel.yaml): {@code GET /v1/calls/{id}}
 * for a call whose webhook named no participants, {@code GET /v1/call-voicemails/{id}} for an unanswered call. The
 * answer is stored in the inbox as the bridge's own event ({@code call.fetched}, {@code call.voicemail.fetched},
 * source {@code api}) and merged into the call's activity like any webhook, in one transaction with finishing the
 * task. A group call (400 "Too Many Participants"), a call without voicemail (404) and a refused request are
 * finished, not retried forever.
 */
public final class CallEnrichment {

    private static final Logger LOG = LoggerFactory.getLogger(CallEnrichment.class);

    public static final String FETCHED_CALL = "call.fetched";
    public static final String FETCHED_VOICEMAIL = "call.voicemail.fetched";

    /** Retries: how many attempts a task gets, and the first delay between them (doubling). */
    public record Settings(int maxAttempts, Duration retryDelay) {
    }

    private final Database database;
    private final InboxStore inbox;
    private final EnrichmentTasks tasks;
    private final Settings settings;
    private final Availability availability;
    private final BridgeMetrics metrics;
    private final Clock clock;

    public CallEnrichment(Database database, InboxStore inbox, EnrichmentTasks tasks, Settings settings,
                          Availability availability, BridgeMetrics metrics, Clock clock) {
        this.database = database;
        this.inbox = inbox;
        this.tasks = tasks;
        this.settings = settings;
        this.availability = availability;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** The due tasks (an empty list tells the scheduler nothing was polled). */
    public List<EnrichmentTasks.Task> due(Exchange exchange) {
        List<EnrichmentTasks.Task> due = tasks.takeDue(20);
        if (due.isEmpty()) {
            exchange.setProperty(Exchange.SCHEDULER_POLLED_MESSAGES, false);
        }
        return due;
    }

    public void request(Exchange exchange, EnrichmentTasks.Task task) {
        String path = EnrichmentTasks.VOICEMAIL.equals(task.task()) ? "/v1/call-voicemails/" : "/v1/calls/";
        QuoApi.request(exchange, "GET", path + QuoApi.encode(task.callId()), null);
    }

    /** Stores what Quo answered as an event of the call, and finishes the task; sets {@code storedEvents}. */
    public void fetched(Exchange exchange, EnrichmentTasks.Task task) {
        JsonNode data = Json.parse(exchange.getMessage().getBody(String.class)).path("data");
        boolean voicemail = EnrichmentTasks.VOICEMAIL.equals(task.task());
        if (voicemail && "in-progress".equals(Json.text(data, "status"))) {
            retry(task, "the voicemail is still being processed");
            exchange.setVariable("storedEvents", List.of());
            return;
        }
        ObjectNode object;
        if (voicemail) {
            object = Json.object();
            object.put("id", task.callId());
            ObjectNode vm = object.putObject("voicemail");
            vm.set("url", data.get("recordingUrl"));
            vm.set("duration", data.get("duration"));
            vm.set("transcript", data.get("transcript"));
        } else {
            object = data.isObject() ? (ObjectNode) data.deepCopy() : Json.object();
        }
        ObjectNode envelope = Json.object();
        String type = voicemail ? FETCHED_VOICEMAIL : FETCHED_CALL;
        envelope.put("id", "api:" + task.task() + ":" + task.callId());
        envelope.put("object", "event");
        envelope.put("createdAt", clock.instant().toString());
        envelope.put("type", type);
        envelope.putObject("data").set("object", object);
        List<InboxEvent> stored = database.inTransaction(connection -> {
            List<InboxEvent> events = inbox.acceptAll(connection, List.of(new InboxStore.NewEvent(
                    Json.text(envelope, "id"), InboxEvent.EventSource.API, type, Json.write(envelope))));
            tasks.finish(connection, task.id(), EnrichmentTasks.DONE, null);
            return events;
        });
        availability.available("quo.api");
        metrics.count("bridge_enrichment_total", "outcome", task.task() + "_fetched", 1);
        LOG.info("call {}: {} fetched from Quo", task.callId(), voicemail ? "voicemail" : "details");
        exchange.setVariable("storedEvents", stored);
    }

    /** What Quo's API answered after its retries: finished for good, or tried again later. */
    public void failed(Exchange exchange, EnrichmentTasks.Task task) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        HttpOperationFailedException http = QuoApi.httpFailure(failure);
        int status = http == null ? 0 : http.getStatusCode();
        String body = http == null ? "" : http.getResponseBody();
        if (status == 400 && body != null && body.contains("Too Many Participants")) {
            finish(task, EnrichmentTasks.GAVE_UP, "a group call: Quo gives no details for it (400 Too Many Participants)");
        } else if (status == 404 && EnrichmentTasks.VOICEMAIL.equals(task.task())) {
            if (task.attempts() >= settings.maxAttempts()) {
                finish(task, EnrichmentTasks.DONE, "no voicemail was left");
            } else {
                retry(task, "no voicemail (yet)");
            }
        } else if (status == 401 || status == 403) {
            availability.unavailable("quo.api", "Quo refused the API key (" + status + "): check QUO_API_KEY",
                    "call details and voicemails are fetched again later");
            retry(task, "Quo refused the API key (" + status + ")");
        } else if (status >= 400 && status < 500 && status != 429) {
            finish(task, EnrichmentTasks.GAVE_UP, "Quo answered " + status + ": " + body);
        } else {
            retry(task, failure == null ? "unknown" : failure.getClass().getSimpleName() + ": " + failure.getMessage());
        }
        exchange.setVariable("storedEvents", List.of());
    }

    private void retry(EnrichmentTasks.Task task, String reason) {
        if (task.attempts() >= settings.maxAttempts()) {
            finish(task, EnrichmentTasks.GAVE_UP, "gave up after " + task.attempts() + " attempts: " + reason);
            return;
        }
        Duration delay = settings.retryDelay().multipliedBy(1L << Math.min(10, task.attempts() - 1));
        tasks.retryAt(task.id(), clock.instant().plus(delay), reason);
        LOG.info("call {}: {} not fetched ({}); trying again in {}", task.callId(), task.task(), reason,
                delay.toString().substring(2).toLowerCase(java.util.Locale.ROOT));
    }

    private void finish(EnrichmentTasks.Task task, String status, String note) {
        tasks.finish(task.id(), status, note);
        metrics.count("bridge_enrichment_total", "outcome", task.task() + "_" + status.toLowerCase(java.util.Locale.ROOT), 1);
        LOG.info("call {}: {} finished without fetching: {}", task.callId(), task.task(), note);
    }
}
