package io.quocrmbridge.crm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.quocrmbridge.store.Database;
import io.quocrmbridge.store.DeadLetter;
import io.quocrmbridge.store.DeadLetterStore;
import io.quocrmbridge.store.InboxStore;
import io.quocrmbridge.store.OutboxStore;
import io.quocrmbridge.store.OutcomeJournal;
import io.quocrmbridge.store.RecordVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays and discards dead letters. A record's dead letter is queued again only while its version is still the
 * newest one accepted for its target: if a newer version of the record has been accepted since, that version carries
 * the whole record and the old one is marked superseded instead of overwriting it. An event-level dead letter (an
 * event that could not be normalised) is put back in the inbox and dispatched again.
 */
public final class DeadLetterReplay {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterReplay.class);

    private final Database database;
    private final DeadLetterStore deadLetters;
    private final OutboxStore outbox;
    private final InboxStore inbox;
    private final OutcomeJournal journal;

    public DeadLetterReplay(Database database, DeadLetterStore deadLetters, OutboxStore outbox, InboxStore inbox,
                            OutcomeJournal journal) {
        this.database = database;
        this.deadLetters = deadLetters;
        this.outbox = outbox;
        this.inbox = inbox;
        this.journal = journal;
    }

    /** What happened to one dead letter: replayed, superseded, discarded, not-open or not-found. */
    public record Result(long id, String outcome, String detail) {
    }

    public Result replay(long id) {
        Result result = database.inTransaction(connection -> {
            Optional<DeadLetter> found = deadLetters.find(connection, id, true);
            if (found.isEmpty()) {
                return new Result(id, "not-found", "no dead letter with this id");
            }
            DeadLetter letter = found.get();
            if (!DeadLetter.NEW.equals(letter.status())) {
                return new Result(id, "not-open", "already " + letter.status().toLowerCase(java.util.Locale.ROOT));
            }
            if (letter.isEventLevel()) {
                requeueInboxEvent(connection, letter.inboxId());
                deadLetters.resolve(connection, id, DeadLetter.REPLAYED);
                journal.record(connection, List.of(line(letter, "replayed", "event queued for dispatch again")));
                return new Result(id, "replayed", "event queued for dispatch again");
            }
            RecordVersion accepted = outbox.acceptedVersion(connection, letter.target(), letter.kind(),
                    letter.recordKey());
            if (accepted != null && letter.version() != null && isNewer(accepted, letter.version())) {
                deadLetters.resolve(connection, id, DeadLetter.SUPERSEDED);
                journal.record(connection, List.of(line(letter, "superseded",
                        "a newer version of the record was accepted since; it carries the whole record")));
                return new Result(id, "superseded", "a newer version of the record was accepted since");
            }
            outbox.requeue(connection, new OutboxStore.Item(letter.target(), letter.kind(), letter.operation(),
                    letter.recordKey(), letter.version(), letter.eventId(), letter.eventType(), letter.payload()));
            deadLetters.resolve(connection, id, DeadLetter.REPLAYED);
            journal.record(connection, List.of(line(letter, "replayed", "queued for " + letter.target() + " again")));
            return new Result(id, "replayed", "queued for " + letter.target() + " again");
        });
        LOG.info("dead letter #{}: {} ({})", id, result.outcome(), result.detail());
        return result;
    }

    /** Replays every open dead letter matching a filter, oldest first. */
    public List<Result> replayAll(String target, int limit) {
        List<Result> results = new ArrayList<>();
        for (Long id : deadLetters.ids(DeadLetter.NEW, target, limit)) {
            results.add(replay(id));
        }
        return results;
    }

    public Result discard(long id) {
        Result result = database.inTransaction(connection -> {
            Optional<DeadLetter> found = deadLetters.find(connection, id, true);
            if (found.isEmpty()) {
                return new Result(id, "not-found", "no dead letter with this id");
            }
            DeadLetter letter = found.get();
            if (!DeadLetter.NEW.equals(letter.status())) {
                return new Result(id, "not-open", "already " + letter.status().toLowerCase(java.util.Locale.ROOT));
            }
            deadLetters.resolve(connection, id, DeadLetter.DISCARDED);
            journal.record(connection, List.of(line(letter, "discarded", "discarded by a user")));
            return new Result(id, "discarded", "will not be written");
        });
        LOG.info("dead letter #{}: {}", id, result.outcome());
        return result;
    }

    /** A summary of results for the admin API's answer. */
    public static Map<String, Object> summary(List<Result> results) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        results.forEach(r -> counts.merge(r.outcome(), 1, Integer::sum));
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("counts", counts);
        summary.put("results", results);
        return summary;
    }

    private void requeueInboxEvent(java.sql.Connection connection, Long inboxId) throws java.sql.SQLException {
        if (inboxId == null) {
            return;
        }
        inbox.finish(connection, inboxId, InboxStore.PENDING, "replayed from dead letters");
    }

    private static boolean isNewer(RecordVersion accepted, RecordVersion failed) {
        return failed.against(accepted) == RecordVersion.Verdict.OLDER
                || (!accepted.contentHash().equals(failed.contentHash())
                && failed.against(accepted) != RecordVersion.Verdict.NEWER);
    }

    private static OutcomeJournal.Entry line(DeadLetter letter, String outcome, String detail) {
        return new OutcomeJournal.Entry(null, letter.eventId(), letter.eventType(),
                DeadLetter.ANY_TARGET.equals(letter.target()) ? null : letter.target(), letter.kind(),
                letter.recordKey(), outcome, null, "dead letter #" + letter.id() + ": " + detail);
    }
}
