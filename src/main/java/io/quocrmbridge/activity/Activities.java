package io.quocrmbridge.activity;

import io.quocrmbridge.flow.ExchangeVariables;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quocrmbridge.canonical.CanonicalEvent;
import io.quocrmbridge.json.Json;
import io.quocrmbridge.crm.CrmBatch;
import io.quocrmbridge.crm.CrmTargets;
import io.quocrmbridge.crm.WriteListener;
import io.quocrmbridge.observe.BridgeMetrics;
import io.quocrmbridge.canonical.WorkspaceDirectory;
import io.quocrmbridge.store.ActivityStore;
import io.quocrmbridge.store.Database;
import io.quocrmbridge.store.EnrichmentTasks;
import io.quocrmbridge.store.InboxEvent;
import io.quocrmbridge.store.InboxStore;
import io.quocrmbridge.store.OutboxStore;
import io.quocrmbridge.store.OutcomeJournal;
import io.quocrmbridge.store.RecordVersion;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls and texts become CRM activities (the steps of routes/activities.camel.yaml). Every event about a call is
 * added to that call's stored state and the activity is merged again from all of them, so it is the same union in
 * whatever order the events arrive; when the merged content changed, its new revision goes to every target through
 * the target's version gate (record kind {@code activity}, key = the Quo call id or the message id, version =
 * revision + content hash). All of this happens in one transaction with marking the event done.
 *
 * <p>It also keeps the links between activities and contacts: activities a target wrote without a contact wait for
 * one, and are written again when a contact with that Quo id or number lands in the target.
 */
public final class Activities implements WriteListener {

    private static final Logger LOG = LoggerFactory.getLogger(Activities.class);

    private static final TypeReference<List<CanonicalEvent>> EVENTS = new TypeReference<>() {
    };

    /** How activities are built: which ones are written, how texts are grouped, what is fetched from Quo. */
    public record Settings(boolean writeRinging, boolean groupTextsByHour, boolean enrich, Duration voicemailDelay) {
    }

    private final Database database;
    private final InboxStore inbox;
    private final OutboxStore outbox;
    private final OutcomeJournal journal;
    private final ActivityStore store;
    private final EnrichmentTasks enrichment;
    private final CrmTargets targets;
    private final WorkspaceDirectory directory;
    private final CallMerger calls;
    private final TextsMerger texts;
    private final Settings settings;
    private final BridgeMetrics metrics;
    private final Clock clock;

