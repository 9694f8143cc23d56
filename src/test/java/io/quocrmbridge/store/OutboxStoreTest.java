package io.quocrmbridge.store;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.quocrmbridge.dispatch.Dispatcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The outbox against a real (in-memory H2) store, migrated as the bridge migrates it. */
class OutboxStoreTest {

    private final Database database = Database.open("jdbc:h2:mem:outbox-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
            "sa", "", 2, 5000);
    private final OutboxStore outbox = new OutboxStore(database, Clock.systemUTC());
    private final PollStore polls = new PollStore(database, Clock.systemUTC());
    private long version = 1_776_081_600_000L;

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void aWrittenDeletionOrFlagMarksTheContactGoneAndALaterWrittenUpsertBringsItBack() {
        write(OutboxStore.UPSERT, "001");
        assertThat(gone(), equalTo(false));
        assertThat(missingKeys(), equalTo(List.of("CT1")));
        assertThat(polls.writtenContacts(), equalTo(1L));

        write(OutboxStore.FLAG_DELETED, null);
        assertThat(gone(), equalTo(true));
        assertThat("a flagged contact is not missing", missingKeys(), equalTo(List.of()));
        assertThat(polls.writtenContacts(), equalTo(0L));

        write(OutboxStore.UPSERT, null);
        assertThat(gone(), equalTo(false));
        assertThat(missingKeys(), equalTo(List.of("CT1")));

        write(OutboxStore.DELETE, null);
        assertThat(gone(), equalTo(true));
        assertThat("a deleted contact is not missing", missingKeys(), equalTo(List.of()));
        assertThat("the CRM id is kept", outbox.crmId("dry-run", OutboxStore.CONTACT, "CT1"), equalTo("001"));
    }

    @Test
    void aContactWrittenWithoutACrmIdCountsAsWritten() {
        write(OutboxStore.UPSERT, null);
        assertThat(missingKeys(), equalTo(List.of("CT1")));
        assertThat(polls.writtenContacts(), equalTo(1L));
    }

    @Test
    void workQueuedButNotYetWrittenIsNotMissing() {
        database.inTransaction(connection -> outbox.offer(connection, item(OutboxStore.UPSERT)));
        assertThat(missingKeys(), equalTo(List.of()));
        assertThat(polls.writtenContacts(), equalTo(0L));
    }

    /** Queues the next version of contact CT1 with this operation, and completes it as the dry-run writer would. */
    private void write(String operation, String crmId) {
        database.inTransaction(connection -> outbox.offer(connection, item(operation)));
        List<OutboxStore.Entry> batch = outbox.claimBatch("dry-run", OutboxStore.CONTACT, 1, Duration.ZERO);
        assertThat(batch.size(), equalTo(1));
        database.inTransaction(connection -> {
            outbox.completed(connection, batch.get(0), crmId);
            return null;
        });
    }

    private OutboxStore.Item item(String operation) {
        version += 1000;
        return new OutboxStore.Item("dry-run", OutboxStore.CONTACT, operation, "CT1",
                new RecordVersion(version, "hash" + version), "EV" + version, "contact.updated", "{}");
    }

    private boolean gone() {
        return database.withConnection(connection -> {
            try (var query = connection.prepareStatement(
                    "SELECT gone_at FROM crm_record_version WHERE record_key = 'CT1'");
                 var rs = query.executeQuery()) {
                rs.next();
                return rs.getTimestamp(1) != null;
            }
        });
    }

    /** The contacts a complete scan that saw nothing would report missing. */
    private List<String> missingKeys() {
        return polls.missing(1).stream().map(PollStore.Missing::recordKey).toList();
    }
}
