package io.quocrmbridge.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The outcome journal: one line per record per target per step (queued, skipped, created, updated, deleted,
 * dead-lettered...), queried by event id or record key through the admin API.
 */
public final class OutcomeJournal {

    private final Database database;
    private final Clock clock;

    public OutcomeJournal(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /**
     * One journal line.
     *
     * @param at      when it happened (filled in when written, if null)
     * @param outcome queued, duplicate, stale, parked, created, updated, deleted, skipped, superseded, retrying,
     *                dead-lettered, replayed, discarded
     */
    public record Entry(Instant at, String eventId, String eventType, String target, String kind, String recordKey,
                        String outcome, String crmId, String detail) {
    }

    /** Writes journal lines in the caller's transaction. */
    public void record(Connection connection, Collection<Entry> entries) throws SQLException {
        if (entries.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO outcome_journal (at, event_id, event_type, target, record_kind, record_key, outcome, "
                        + "crm_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Entry entry : entries) {
                insert.setTimestamp(1, Database.timestamp(entry.at() == null ? now : entry.at()));
                insert.setString(2, entry.eventId());
                insert.setString(3, Database.fit(entry.eventType(), 100));
                insert.setString(4, entry.target());
                insert.setString(5, entry.kind());
                insert.setString(6, Database.fit(entry.recordKey(), 255));
                insert.setString(7, entry.outcome());
                insert.setString(8, entry.crmId());
                insert.setString(9, Database.fit(entry.detail(), 1000));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Writes journal lines in their own transaction. */
    public void record(Collection<Entry> entries) {
        database.inTransaction(connection -> {
            record(connection, entries);
            return null;
        });
    }

    /** Every line for one Quo event, oldest first. */
    public List<Entry> forEvent(String eventId) {
        return query("event_id", eventId);
    }

    /** Every line for one record key, oldest first. */
    public List<Entry> forRecord(String recordKey) {
        return query("record_key", recordKey);
    }

    private List<Entry> query(String column, String value) {
        return database.withConnection(connection -> {
            List<Entry> entries = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT at, event_id, event_type, target, record_kind, record_key, outcome, crm_id, detail "
                            + "FROM outcome_journal WHERE " + column + " = ? ORDER BY id FETCH FIRST 1000 ROWS ONLY")) {
                query.setString(1, value);
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        entries.add(new Entry(Database.instant(rs.getTimestamp(1)), rs.getString(2), rs.getString(3),
                                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                                rs.getString(9)));
                    }
                }
            }
            return entries;
        });
    }

    /** Deletes journal lines older than the retention. */
    public int purge(Instant before) {
        return database.withConnection(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM outcome_journal WHERE at < ?")) {
                delete.setTimestamp(1, Database.timestamp(before));
                return delete.executeUpdate();
            }
        });
    }
}
