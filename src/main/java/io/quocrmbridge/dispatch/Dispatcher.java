package io.quocrmbridge.dispatch;

import io.quocrmbridge.crm.CrmTargets;
import io.quocrmbridge.flow.ExchangeVariables;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.quocrmbridge.canonical.CanonicalContact;
import io.quocrmbridge.canonical.CanonicalEvent;
import io.quocrmbridge.json.Json;
import io.quocrmbridge.canonical.NormalizationException;
import io.quocrmbridge.canonical.QuoEventNormalizer;
import io.quocrmbridge.observe.BridgeMetrics;
import io.quocrmbridge.observe.EventLog;
import io.quocrmbridge.store.ActivityStore;
import io.quocrmbridge.store.Database;
import io.quocrmbridge.store.DeadLetterStore;
import io.quocrmbridge.store.InboxEvent;
import io.quocrmbridge.store.InboxStore;
import io.quocrmbridge.store.OutboxStore;
import io.quocrmbridge.store.OutcomeJournal;
import io.quocrmbridge.store.RecordVersion;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the dispatch route ({@code routes/dispatch.camel.yaml}): claim a stored event, normalise it, and
 * hand its records to every CRM target through the per-target version gate, in one transaction with marking the
 * event done, so a crash at any point neither loses nor duplicates work.
 */