    public Activities(Database database, InboxStore inbox, OutboxStore outbox, OutcomeJournal journal,
                      ActivityStore store, EnrichmentTasks enrichment, CrmTargets targets, WorkspaceDirectory directory,
                      CallMerger calls, TextsMerger texts, Settings settings, BridgeMetrics metrics, Clock clock) {
        this.database = database;
        this.inbox = inbox;
        this.outbox = outbox;
        this.journal = journal;
        this.store = store;
        this.enrichment = enrichment;
        this.targets = targets;
        this.directory = directory;
        this.calls = calls;
        this.texts = texts;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** A merged activity: its key, kind (call or message), the payload mappings read, and what it is about. */
    public record Merged(String key, String kind, JsonNode payload, String contentHash, boolean writable,
                         CallActivity call, TextsActivity texts) {
    }

    /** Dispatch step for a call event (the body is its canonical event). */
    public void queueCall(Exchange exchange) {
        CanonicalEvent event = exchange.getMessage().getBody(CanonicalEvent.class);
        queue(exchange, event, event.call().callId(), CanonicalEvent.CALL);
    }

    /** Dispatch step for a text message event. */
    public void queueText(Exchange exchange) {
        CanonicalEvent event = exchange.getMessage().getBody(CanonicalEvent.class);
        String key = texts.activityKey(event.message(), settings.groupTextsByHour(), directory.current());
        queue(exchange, event, key, CanonicalEvent.MESSAGE);
    }

    private void queue(Exchange exchange, CanonicalEvent event, String key, String kind) {
        InboxEvent stored = exchange.getVariable(ExchangeVariables.INBOX_EVENT, InboxEvent.class);
        List<String[]> outcomes = new ArrayList<>();
        String[] summary = new String[1];
        database.inTransaction(connection -> {
            outcomes.clear();
            ActivityStore.State state;
            List<CanonicalEvent> events;
            boolean known;
            Merged merged;
            long revision;
            boolean changed;
            while (true) {
                state = store.lock(connection, key);
                events = state == null ? new ArrayList<>() : parse(state.events());
                known = events.stream().anyMatch(e -> e.eventId().equals(event.eventId()));
                if (!known) {
                    events.add(event);
                }
                merged = merge(key, kind, events);
                changed = state == null || !state.contentHash().equals(merged.contentHash());
                revision = state == null ? 1 : changed ? state.revision() + 1 : state.revision();
                ActivityStore.State next = new ActivityStore.State(key, kind, revision, merged.contentHash(),
                        Json.write(events));
                if (state == null) {
                    if (store.insert(connection, next)) {
                        break;
                    }
                    // another dispatcher stored this activity's first event at the same moment: merge into its row
                    continue;
                }
                if (!known || changed) {
                    store.update(connection, next);
                }
                break;
            }
            List<OutcomeJournal.Entry> lines = new ArrayList<>();
            for (String target : targets.names()) {
                String outcome;
                if (!changed) {
                    outcome = "duplicate";
                } else if (!merged.writable()) {
                    outcome = "waiting";
                } else {
                    outcome = outbox.offer(connection, item(target, merged, revision,
                            event.eventId(), event.quoType())).outcome();
                }
                outcomes.add(new String[] {target, outcome});
                lines.add(new OutcomeJournal.Entry(null, event.eventId(), event.quoType(), target, OutboxStore.ACTIVITY, key,
                        outcome, null, merged.writable() ? kind + " revision " + revision
                        : "the call has not ended: not written (ACTIVITY_CALL_WRITE_RINGING=false)"));
            }
            scheduleEnrichment(connection, merged);
            journal.record(connection, lines);
            summary[0] = summarize(outcomes);
            inbox.finish(connection, stored.id(), InboxStore.DONE, summary[0]);
            return null;
        });
        for (String[] outcome : outcomes) {
            metrics.record(outcome[0], OutboxStore.ACTIVITY, event.quoType(), outcome[1]);
        }
        metrics.event(event.quoType(), "dispatched");
        LOG.info("{} {} {}: {}", kind, key, event.quoType(), summary[0]);
    }

    /** Merges stored events into the activity (also used when an activity is written again after a relink). */
    public Merged merge(String key, String kind, List<CanonicalEvent> events) {
        ObjectNode payload = Json.object();
        payload.put("kind", kind);
        payload.put("activityId", key);
        if (CanonicalEvent.CALL.equals(kind)) {
            CallActivity call = calls.merge(events, directory.current());
            payload.set("call", Json.MAPPER.valueToTree(call));
            return new Merged(key, kind, payload, hash(payload), call.ended() || settings.writeRinging(), call, null);
        }
        TextsActivity activity = texts.merge(key, settings.groupTextsByHour(), events, directory.current());
        payload.set("texts", Json.MAPPER.valueToTree(activity));
        return new Merged(key, kind, payload, hash(payload), true, null, activity);
    }

    private OutboxStore.Item item(String target, Merged merged, long revision, String eventId, String eventType) {
        return new OutboxStore.Item(target, OutboxStore.ACTIVITY, OutboxStore.UPSERT, merged.key(),
                new RecordVersion(revision, merged.contentHash()), eventId, eventType, Json.write(merged.payload()));
    }

    /**
     * With QUO_API_KEY set: a call whose events named no participants gets its details fetched from Quo, and an
     * unanswered incoming call its voicemail, QUO_ENRICHMENT_VOICEMAIL_DELAY after it ended.
     */
    private void scheduleEnrichment(Connection connection, Merged merged) throws SQLException {
        if (!settings.enrich() || merged.call() == null || !merged.call().ended()) {
            return;
        }
        CallActivity call = merged.call();
        Instant now = clock.instant();
        if (call.theirNumber() == null && call.participants().isEmpty()) {
            enrichment.schedule(connection, EnrichmentTasks.CALL_DETAILS, call.callId(), now);
        }
        if ("missed".equals(call.outcome()) && call.voicemail() == null && !"outbound".equals(call.direction())) {
            Instant ended = parse(call.completedAt(), now);
            enrichment.schedule(connection, EnrichmentTasks.VOICEMAIL, call.callId(),
                    ended.plus(settings.voicemailDelay()).isAfter(now) ? ended.plus(settings.voicemailDelay()) : now);
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // links between activities and contacts
    // ------------------------------------------------------------------------------------------------------------

    /**
     * Settles the link bookkeeping of a written batch, in the writer's transaction: an activity written (or held
     * back) without a contact waits for one; a linked one waits for nothing. A contact that landed releases the
     * activities waiting for it: they are queued again, to be written linked.
     */
    @Override
    public void settled(Connection connection, String target, CrmBatch.Item item, boolean success)
            throws SQLException {
        if (!success) {
            return;
        }
        OutboxStore.Entry entry = item.entry();
        if (OutboxStore.ACTIVITY.equals(entry.kind())) {
            if (item.getWaitingFor() == null || item.getWaitingFor().isEmpty()) {
                store.linked(connection, target, entry.recordKey());
            } else {
                store.waitFor(connection, target, entry.recordKey(), item.getWaitingFor());
            }
        } else if (OutboxStore.CONTACT.equals(entry.kind()) && !OutboxStore.DELETE.equals(entry.operation())) {
            contactLanded(connection, target, item);
        }
    }

    private void contactLanded(Connection connection, String target, CrmBatch.Item item) throws SQLException {
        JsonNode contact = item.getCanonical().path("contact");
        Set<String> keys = new LinkedHashSet<>();
        for (String id : Arrays.asList(Json.text(contact, "quoId"), Json.text(contact, "recordKey"))) {
            if (id != null) {
                keys.add("quo:" + id);
            }
        }
        for (JsonNode phone : contact.path("phones")) {
            String value = Json.text(phone, "value");
            if (value != null) {
                keys.add("phone:" + value);
            }
        }
        for (String key : store.waiting(connection, target, keys)) {
            ActivityStore.State state = store.read(connection, key);
            if (state == null) {
                continue;
            }
            Merged merged = merge(key, state.kind(), parse(state.events()));
            outbox.requeue(connection, item(target, merged, state.revision(), item.getEventId(), "contact.linked"));
            store.linked(connection, target, key);
            journal.record(connection, List.of(new OutcomeJournal.Entry(null, item.getEventId(), "contact.linked",
                    target, OutboxStore.ACTIVITY, key, "queued", null, "its contact " + item.getRecordKey()
                    + " is now in the CRM: written again, linked")));
            LOG.info("{} activity {} queued again: its contact {} is now in the CRM", target, key,
                    item.getRecordKey());
        }
    }

    // ------------------------------------------------------------------------------------------------------------

    private static List<CanonicalEvent> parse(String events) {
        try {
            return new ArrayList<>(Json.MAPPER.readValue(events, EVENTS));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored activity events are not readable: " + e.getMessage(), e);
        }
    }

    private static String hash(JsonNode payload) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(Json.write(payload).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Instant parse(String timestamp, Instant fallback) {
        try {
            return timestamp == null ? fallback : Instant.parse(timestamp);
        } catch (DateTimeParseException e) {
            return fallback;
        }
    }

    private static String summarize(List<String[]> outcomes) {
        StringBuilder text = new StringBuilder();
        for (String[] outcome : outcomes) {
            text.append(text.length() == 0 ? "" : "; ").append(outcome[0]).append(": ").append(outcome[1]);
        }
        return text.toString();
    }
}
