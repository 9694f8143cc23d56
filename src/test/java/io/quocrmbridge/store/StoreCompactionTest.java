package io.quocrmbridge.store;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store with the bridge's own settings (a commit on disk before each answer) keeps every chunk it wrote:
 * compaction gives the space back, without closing the store and without losing a row.
 */
class StoreCompactionTest {

    @TempDir
    Path dir;

    @Test
    void aFileBloatedByManySmallCommitsIsCompactedWhileOpenAndKeepsItsRows() throws Exception {
        Path file = dir.resolve("bridge.mv.db");
        Database database = Database.open("jdbc:h2:file:" + dir.resolve("bridge")
                + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;MAX_LENGTH_INPLACE_LOB=65536"
                // H2 keeps replaced chunks for RETENTION_TIME (45 s by default) before they count as stale
                + ";RETENTION_TIME=500", "sa", "", 2, 5000);
        try {
            String body = "x".repeat(2_000);
            // one webhook a commit, each row then updated as dispatch does: many commits, little live data
            for (int i = 0; i < 1_500; i++) {
                int n = i;
                database.withConnection(connection -> {
                    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO inbox_event (event_id, "
                            + "source, event_type, received_at, status, body) VALUES (?, 'webhook-beta', "
                            + "'contact.updated', CURRENT_TIMESTAMP, 'PENDING', ?)")) {
                        insert.setString(1, "EVcompact" + n);
                        insert.setString(2, body);
                        insert.executeUpdate();
                    }
                    try (PreparedStatement update = connection.prepareStatement(
                            "UPDATE inbox_event SET status = 'DONE' WHERE event_id = ?")) {
                        update.setString(1, "EVcompact" + n);
                        return update.executeUpdate();
                    }
                });
            }
            Thread.sleep(1_000);
            // the next commit after the retention time finds the replaced chunks stale
            database.withConnection(connection -> connection.createStatement().executeUpdate(
                    "UPDATE inbox_event SET detail = 'compaction test' WHERE event_id = 'EVcompact0'"));
            long bloated = Files.size(file);
            Database.Compaction done = database.compact(50, Duration.ofSeconds(10));

            assertThat("stale chunks to give back", done, notNullValue());
            assertThat(done.bytesBefore(), equalTo(bloated));
            assertThat("the file shrinks to a fraction: " + bloated + " -> " + Files.size(file), Files.size(file),
                    lessThan(bloated / 3));
            assertThat(database.withConnection(connection -> {
                try (var count = connection.createStatement().executeQuery(
                        "SELECT COUNT(*) FROM inbox_event WHERE status = 'DONE'")) {
                    count.next();
                    return count.getLong(1);
                }
            }), equalTo(1_500L));
            assertThat("a compact file is left as it is", database.compact(50, Duration.ofSeconds(10)), nullValue());
            assertThat(bloated, greaterThan(0L));
        } finally {
            database.close();
        }
    }
}