public final class Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);



    private final Database database;
    private final InboxStore inbox;
    private final OutboxStore outbox;
    private final DeadLetterStore deadLetters;
    private final OutcomeJournal journal;
    private final QuoEventNormalizer normalizer;
    private final CrmTargets targets;
    private final BridgeMetrics metrics;
    private final ActivityStore activities;

    public Dispatcher(Database database, InboxStore inbox, OutboxStore outbox, DeadLetterStore deadLetters,
                      OutcomeJournal journal, QuoEventNormalizer normalizer, CrmTargets targets,
                      BridgeMetrics metrics, ActivityStore activities) {
        this.database = database;
        this.inbox = inbox;
        this.outbox = outbox;
        this.deadLetters = deadLetters;
        this.journal = journal;
        this.normalizer = normalizer;
        this.targets = targets;
        this.metrics = metrics;
        this.activities = activities;
    }

    /** Events still waiting in the queue this long are picked up by the sweep; younger ones are on their way. */
    private static final Duration SWEEP_MIN_AGE = Duration.ofSeconds(5);
    /** A claim older than this belongs to a dispatcher that died. */
    private static final Duration STALE_CLAIM = Duration.ofMinutes(5);
    private static final int SWEEP_BATCH = 500;

    /** The sweep: stored events waiting for dispatch that nobody is working on (also frees dead claims). */
    public List<InboxEvent> undispatched(Exchange exchange) {
        int released = inbox.releaseStale(STALE_CLAIM);
        if (released > 0) {
            LOG.warn("{} event(s) claimed over {} ago without finishing are dispatched again", released, STALE_CLAIM);
        }
        List<InboxEvent> events = inbox.findUndispatched(SWEEP_BATCH, SWEEP_MIN_AGE);
        if (events.isEmpty()) {
            exchange.setProperty(Exchange.SCHEDULER_POLLED_MESSAGES, false);
        } else {
            LOG.info("sweep: {} stored event(s) waiting for dispatch are queued again", events.size());
        }
        return events;
    }

    /**
     * Takes the event (the body) for this thread; false when another dispatcher has it or it is already finished.
     * A predicate: it must not change the exchange (the route sets the inboxEvent variable itself).
     */
    public boolean claim(InboxEvent event) {
        EventLog.enter(event.eventId());
        return inbox.claim(event.id());
    }

    /** Turns the stored event into its canonical form (the new body). */
    public CanonicalEvent normalize(Exchange exchange) {
        InboxEvent event = inboxEvent(exchange);
        CanonicalEvent canonical = normalizer.normalize(event);
        LOG.debug("{} normalised to {}", event.eventType(), canonical.kind());
        return canonical;
    }

    /** Queues a contact for every target with an operation: upsert, delete or flag-deleted. */
    public void queueContact(Exchange exchange, String operation) {
        InboxEvent event = inboxEvent(exchange);
        CanonicalEvent canonical = exchange.getMessage().getBody(CanonicalEvent.class);
        Queued queued = database.inTransaction(connection -> queue(connection, event, canonical, operation));
        report(queued);
    }

    /**
     * Polled contacts, a page at a time: each stored event is normalised, claimed and queued for every target through
     * its version gate exactly as {@link #queueContact} does, all in one transaction (one commit a page instead of
     * two a contact: a backfill's store work). Returns the events it left alone, for the ordinary dispatch: any
     * that is not a contact upsert or can't be normalised (dispatch dead-letters it with the reason).
     */
    public List<InboxEvent> queueContactPage(List<InboxEvent> events) {
        List<InboxEvent> others = new ArrayList<>();
        List<Map.Entry<InboxEvent, CanonicalEvent>> contacts = new ArrayList<>();
        for (InboxEvent event : events) {
            try {
                CanonicalEvent canonical = normalizer.normalize(event);
                if (CanonicalEvent.CONTACT_UPSERT.equals(canonical.kind())) {
                    contacts.add(Map.entry(event, canonical));
                    continue;
                }
            } catch (RuntimeException notNormalised) {
                // the ordinary dispatch records why
            }
            others.add(event);
        }
        if (contacts.isEmpty()) {
            return others;
        }
        List<Queued> queued = database.inTransaction(connection -> {
            List<Queued> done = new ArrayList<>();
            for (Map.Entry<InboxEvent, CanonicalEvent> contact : contacts) {
                // taken by a dispatcher thread in the meantime (the sweep): it is that thread's
                if (inbox.claim(connection, contact.getKey().id())) {
                    done.add(queue(connection, contact.getKey(), contact.getValue(), OutboxStore.UPSERT));
                }
            }
            return done;
        });
        for (Queued one : queued) {
            EventLog.enter(one.canonical().eventId());
            report(one);
        }
        EventLog.leave();
        return others;
    }

    /** What queuing one contact did, per target. */
    private record Queued(CanonicalEvent canonical, String operation, List<String[]> outcomes, String summary) {
    }

    private Queued queue(Connection connection, InboxEvent event, CanonicalEvent canonical, String operation)
            throws SQLException {
        CanonicalContact contact = canonical.contact();
        String payload = Json.write(canonical);
        RecordVersion version = new RecordVersion(contact.version().updatedAt(), contact.version().hash());
        List<OutcomeJournal.Entry> lines = new ArrayList<>();
        StringBuilder summary = new StringBuilder();
        List<String[]> outcomes = new ArrayList<>();
        // calls and texts naming this Quo contact id find the contact's CRM record through its record key
        activities.rememberContact(connection, contact.quoId(), contact.recordKey());
        for (String target : targets.names()) {
            OutboxStore.Offer offer = outbox.offer(connection, new OutboxStore.Item(target, OutboxStore.CONTACT, operation,
                    contact.recordKey(), version, canonical.eventId(), canonical.quoType(), payload));
            String outcome = offer.outcome();
            outcomes.add(new String[] {target, outcome});
            lines.add(new OutcomeJournal.Entry(null, canonical.eventId(), canonical.quoType(), target, OutboxStore.CONTACT,
                    contact.recordKey(), outcome, null, operation));
            summary.append(summary.length() == 0 ? "" : "; ").append(target).append(": ").append(outcome);
        }
        journal.record(connection, lines);
        inbox.finish(connection, event.id(), InboxStore.DONE, summary.toString());
        return new Queued(canonical, operation, outcomes, summary.toString());
    }

    private void report(Queued queued) {
        for (String[] outcome : queued.outcomes()) {
            metrics.record(outcome[0], OutboxStore.CONTACT, queued.canonical().quoType(), outcome[1]);
        }
        metrics.event(queued.canonical().quoType(), "dispatched");
        LOG.info("{} contact {} ({}): {}", queued.canonical().kind(), queued.canonical().contact().recordKey(),
                queued.operation(), queued.summary());
    }

    /** Finishes an event that needs no CRM work, with the reason in the journal (e.g. the delete policy). */
    public void skip(Exchange exchange, String reason) {
        InboxEvent event = inboxEvent(exchange);
        CanonicalEvent canonical = exchange.getMessage().getBody(CanonicalEvent.class);
        String recordKey = canonical.contact() != null ? canonical.contact().recordKey() : null;
        database.inTransaction(connection -> {
            List<OutcomeJournal.Entry> lines = new ArrayList<>();
            for (String target : targets.names()) {
                lines.add(new OutcomeJournal.Entry(null, canonical.eventId(), canonical.quoType(), target,
                        OutboxStore.CONTACT, recordKey, "skipped", null, reason));
            }
            journal.record(connection, lines);
            inbox.finish(connection, event.id(), InboxStore.DONE, "skipped: " + reason);
            return null;
        });
        metrics.event(canonical.quoType(), "skipped");
        LOG.info("{} {} skipped: {}", canonical.kind(), recordKey == null ? "" : recordKey, reason);
    }

    /**
     * Parks an event the bridge stores but does not act on (yet): it stays in the inbox as PARKED and is dispatched
     * again when a route for its kind exists.
     */
    public void park(Exchange exchange, String reason) {
        InboxEvent event = inboxEvent(exchange);
        CanonicalEvent canonical = exchange.getMessage().getBody(CanonicalEvent.class);
        String type = canonical == null ? event.eventType() : canonical.quoType();
        database.inTransaction(connection -> {
            journal.record(connection, List.of(new OutcomeJournal.Entry(null, event.eventId(), type, null,
                    canonical == null ? null : canonical.kind(), null, "parked", null, reason)));
            inbox.finish(connection, event.id(), InboxStore.PARKED, reason);
            return null;
        });
        metrics.event(type, "parked");
        LOG.info("{} parked: {}", type, reason);
    }

    /** Dead-letters an event that can't be dispatched (it can't be normalised); replaying it dispatches it again. */
    public void deadLetter(Exchange exchange) {
        InboxEvent event = inboxEvent(exchange);
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = failure instanceof NormalizationException ? failure.getMessage()
                : "dispatch failed: " + (failure == null ? "unknown error" : failure.getClass().getSimpleName()
                + ": " + failure.getMessage());
        database.inTransaction(connection -> {
            deadLetters.addEvent(connection, event, DeadLetterStore.Failure.of(reason));
            journal.record(connection, List.of(new OutcomeJournal.Entry(null, event.eventId(), event.eventType(),
                    null, null, null, "dead-lettered", null, reason)));
            inbox.finish(connection, event.id(), InboxStore.DEAD, reason);
            return null;
        });
        metrics.event(event.eventType(), "dead_lettered");
        LOG.warn("{} dead-lettered: {}", event.eventType(), reason);
    }

    /** Gives an event back to the queue after the store failed mid-dispatch; the sweep picks it up again. */
    public void release(Exchange exchange) {
        InboxEvent event = inboxEvent(exchange);
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        LOG.error("dispatch of {} interrupted by the store ({}); it stays queued and is retried",
                event.eventType(), failure == null ? "unknown" : failure.getMessage());
        try {
            inbox.release(event.id());
        } catch (RuntimeException stillDown) {
            LOG.error("store still unavailable; the event is picked up at the next sweep or restart");
        }
    }


    private static InboxEvent inboxEvent(Exchange exchange) {
        return exchange.getVariable(ExchangeVariables.INBOX_EVENT, InboxEvent.class);
    }
}
