package io.quocrmbridge.crm;

import io.quocrmbridge.flow.ExchangeVariables;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Tags;
import io.quocrmbridge.observe.Availability;
import io.quocrmbridge.observe.BridgeMetrics;
import io.quocrmbridge.observe.EventLog;
import io.quocrmbridge.store.Database;
import io.quocrmbridge.store.DeadLetterStore;
import io.quocrmbridge.store.OutboxStore;
import io.quocrmbridge.store.OutcomeJournal;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps every target's writer route shares: take the next due batch from the outbox, attach what the route
 * file mapped each record to, record failures, and settle every record's outcome (written, retry later, or dead
 * letter) in one transaction.
 */
public final class CrmWriter {

    private static final Logger LOG = LoggerFactory.getLogger(CrmWriter.class);

    /** Exchange variables the writer routes and their error handling use. */
    /** The records of the CRM call being made (e.g. the upserts of a batch). */
    /** The one record being mapped or written. */

    private final Database database;
    private final OutboxStore outbox;
    private final DeadLetterStore deadLetters;
    private final OutcomeJournal journal;
    private final RetryPolicy retries;
    private final Duration maxWait;
    private final Duration unavailableDelay;
    private final Availability health;
    private final BridgeMetrics metrics;
    private final Clock clock;
    /** Targets that said they can't take anything now (API allowance spent, login refused): no calls until then. */
    private final java.util.Map<String, Instant> pausedUntil = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<WriteListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public CrmWriter(Database database, OutboxStore outbox, DeadLetterStore deadLetters, OutcomeJournal journal,
                     RetryPolicy retries, Duration maxWait, Duration unavailableDelay, Availability health,
                     BridgeMetrics metrics, Clock clock) {
        this.database = database;
        this.outbox = outbox;
        this.deadLetters = deadLetters;
        this.journal = journal;
        this.retries = retries;
        this.maxWait = maxWait;
        this.unavailableDelay = unavailableDelay;
        this.health = health;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** The writers the route files instantiated (crm-writer template instances), for the start check. */
    private final List<TargetWriter> writers = new java.util.concurrent.CopyOnWriteArrayList<>();

    void register(TargetWriter writer) {
        writers.add(writer);
    }

    /**
     * Checks, once the routes are created, that every active target has a writer (a warning when it has none for
     * one kind) and that each writer's mapping, send and link endpoints are routes that exist.
     *
     * @throws IllegalStateException naming what is missing
     */
    public void checkWriters(org.apache.camel.CamelContext context, List<String> activeTargets) {
        List<String> problems = new ArrayList<>();
        for (String target : activeTargets) {
            if (writers.stream().noneMatch(w -> w.getTarget().equals(target))) {
                problems.add("CRM_TARGETS names '" + target + "' but no route file instantiates a crm-writer (or "
                        + "rest-crm-writer) for it: add routes/crm-" + target + ".camel.yaml or remove it from "
                        + "CRM_TARGETS");
                continue;
            }
            for (String kind : List.of("contact", "activity")) {
                if (writers.stream().noneMatch(w -> w.getTarget().equals(target) && w.getKind().equals(kind))) {
                    LOG.warn("{} has no {} writer: its {} work is queued and never sent", target, kind, kind);
                }
            }
        }
        for (TargetWriter writer : writers) {
            if (!activeTargets.contains(writer.getTarget())) {
                continue;
            }
            for (String[] part : new String[][] {{"mapping", writer.getMapping()}, {"send", writer.getSend()},
                {"link", writer.getLink()}}) {
                String uri = part[1];
                boolean found = uri != null && context.getRoutes().stream().anyMatch(route ->
                        route.getEndpoint() != null && org.apache.camel.support.EndpointHelper.matchEndpoint(context,
                                route.getEndpoint().getEndpointUri(), uri));
                if (!found) {
                    problems.add(writer + ": its " + part[0] + " endpoint '" + uri + "' is not a route in routes/");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException(String.join("; ", problems));
        }
    }

    // ------------------------------------------------------------------ the shared writer route's steps

    private static TargetWriter writer(Exchange exchange) {
        return exchange.getVariable(ExchangeVariables.TARGET_WRITER, TargetWriter.class);
    }

    /** Takes the next due batch for the writer whose run this is (see {@link #claim}). */
    public CrmBatch take(Exchange exchange) {
        TargetWriter writer = writer(exchange);
        return claim(exchange, writer.getTarget(), writer.getKind(), writer.getBatchSize());
    }

    /** The target's own preparation of the batch (store reads only). */
    public void prepare(Exchange exchange) {
        writer(exchange).getPlanner().prepare(exchange, exchange.getVariable(ExchangeVariables.CRM_BATCH, CrmBatch.class));
    }

    /** What the target's mapping route receives for the record being mapped. */
    public Object mappingInput(Exchange exchange) {
        return writer(exchange).getPlanner().mappingInput(exchange,
                exchange.getVariable(ExchangeVariables.CRM_ITEM, CrmBatch.Item.class));
    }

    /** The requests the mapped batch makes. */
    public List<CrmCall> calls(Exchange exchange) {
        return writer(exchange).getPlanner().calls(exchange,
                exchange.getVariable(ExchangeVariables.CRM_BATCH, CrmBatch.class));
    }

    /** The requests that depend on the answers (live only). */
    public List<CrmCall> followUps(Exchange exchange) {
        TargetWriter writer = writer(exchange);
        return writer.isLive() ? writer.getPlanner().followUps(exchange,
                exchange.getVariable(ExchangeVariables.CRM_BATCH, CrmBatch.class)) : List.of();
    }

    /** Hands the answer to the request just sent to the target's planner. */
    public void read(Exchange exchange) {
        writer(exchange).getPlanner().read(exchange, exchange.getVariable(ExchangeVariables.CRM_CALL, CrmCall.class));
    }

    /** Tells {@code listener} about every settled record, in the settling transaction. */
    public void addListener(WriteListener listener) {
        listeners.add(listener);
    }

    /**
     * The next due batch for a target (possibly empty: nothing waiting, or a partial batch still within its
     * maximum wait). An empty batch tells the scheduler nothing was polled, so it backs off until the next tick.
     */
    public CrmBatch claim(Exchange exchange, String target, String kind, int max) {
        Instant paused = pausedUntil.get(target);
        CrmBatch batch;
        if (paused != null && clock.instant().isBefore(paused)) {
            batch = CrmBatch.of(target, kind, List.of());
        } else {
            batch = CrmBatch.of(target, kind, outbox.claimBatch(target, kind, max, maxWait));
        }
        if (batch.isEmpty()) {
            exchange.setProperty(Exchange.SCHEDULER_POLLED_MESSAGES, false);
            EventLog.leave();
        } else {
            // the write's log and trace lines carry the events it writes (the first few, for a large batch)
            EventLog.enter(eventIds(batch));
            LOG.debug("{} took {} {} record(s)", target, batch.getSize(), kind);
        }
        exchange.setVariable(ExchangeVariables.CRM_BATCH, batch);
        return batch;
    }

    private static String eventIds(CrmBatch batch) {
        StringBuilder ids = new StringBuilder();
        List<CrmBatch.Item> items = batch.getItems();
        for (int i = 0; i < Math.min(5, items.size()); i++) {
            ids.append(i == 0 ? "" : ",").append(items.get(i).getEventId());
        }
        if (items.size() > 5) {
            ids.append(",+").append(items.size() - 5).append(" more");
        }
        return ids.toString();
    }

    /** Keeps what the route file's mapping made of a record. */
    public void attachMapped(CrmBatch.Item item, JsonNode mapped) {
        item.setMapped(mapped);
    }

    /**
     * Error handling of CRM calls and mappings: the failure applies to the record being handled
     * ({@code crmItem}), else to the open records of the call ({@code crmScope}), else to the whole batch. The
     * writer route settles them afterwards.
     */
    public void failed(Exchange exchange) {
        Throwable exception = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        CrmFailure failure = CrmFailures.classify(exception);
        List<CrmBatch.Item> affected = affected(exchange);
        affected.forEach(i -> i.failed(failure));
        CrmBatch batch = exchange.getVariable(ExchangeVariables.CRM_BATCH, CrmBatch.class);
        if (affected.isEmpty()) {
            LOG.warn("CRM writer failed before taking any work: {}", failure.describe());
        } else {
            LOG.warn("{} call failed for {} record(s): {}", batch == null ? "CRM" : batch.getTarget(), affected.size(),
                    failure.describe());
        }
    }

    /** Error handling of writer routes: a failure outside a CRM call fails every open record and settles now. */
    public void abandon(Exchange exchange) {
        failed(exchange);
        complete(exchange.getVariable(ExchangeVariables.CRM_BATCH, CrmBatch.class));
    }

    private static List<CrmBatch.Item> affected(Exchange exchange) {
        CrmBatch.Item item = exchange.getVariable(ExchangeVariables.CRM_ITEM, CrmBatch.Item.class);
        if (item != null && !item.isSettled()) {
            return List.of(item);
        }
        CrmBatch scope = exchange.getVariable(ExchangeVariables.CRM_SCOPE, CrmBatch.class);
        if (scope != null) {
            return scope.unsettled();
        }
        CrmBatch batch = exchange.getVariable(ExchangeVariables.CRM_BATCH, CrmBatch.class);
        return batch == null ? List.of() : batch.unsettled();
    }

    /** Settles every record of the batch: written, retried later, or dead-lettered; one transaction. */
    public void complete(CrmBatch batch) {
        if (batch == null || batch.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        List<Settled> settled = new ArrayList<>();
        database.inTransaction(connection -> {
            settled.clear();
            List<OutcomeJournal.Entry> lines = new ArrayList<>();
            for (CrmBatch.Item item : batch.getItems()) {
                OutboxStore.Entry entry = item.entry();
                Settled result;
                if (item.getOutcome() != null) {
                    outbox.completed(connection, entry, item.getCrmId());
                    result = new Settled(item, item.getOutcome(), null);
                } else {
                    CrmFailure failure = item.getFailure() != null ? item.getFailure()
                            : CrmFailure.retryable("the CRM gave no result for this record", null, null);
                    result = settleFailure(connection, entry, failure, now);
                    result = new Settled(item, result.outcome(), result.detail());
                }
                settled.add(result);
                for (WriteListener listener : listeners) {
                    listener.settled(connection, batch.getTarget(), item, item.getOutcome() != null);
                }
                lines.add(new OutcomeJournal.Entry(now, entry.eventId(), entry.eventType(), entry.target(),
                        entry.kind(), entry.recordKey(), result.outcome(), item.getCrmId(),
                        result.detail() == null ? entry.operation() : result.detail()));
            }
            journal.record(connection, lines);
            return null;
        });
        boolean anyWritten = false;
        for (Settled result : settled) {
            CrmBatch.Item item = result.item();
            OutboxStore.Entry entry = item.entry();
            metrics.record(entry.target(), entry.kind(), entry.eventType(), result.outcome().replace('-', '_'));
            EventLog.enter(entry.eventId());
            if (result.detail() == null) {
                anyWritten = true;
                LOG.info("{} {} {} {}{}", entry.target(), entry.kind(), entry.recordKey(), result.outcome(),
                        item.getCrmId() == null ? "" : " (" + item.getCrmId() + ")");
            } else {
                LOG.warn("{} {} {} {}: {}", entry.target(), entry.kind(), entry.recordKey(), result.outcome(),
                        result.detail());
            }
        }
        EventLog.leave();
        if (anyWritten && !health.isAvailable("crm." + batch.getTarget())) {
            health.available("crm." + batch.getTarget());
            metrics.gauge("bridge_crm_target_unavailable", Tags.of("target", batch.getTarget()), 0);
        }
    }

    /** No calls to the target before {@code until} (the later of this and any pause already set). */
    private void pause(String target, Instant until) {
        pausedUntil.merge(target, until, (a, b) -> a.isAfter(b) ? a : b);
    }

    private Settled settleFailure(Connection connection, OutboxStore.Entry entry, CrmFailure failure,
                                  Instant now) throws SQLException {
        switch (failure.kind()) {
            case TARGET_UNAVAILABLE: {
                // stop sending to the target for a while: its work stays queued, and is tried again afterwards
                Duration rest = failure.pause() != null ? failure.pause() : unavailableDelay;
                pause(entry.target(), now.plus(rest));
                if (health.isAvailable("crm." + entry.target())) {
                    metrics.gauge("bridge_crm_target_unavailable", Tags.of("target", entry.target()), 1);
                }
                health.unavailable("crm." + entry.target(), failure.describe(),
                        "writes paused for " + rest.toString().substring(2).toLowerCase(java.util.Locale.ROOT)
                                + " at a time; its work stays queued "
                                + "and is retried without using up attempts");
                // the target can't take anything right now: try later without using up the record's attempts
                outbox.postpone(connection, entry, now.plus(rest), failure.describe());
                return new Settled(null, "waiting", "target unavailable, retry at "
                        + now.plus(rest) + ": " + failure.describe());
            }
            case THROTTLED: {
                // the CRM's rate window is full: rest for the window, then send again; no attempt is used up
                Duration rest = failure.pause() != null ? failure.pause() : Duration.ofSeconds(10);
                pause(entry.target(), now.plus(rest));
                outbox.postpone(connection, entry, now.plus(rest), failure.describe());
                return new Settled(null, "throttled", "rate limit reached, sent again at " + now.plus(rest) + ": "
                        + failure.describe());
            }
            case TRANSIENT: {
                Instant next = retries.nextAttempt(entry.attempts() + 1, now);
                if (next != null) {
                    outbox.retryAt(connection, entry, next, failure.describe());
                    return new Settled(null, "retrying", "attempt " + (entry.attempts() + 1) + " of "
                            + retries.maxAttempts() + " failed, next at " + next + ": " + failure.describe());
                }
                deadLetter(connection, entry, new CrmFailure(CrmFailure.Kind.TRANSIENT,
                        "gave up after " + retries.maxAttempts() + " attempts: " + failure.reason(),
                        failure.errorCode(), failure.httpStatus()));
                return new Settled(null, "dead-lettered", "gave up after " + retries.maxAttempts() + " attempts: "
                        + failure.describe());
            }
            default: {
                deadLetter(connection, entry, failure);
                return new Settled(null, "dead-lettered", failure.describe());
            }
        }
    }

    private void deadLetter(Connection connection, OutboxStore.Entry entry, CrmFailure failure)
            throws SQLException {
        deadLetters.add(connection, entry, new DeadLetterStore.Failure(failure.reason(), failure.errorCode(),
                failure.httpStatus()));
        outbox.markDead(connection, entry, failure.describe());
    }

    private record Settled(CrmBatch.Item item, String outcome, String detail) {
    }
}
