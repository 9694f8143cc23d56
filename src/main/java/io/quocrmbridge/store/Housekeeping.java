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

    private final InboxStore inbox;
    private final OutboxStore outbox;
    private final OutcomeJournal journal;
    private final Duration inboxRetention;
    private final Duration journalRetention;
    private final Clock clock;

    public Housekeeping(InboxStore inbox, OutboxStore outbox, OutcomeJournal journal, Duration inboxRetention,
                        Duration journalRetention, Clock clock) {
        if (inboxRetention.compareTo(Duration.ofDays(2)) < 0) {
            throw new IllegalArgumentException("BRIDGE_RETENTION_INBOX_DAYS must be at least 2: Quo retries a "
                    + "delivery for about 28 hours, and a redelivery is only recognised while its event is kept");
        }
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
}
