package io.quocrmbridge.store;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Dead letters against a real (in-memory H2) store, migrated as the bridge migrates it. */
class DeadLetterStoreTest {

    private final Database database = Database.open("jdbc:h2:mem:dead-letters-" + UUID.randomUUID()
            + ";DB_CLOSE_DELAY=-1", "sa", "", 2, 5000);
    private final DeadLetterStore deadLetters = new DeadLetterStore(database, Clock.systemUTC());

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void pagesGoFromNewestToOldestWithoutGapsOrRepeats() {
        for (int i = 1; i <= 7; i++) {
            String key = "CT" + i;
            database.inTransaction(connection -> deadLetters.add(connection, new OutboxStore.Entry(0, "salesforce",
                    "contact", "upsert", key, new RecordVersion(1L, null), "EV" + key, "contact.updated", "{}", 0,
                    Instant.now()), DeadLetterStore.Failure.of("refused")));
        }
        List<String> keys = new ArrayList<>();
        Long before = null;
        for (int page = 0; page < 10; page++) {
            List<DeadLetter> letters = deadLetters.list(null, null, before, 3);
            letters.forEach(letter -> keys.add(letter.recordKey()));
            if (letters.size() < 3) {
                break;
            }
            before = letters.get(letters.size() - 1).id();
        }
        assertThat(keys, equalTo(List.of("CT7", "CT6", "CT5", "CT4", "CT3", "CT2", "CT1")));
        assertThat(deadLetters.list(DeadLetter.NEW, "salesforce", 2).size(), equalTo(2));
    }
}
