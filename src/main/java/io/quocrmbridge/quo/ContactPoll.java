package io.quocrmbridge.quo;

import io.quocrmbridge.flow.ExchangeVariables;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Tags;
import io.quocrmbridge.canonical.CanonicalContact;
import io.quocrmbridge.canonical.ContactNormalizer;
import io.quocrmbridge.json.Json;
import io.quocrmbridge.canonical.NormalizationException;
import io.quocrmbridge.canonical.QuoEventNormalizer;
import io.quocrmbridge.crm.CrmTargets;
import io.quocrmbridge.observe.Availability;
import io.quocrmbridge.observe.BridgeMetrics;
import io.quocrmbridge.store.Database;
import io.quocrmbridge.store.InboxEvent;
import io.quocrmbridge.store.InboxStore;
import io.quocrmbridge.store.OutboxStore;
import io.quocrmbridge.store.OutcomeJournal;
import io.quocrmbridge.store.PollStore;
import io.quocrmbridge.store.RecordVersion;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the contact poll route ({@code routes/quo-contact-poll.camel.yaml}): Quo's {@code GET /v1/contacts}
 * has no "changed since" filter, so reconciling means a full scan, page by page. Each page's new or changed contacts
 * are stored in the inbox and the checkpoint moves to the next page in one transaction: a restart resumes where the
 * scan stopped, and the contacts go through the same pipeline (and version gate) as webhooks.
 */
public final class ContactPoll {

    private static final Logger LOG = LoggerFactory.getLogger(ContactPoll.class);

    /** The checkpoint's name. */
    public static final String NAME = "contacts";

    private final Database database;
    private final PollStore polls;
    private final InboxStore inbox;
    private final OutboxStore outbox;
    private final OutcomeJournal journal;
    private final ContactNormalizer contacts;
    private final CrmTargets targets;
    private final Settings settings;
    private final Availability availability;
    private final BridgeMetrics metrics;
    private final Clock clock;
    private volatile long scanStartedNanos;
    private volatile int pagesAtStart;

    /**
     * The poll's settings.
     *
     * @param interval          how often a scan starts (QUO_POLL_INTERVAL)
     * @param pageSize          maxResults per page, 1..50
     * @param logEveryPages     a progress line every this many pages
     * @param applyDeletions    queue CONTACT_DELETE_POLICY for contacts a complete scan no longer finds
     * @param deletionSafety    don't apply deletions when a scan saw fewer than this share of the contacts written
     * @param authRetryInterval after Quo refused the API key, wait this long before trying again
     */
    public record Settings(Duration interval, int pageSize, int logEveryPages, boolean applyDeletions,
                           double deletionSafety, Duration authRetryInterval) {
    }

