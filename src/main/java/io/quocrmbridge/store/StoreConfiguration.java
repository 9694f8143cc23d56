package io.quocrmbridge.store;

import java.time.Clock;

import io.quocrmbridge.config.Concern;
import io.quocrmbridge.config.Settings;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store: opens the database (BRIDGE_DB_URL: embedded H2 by default, PostgreSQL for several replicas), migrates it,
 * and binds its parts: {@code database}, {@code inbox}, {@code outbox}, {@code deadLetters}, {@code journal},
 * {@code polls}, {@code activityStore}, {@code enrichmentTasks} and {@code housekeeping}. The database is closed
 * after the routes have stopped.
 */
public final class StoreConfiguration implements Concern {

    private static final Logger LOG = LoggerFactory.getLogger(StoreConfiguration.class);

    @Override
    public void configure(CamelContext context) {
        Settings settings = new Settings(context);
        Clock clock = Clock.systemUTC();
        Database database = Database.open(settings.required("bridge.db.url"), settings.text("bridge.db.user"),
                settings.text("bridge.db.password"), settings.integer("bridge.db.pool-size", 1),
                settings.integer("bridge.db.connect-timeout-ms", 1));
        try {
            context.addService(new ServiceSupport() {
                @Override
                protected void doStop() {
                    database.close();
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        InboxStore inbox = new InboxStore(database, clock);
        OutboxStore outbox = new OutboxStore(database, clock);
        DeadLetterStore deadLetters = new DeadLetterStore(database, clock);
        OutcomeJournal journal = new OutcomeJournal(database, clock);
        if (!database.isPostgres()) {
            // the embedded store is held by this process alone, so anything "in progress" was cut off by a stop
            int released = inbox.releaseInterrupted();
            if (released > 0) {
                LOG.info("{} event(s) were being dispatched when the bridge stopped; they are dispatched again", released);
            }
            int unsent = outbox.releaseClaims();
            if (unsent > 0) {
                LOG.info("{} CRM write(s) were in flight when the bridge stopped; they are sent again", unsent);
            }
        }
        var registry = context.getRegistry();
        registry.bind("database", database);
        registry.bind("inbox", inbox);
        registry.bind("outbox", outbox);
        registry.bind("deadLetters", deadLetters);
        registry.bind("journal", journal);
        registry.bind("polls", new PollStore(database, clock));
        registry.bind("activityStore", new ActivityStore(clock));
        registry.bind("enrichmentTasks", new EnrichmentTasks(database, clock));
        registry.bind("housekeeping", new Housekeeping(database, inbox, outbox, journal,
                java.time.Duration.ofDays(settings.integer("bridge.retention.inbox-days")),
                java.time.Duration.ofDays(settings.integer("bridge.retention.journal-days")), clock));
    }
}
