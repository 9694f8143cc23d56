package io.quocrmbridge.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention: deletes finished inbox events, finished outbox work and old journal lines once they are past their
 * retention. Pending, parked and dead-lettered work is never deleted.
 */
public final class Housekeeping {

    private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);

    /** Compact the embedded file when less than this share of it is live data, in percent. */
    private static final int COMPACT_BELOW_FILL_RATE = 50;
    /** The longest a compaction may hold up writes. */
    private static final Duration COMPACT_MAX_TIME = Duration.ofSeconds(2);

    private final Database database;
    private final InboxStore inbox;
    private final OutboxStore outbox;
    private final OutcomeJournal journal;
    private final Duration inboxRetention;
    private final Duration journalRetention;
    private final Clock clock;

    public Housekeeping(Database database, InboxStore inbox, OutboxStore outbox, OutcomeJournal journal,
                        Duration inboxRetention, Duration journalRetention, Clock clock) {
        if (inboxRetention.compareTo(Duration.ofDays(2)) < 0) {
            throw new IllegalArgumentException("BRIDGE_RETENTION_INBOX_DAYS must be at least 2: Quo retries a "
                    + "delivery for about 28 hours, and a redelivery is only recognised while its event is kept");
        }
        this.database = database;
        this.inbox = inbox;
        this.outbox = outbox;
        this.journal = journal;
        this.inboxRetention = inboxRetention;
        this.journalRetention = journalRetention;
        this.clock = clock;
    }

    public void purge() {
        Instant now = clock.instant();
        int events = inbox.purgeFinished(now.minus(inboxRetention));
        int work = outbox.purgeFinished(now.minus(journalRetention));
        int lines = journal.purge(now.minus(journalRetention));
        if (events + work + lines > 0) {
            LOG.info("retention: deleted {} finished events, {} finished CRM work rows, {} journal lines",
                    events, work, lines);
        }
    }

    /**
     * Compacts the embedded store's file when most of it is stale (see {@link Database#compact}); at most
     * {@link #COMPACT_MAX_TIME} at a time, during which writes wait (webhooks are answered a little later, never
     * refused). Nothing for PostgreSQL, which reclaims space itself.
     */
    public void compactStore() {
        try {
            Database.Compaction done = database.compact(COMPACT_BELOW_FILL_RATE, COMPACT_MAX_TIME);
            if (done != null) {
                LOG.info("store file compacted from {} MB to {} MB in {} ms", done.bytesBefore() >> 20,
                        done.bytesAfter() >> 20, done.millis());
            }
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("store compaction skipped: {}", e.toString());
        }
    }
}