    public ContactPoll(Database database, PollStore polls, InboxStore inbox, OutboxStore outbox, OutcomeJournal journal,
                       ContactNormalizer contacts, CrmTargets targets, Settings settings, Availability availability,
                       BridgeMetrics metrics, Clock clock) {
        if (settings.pageSize() < 1 || settings.pageSize() > 50) {
            throw new IllegalArgumentException("QUO_POLL_PAGE_SIZE must be 1 to 50 (Quo's maxResults)");
        }
        this.database = database;
        this.polls = polls;
        this.inbox = inbox;
        this.outbox = outbox;
        this.journal = journal;
        this.contacts = contacts;
        this.targets = targets;
        this.settings = settings;
        this.availability = availability;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Is a scan due? One is in progress (resume it), one was asked for, the interval has passed since the last one
     * started, or there never was one. After Quo refused the API key, only a request or the retry interval restarts.
     */
    public boolean due() {
        PollStore.Checkpoint checkpoint = polls.checkpoint(NAME);
        Instant now = clock.instant();
        if (checkpoint.requestedAt() != null) {
            return true;
        }
        if (PollStore.FAILED.equals(checkpoint.status())) {
            return checkpoint.updatedAt() == null || !checkpoint.updatedAt().plus(settings.authRetryInterval()).isAfter(now);
        }
        if (checkpoint.running()) {
            return true;
        }
        return checkpoint.startedAt() == null || !checkpoint.startedAt().plus(settings.interval()).isAfter(now);
    }

    /** Starts a new scan, or resumes the one in progress from its checkpoint. */
    public void start(Exchange exchange) {
        PollStore.Checkpoint checkpoint = polls.checkpoint(NAME);
        if (!checkpoint.running() || checkpoint.requestedAt() != null && checkpoint.pageToken() == null) {
            checkpoint = polls.startScan(NAME);
            LOG.info("contact scan #{} started", checkpoint.scanId());
        } else {
            LOG.info("contact scan #{} resumed at page {} ({} contacts seen so far)", checkpoint.scanId(),
                    checkpoint.pagesDone() + 1, checkpoint.contactsSeen());
        }
        exchange.setVariable(ExchangeVariables.SCAN_ID, checkpoint.scanId());
        exchange.setVariable(ExchangeVariables.PAGE_TOKEN, checkpoint.pageToken());
        exchange.setVariable(ExchangeVariables.MORE_PAGES, true);
        scanStartedNanos = System.nanoTime();
        pagesAtStart = checkpoint.pagesDone();
    }

    /** Prepares the request for the next page: GET /v1/contacts?maxResults=50[&pageToken=…]. */
    public void request(Exchange exchange) {
        String token = exchange.getVariable(ExchangeVariables.PAGE_TOKEN, String.class);
        QuoApi.request(exchange, "GET", "/v1/contacts",
                QuoApi.query().add("maxResults", settings.pageSize()).add("pageToken", token));
    }

    /**
     * Handles one page: stores the contacts that are new or changed for some target, remembers every contact seen,
     * and moves the checkpoint to the next page, all in one transaction. The scan ends at a null nextPageToken or an
     * empty page.
     */
    public void page(Exchange exchange) {
        long scanId = exchange.getVariable(ExchangeVariables.SCAN_ID, Long.class);
        JsonNode page = Json.parse(exchange.getMessage().getBody(String.class));
        JsonNode data = page.path("data");
        String next = Json.text(page, "nextPageToken");
        Long total = Json.number(page, "totalItems");

        List<CanonicalContact> seen = new ArrayList<>();
        Map<String, JsonNode> raw = new LinkedHashMap<>();
        for (JsonNode item : data) {
            try {
                CanonicalContact contact = contacts.normalize(item, null, false);
                seen.add(contact);
                raw.put(contact.recordKey(), item);
            } catch (NormalizationException e) {
                LOG.warn("contact scan #{}: a contact on page {} could not be read and is skipped: {}", scanId,
                        exchange.getVariable(ExchangeVariables.PAGE_TOKEN, String.class), e.getMessage());
            }
        }
        int[] changed = {0};
        database.inTransaction(connection -> {
            List<String> keys = new ArrayList<>(raw.keySet());
            Map<String, Map<String, RecordVersion>> accepted = outbox.acceptedVersions(connection, OutboxStore.CONTACT, keys);
            List<InboxStore.NewEvent> events = new ArrayList<>();
            List<String[]> keysAndIds = new ArrayList<>();
            for (CanonicalContact contact : seen) {
                keysAndIds.add(new String[] {contact.recordKey(), contact.quoId()});
                RecordVersion version = new RecordVersion(contact.version().updatedAt(), contact.version().hash());
                if (changedForSomeTarget(accepted, contact.recordKey(), version)) {
                    events.add(new InboxStore.NewEvent(eventId(contact), InboxEvent.EventSource.POLL,
                            QuoEventNormalizer.POLLED_CONTACT_TYPE, Json.write(raw.get(contact.recordKey()))));
                }
            }
            List<InboxEvent> stored = inbox.acceptAll(connection, events);
            exchange.setVariable(ExchangeVariables.STORED_EVENTS, stored);
            changed[0] = stored.size();
            polls.seen(connection, scanId, keysAndIds);
            polls.advance(connection, NAME, next, seen.size(), changed[0], total);
            return null;
        });
        metrics.count("bridge_poll_pages_total");
        metrics.count("bridge_poll_contacts_total", "outcome", "seen", seen.size());
        metrics.count("bridge_poll_contacts_total", "outcome", "changed", changed[0]);
        availability.available("quo.api");
        exchange.setVariable(ExchangeVariables.PAGE_TOKEN, next);
        exchange.setVariable(ExchangeVariables.MORE_PAGES, next != null && data.size() > 0);
        progress(scanId);
    }

    private boolean changedForSomeTarget(Map<String, Map<String, RecordVersion>> accepted, String key,
                                         RecordVersion version) {
        for (String target : targets.names()) {
            RecordVersion current = accepted.getOrDefault(target, Map.of()).get(key);
            if (version.against(current) == RecordVersion.Verdict.NEWER) {
                return true;
            }
        }
        return false;
    }

    private static String eventId(CanonicalContact contact) {
        Long updatedAt = contact.version().updatedAt();
        return "poll:" + contact.recordKey() + ":" + (updatedAt != null ? updatedAt : contact.version().hash());
    }

    private void progress(long scanId) {
        PollStore.Checkpoint checkpoint = polls.checkpoint(NAME);
        if (checkpoint.pagesDone() % settings.logEveryPages() != 0) {
            return;
        }
        double seconds = Math.max(0.001, (System.nanoTime() - scanStartedNanos) / 1e9);
        int pagesThisRun = checkpoint.pagesDone() - pagesAtStart;
        double perSecond = pagesThisRun * settings.pageSize() / seconds;
        String eta = "";
        if (checkpoint.totalEstimate() != null && checkpoint.totalEstimate() > checkpoint.contactsSeen() && perSecond > 0) {
            long left = Math.round((checkpoint.totalEstimate() - checkpoint.contactsSeen()) / perSecond);
            eta = String.format(", about %s left of ~%,d contacts (Quo's estimate)", Duration.ofSeconds(left)
                    .toString().substring(2).toLowerCase(java.util.Locale.ROOT), checkpoint.totalEstimate());
        }
        long written = polls.pollWritesSince(checkpoint.startedAt()).getOrDefault(OutboxStore.DONE, 0L);
        LOG.info("contact scan #{}: {} pages, {} contacts seen, {} new or changed, {} written, {} contacts/s{}",
                scanId, checkpoint.pagesDone(), checkpoint.contactsSeen(), checkpoint.contactsChanged(), written,
                Math.round(perSecond), eta);
    }

    /**
     * Ends a complete scan: reports contacts the bridge wrote that Quo no longer lists and, when switched on (and the
     * scan saw enough of the contacts to be trusted), queues the delete policy for them.
     */
    public void complete(Exchange exchange) {
        long scanId = exchange.getVariable(ExchangeVariables.SCAN_ID, Long.class);
        exchange.setVariable(ExchangeVariables.STORED_EVENTS, List.of());
        PollStore.Checkpoint checkpoint = polls.checkpoint(NAME);
        polls.complete(NAME, scanId);
        metrics.count("bridge_poll_scans_total", "outcome", "completed", 1);
        LOG.info("contact scan #{} complete: {} pages, {} contacts seen, {} new or changed", scanId,
                checkpoint.pagesDone(), checkpoint.contactsSeen(), checkpoint.contactsChanged());
        reportMissing(exchange, scanId, checkpoint.contactsSeen());
    }

    /** What a complete scan found missing: the contacts newly missing, and the deletion events it queued. */
    private record MissingReport(List<PollStore.Missing> newlyMissing, List<InboxEvent> deletions,
                                 boolean deletionsHeldBack) {
    }

    /**
     * Contacts written to a target (and not deleted or flagged deleted there since) that the scan did not see. The
     * gauge counts all of them; the log line and the journal name only those the previous complete scan did not
     * miss; the delete policy is queued once per contact (once more only if Quo lists it again in between).
     */
    private void reportMissing(Exchange exchange, long scanId, long seen) {
        List<PollStore.Missing> missing = polls.missing(scanId);
        Map<String, PollStore.Missing> byKey = new LinkedHashMap<>();
        missing.forEach(m -> byKey.putIfAbsent(m.recordKey(), m));
        metrics.gauge("bridge_poll_contacts_missing_in_quo", Tags.empty(), byKey.size());
        long written = settings.applyDeletions() ? polls.writtenContacts() : 0;
        boolean safe = written == 0 || seen >= settings.deletionSafety() * written;
        MissingReport report = database.inTransaction(connection -> {
            Map<String, Boolean> before = polls.missingBefore(connection);
            polls.rememberMissing(connection, scanId, byKey.keySet());
            List<PollStore.Missing> newlyMissing = missing.stream()
                    .filter(m -> !before.containsKey(m.recordKey())).toList();
            journal.record(connection, journalLines(scanId, newlyMissing, safe));
            List<String> due = !settings.applyDeletions() ? List.of() : byKey.keySet().stream()
                    .filter(key -> !before.getOrDefault(key, false)).toList();
            if (due.isEmpty() || !safe) {
                return new MissingReport(newlyMissing, List.of(), !due.isEmpty());
            }
            List<InboxEvent> queued = inbox.acceptAll(connection, deletionEvents(scanId, due, byKey));
            polls.deletionQueued(connection, due);
            return new MissingReport(newlyMissing, queued, false);
        });
        exchange.setVariable(ExchangeVariables.STORED_EVENTS, report.deletions());

        Set<String> newKeys = new LinkedHashSet<>();
        report.newlyMissing().forEach(m -> newKeys.add(m.recordKey()));
        if (!newKeys.isEmpty()) {
            List<String> sample = new ArrayList<>(newKeys).subList(0, Math.min(10, newKeys.size()));
            LOG.warn("contact scan #{}: {} more contact(s) written to a CRM are no longer in Quo (deleted there, or "
                    + "their externalId changed), e.g. {}; {} missing in all", scanId, newKeys.size(), sample,
                    byKey.size());
        }
        if (report.deletionsHeldBack()) {
            LOG.error("contact scan #{} saw {} contacts but the CRMs hold {}: below the safety share {}, so no deletion "
                    + "is applied (check the API key's access, then run a scan again)", scanId, seen, written,
                    settings.deletionSafety());
        }
        if (!report.deletions().isEmpty()) {
            LOG.info("contact scan #{}: CONTACT_DELETE_POLICY queued for {} contact(s) no longer in Quo", scanId,
                    report.deletions().size());
        }
    }

    /** One missing-in-quo journal line per newly missing contact and target. */
    private List<OutcomeJournal.Entry> journalLines(long scanId, List<PollStore.Missing> newlyMissing, boolean safe) {
        String detail = !settings.applyDeletions() ? "reported only (QUO_POLL_APPLY_DELETIONS=false)"
                : safe ? "delete policy queued"
                : "delete policy held back: the scan saw too few contacts (QUO_POLL_DELETION_SAFETY)";
        List<OutcomeJournal.Entry> lines = new ArrayList<>();
        for (PollStore.Missing m : newlyMissing) {
            lines.add(new OutcomeJournal.Entry(null, "poll-scan:" + scanId, "contact.scan", m.target(),
                    OutboxStore.CONTACT, m.recordKey(), "missing-in-quo", m.crmId(), detail));
        }
        return lines;
    }

    /** The events that apply CONTACT_DELETE_POLICY to these contacts, through the usual dispatch. */
    private List<InboxStore.NewEvent> deletionEvents(long scanId, List<String> keys,
                                                     Map<String, PollStore.Missing> byKey) {
        List<InboxStore.NewEvent> events = new ArrayList<>();
        long at = clock.millis();
        for (String key : keys) {
            PollStore.Missing m = byKey.get(key);
            ObjectNode contact = Json.object();
            contact.put("id", m.quoId() != null ? m.quoId() : m.recordKey());
            if (m.quoId() != null && !m.quoId().equals(m.recordKey())) {
                contact.put("externalId", m.recordKey());
            }
            contact.put("updatedAt", Instant.ofEpochMilli(at).toString());
            events.add(new InboxStore.NewEvent("poll-missing:" + m.recordKey() + ":" + scanId,
                    InboxEvent.EventSource.POLL, QuoEventNormalizer.POLL_MISSING_TYPE, Json.write(contact)));
        }
        return events;
    }

    /**
     * A run that failed after Quo's API retries were used up. Refused credentials (401/403) stop polling until the
     * next scheduled or requested scan, with a clear log line, a metric and readiness detail; a page token Quo no longer
     * accepts (400) restarts the scan; anything else keeps the checkpoint, and the next run resumes there.
     */
    public void failed(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        HttpOperationFailedException http = QuoApi.httpFailure(failure);
        String token = exchange.getVariable(ExchangeVariables.PAGE_TOKEN, String.class);
        if (http != null && (http.getStatusCode() == 401 || http.getStatusCode() == 403)) {
            String reason = "Quo refused the API key (" + http.getStatusCode() + " " + http.getStatusText()
                    + "): check QUO_API_KEY";
            polls.failed(NAME, PollStore.FAILED, reason, false);
            metrics.count("bridge_poll_scans_total", "outcome", "auth_failed", 1);
            availability.unavailable("quo.api", reason, "contact polling stops until the next scheduled scan or "
                    + "POST /admin/poll/contacts");
            return;
        }
        if (http != null && http.getStatusCode() == 400 && token != null) {
            polls.failed(NAME, PollStore.RUNNING, "page token refused: " + http.getResponseBody(), true);
            metrics.count("bridge_poll_scans_total", "outcome", "restarted", 1);
            LOG.warn("Quo refused the scan's page token (it may have expired); the scan starts over from the first page");
            return;
        }
        String reason = failure == null ? "unknown" : failure.getClass().getSimpleName() + ": " + failure.getMessage();
        polls.failed(NAME, PollStore.RUNNING, reason, false);
        metrics.count("bridge_poll_scans_total", "outcome", "interrupted", 1);
        LOG.warn("contact scan interrupted ({}); the next run resumes from its checkpoint", reason);
    }


    /** The admin API's "poll now": a scan starts at the next tick (on whichever process holds the poller). */
    public String requestScan(Exchange exchange) {
        polls.request(NAME);
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 202);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        return Json.write(Map.of("status", "requested", "checkpoint", view(polls.checkpoint(NAME), polls)));
    }

    /** The admin API's view of the poller. */
    public String status(Exchange exchange) {
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        return Json.write(view(polls.checkpoint(NAME), polls));
    }

    private static Map<String, Object> view(PollStore.Checkpoint c, PollStore polls) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("scan", c.scanId());
        view.put("status", c.status());
        view.put("pagesDone", c.pagesDone());
        view.put("contactsSeen", c.contactsSeen());
        view.put("contactsChanged", c.contactsChanged());
        view.put("totalEstimate", c.totalEstimate());
        // what became of the contacts this scan queued: written, pending, superseded (a newer version went), dead
        view.put("contactsByOutcome", polls.pollWritesSince(c.startedAt()));
        view.put("startedAt", c.startedAt() == null ? null : c.startedAt().toString());
        view.put("lastCompleteAt", c.lastCompleteAt() == null ? null : c.lastCompleteAt().toString());
        view.put("requestedAt", c.requestedAt() == null ? null : c.requestedAt().toString());
        view.put("lastError", c.lastError());
        return view;
    }
}
