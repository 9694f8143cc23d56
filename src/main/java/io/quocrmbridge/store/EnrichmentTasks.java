package io.quocrmbridge.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Calls to complete from Quo's API once due: the details of a call whose webhook listed no participants, the
 * voicemail of an unanswered call. One task per call and kind, however often its events arrive.
 */
public final class EnrichmentTasks {

    public static final String CALL_DETAILS = "call-details";
    public static final String VOICEMAIL = "voicemail";

    public static final String PENDING = "PENDING";
    public static final String DONE = "DONE";
    public static final String GAVE_UP = "GAVE_UP";

    /** How long a task being fetched is held before it counts as abandoned (the process died) and is due again. */
    static final Duration LEASE = Duration.ofMinutes(2);

    private final Database database;
    private final Clock clock;

    public EnrichmentTasks(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** A task as the enrichment route sees it. */
    public record Task(long id, String task, String callId, int attempts) {
    }

    /** Schedules a task unless the call has one of that kind already; in the caller's transaction. */
    public boolean schedule(Connection connection, String task, String callId, Instant dueAt) throws SQLException {
        Savepoint savepoint = connection.setSavepoint();
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO enrichment_task (task, call_id, status, attempts, due_at, created_at) "
                        + "VALUES (?, ?, ?, 0, ?, ?)")) {
            insert.setString(1, task);
            insert.setString(2, callId);
            insert.setString(3, PENDING);
            insert.setTimestamp(4, Database.timestamp(dueAt));
            insert.setTimestamp(5, Database.timestamp(clock.instant()));
            insert.executeUpdate();
            connection.releaseSavepoint(savepoint);
            return true;
        } catch (SQLException e) {
            if (Database.isUniqueViolation(e)) {
                connection.rollback(savepoint);
                return false;
            }
            throw e;
        }
    }

    /** Takes up to {@code limit} due tasks, oldest due first, holding each for a lease and counting the attempt. */
    public List<Task> takeDue(int limit) {
        return database.inTransaction(connection -> {
            Instant now = clock.instant();
            List<Task> tasks = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id, task, call_id, attempts FROM enrichment_task WHERE status = ? AND due_at <= ? "
                            + "ORDER BY due_at, id FETCH FIRST " + limit + " ROWS ONLY FOR UPDATE")) {
                select.setString(1, PENDING);
                select.setTimestamp(2, Database.timestamp(now));
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        tasks.add(new Task(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4) + 1));
                    }
                }
            }
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE enrichment_task SET attempts = attempts + 1, due_at = ? WHERE id = ?")) {
                for (Task task : tasks) {
                    update.setTimestamp(1, Database.timestamp(now.plus(LEASE)));
                    update.setLong(2, task.id());
                    update.addBatch();
                }
                if (!tasks.isEmpty()) {
                    update.executeBatch();
                }
            }
            return tasks;
        });
    }

    public void finish(Connection connection, long id, String status, String note) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE enrichment_task SET status = ?, last_error = ?, finished_at = ? WHERE id = ?")) {
            update.setString(1, status);
            update.setString(2, note == null ? null : note.length() > 1000 ? note.substring(0, 1000) : note);
            update.setTimestamp(3, Database.timestamp(clock.instant()));
            update.setLong(4, id);
            update.executeUpdate();
        }
    }

    public void finish(long id, String status, String note) {
        database.inTransaction(connection -> {
            finish(connection, id, status, note);
            return null;
        });
    }

    public void retryAt(long id, Instant dueAt, String error) {
        database.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE enrichment_task SET due_at = ?, last_error = ? WHERE id = ?")) {
                update.setTimestamp(1, Database.timestamp(dueAt));
                update.setString(2, error == null ? null : error.length() > 1000 ? error.substring(0, 1000) : error);
                update.setLong(3, id);
                update.executeUpdate();
            }
            return null;
        });
    }

    /** Tasks waiting, for metrics. */
    public long pending() {
        return database.withConnection(connection -> {
            try (PreparedStatement count = connection.prepareStatement(
                    "SELECT COUNT(*) FROM enrichment_task WHERE status = ?")) {
                count.setString(1, PENDING);
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }
}
