package io.quocrmbridge.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The poller's checkpoint (where the scan in progress stands, so a restart resumes instead of starting over), the
 * contacts each scan has seen (so a complete scan can tell which contacts the bridge wrote are gone from Quo), and
 * the contacts the last complete scan found missing (so each is reported, and its deletion queued, once).
 */
public final class PollStore {

    public static final String IDLE = "IDLE";
    public static final String RUNNING = "RUNNING";
    public static final String FAILED = "FAILED";

    private final Database database;
    private final Clock clock;

    public PollStore(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** A poller's checkpoint. */
    public record Checkpoint(String name, long scanId, String status, String pageToken, int pagesDone,
                             long contactsSeen, long contactsChanged, Long totalEstimate, Instant startedAt,
                             Instant updatedAt, Instant lastCompleteAt, Long lastCompleteScan, Instant requestedAt,
                             String lastError) {

        public boolean running() {
            return RUNNING.equals(status);
        }
    }

    /** The checkpoint, created IDLE on first use. */
    public Checkpoint checkpoint(String name) {
        return database.withConnection(connection -> {
            Checkpoint found = read(connection, name, false);
            if (found != null) {
                return found;
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO poll_checkpoint (name, scan_id, status) VALUES (?, 0, ?)")) {
                insert.setString(1, name);
                insert.setString(2, IDLE);
                insert.executeUpdate();
            } catch (SQLException e) {
                if (!Database.isUniqueViolation(e)) {
                    throw e;
                }
            }
            return read(connection, name, false);
        });
    }

    /** Begins a new scan from the first page. */
    public Checkpoint startScan(String name) {
        checkpoint(name);
        Instant now = clock.instant();
        return database.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE poll_checkpoint SET scan_id = scan_id + 1, status = ?, page_token = NULL, pages_done = 0, "
                            + "contacts_seen = 0, contacts_changed = 0, total_estimate = NULL, started_at = ?, "
                            + "updated_at = ?, requested_at = NULL, last_error = NULL WHERE name = ?")) {
                update.setString(1, RUNNING);
                update.setTimestamp(2, Database.timestamp(now));
                update.setTimestamp(3, Database.timestamp(now));
                update.setString(4, name);
                update.executeUpdate();
            }
            return read(connection, name, false);
        });
    }

    /** Records a fetched page, in the caller's transaction (with the page's contacts stored in the inbox). */
    public void advance(Connection connection, String name, String nextPageToken, int contactsSeen,
                        int contactsChanged, Long totalEstimate) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE poll_checkpoint SET page_token = ?, pages_done = pages_done + 1, "
                        + "contacts_seen = contacts_seen + ?, contacts_changed = contacts_changed + ?, "
                        + "total_estimate = COALESCE(?, total_estimate), updated_at = ? WHERE name = ?")) {
            update.setString(1, nextPageToken);
            update.setInt(2, contactsSeen);
            update.setInt(3, contactsChanged);
            if (totalEstimate == null) {
                update.setNull(4, Types.BIGINT);
            } else {
                update.setLong(4, totalEstimate);
            }
            update.setTimestamp(5, Database.timestamp(clock.instant()));
            update.setString(6, name);
            update.executeUpdate();
        }
    }

    /** Marks the scan complete. */
    public void complete(String name, long scanId) {
        Instant now = clock.instant();
        database.withConnection(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE poll_checkpoint SET status = ?, page_token = NULL, updated_at = ?, last_complete_at = ?, "
                            + "last_complete_scan = ?, last_error = NULL WHERE name = ?")) {
                update.setString(1, IDLE);
                update.setTimestamp(2, Database.timestamp(now));
                update.setTimestamp(3, Database.timestamp(now));
                update.setLong(4, scanId);
                update.setString(5, name);
                return update.executeUpdate();
            }
        });
    }

    /**
     * Records a failed run. {@code status} RUNNING keeps the scan to resume from its checkpoint; FAILED stops it until
     * the next scheduled or requested scan (refused credentials); {@code restart} forgets the page token (a token Quo
     * no longer accepts), so the next run starts the scan over.
     */
    public void failed(String name, String status, String error, boolean restart) {
        database.withConnection(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE poll_checkpoint SET status = ?, last_error = ?, updated_at = ?"
                            + (restart ? ", page_token = NULL" : "") + " WHERE name = ?")) {
                update.setString(1, status);
                update.setString(2, Database.fit(error, 2000));
                update.setTimestamp(3, Database.timestamp(clock.instant()));
                update.setString(4, name);
                return update.executeUpdate();
            }
        });
    }

    /** Asks for a scan as soon as possible (the admin API's "poll now"). */
    public void request(String name) {
        checkpoint(name);
        database.withConnection(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE poll_checkpoint SET requested_at = ? WHERE name = ?")) {
                update.setTimestamp(1, Database.timestamp(clock.instant()));
                update.setString(2, name);
                return update.executeUpdate();
            }
        });
    }

    /** Remembers that a scan saw these contacts (record key → Quo id), in the caller's transaction. */
    public void seen(Connection connection, long scanId, Collection<String[]> keysAndIds) throws SQLException {
        if (keysAndIds.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE quo_contact_seen SET quo_id = ?, last_seen_scan = ?, last_seen_at = ? WHERE record_key = ?");
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO quo_contact_seen (record_key, quo_id, last_seen_scan, last_seen_at) VALUES (?, ?, ?, ?)")) {
            for (String[] keyAndId : keysAndIds) {
                update.setString(1, keyAndId[1]);
                update.setLong(2, scanId);
                update.setTimestamp(3, Database.timestamp(now));
                update.setString(4, keyAndId[0]);
                if (update.executeUpdate() == 0) {
                    insert.setString(1, keyAndId[0]);
                    insert.setString(2, keyAndId[1]);
                    insert.setLong(3, scanId);
                    insert.setTimestamp(4, Database.timestamp(now));
                    insert.executeUpdate();
                }
            }
        }
    }

    /** A contact the bridge wrote to a CRM that a complete scan did not find in Quo. */
    public record Missing(String recordKey, String quoId, String target, String crmId) {
    }

    /**
     * Contacts some target holds (written there, and not since deleted or flagged deleted by the bridge) that the
     * given complete scan did not see: deleted in Quo, or their externalId changed. The dry-run target counts too,
     * although it has no CRM ids.
     */
    public List<Missing> missing(long scanId) {
        return database.withConnection(connection -> {
            List<Missing> missing = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT v.record_key, s.quo_id, v.target, v.crm_id FROM crm_record_version v "
                            + "LEFT JOIN quo_contact_seen s ON s.record_key = v.record_key "
                            + "WHERE v.record_kind = 'contact' AND v.written_at IS NOT NULL AND v.gone_at IS NULL "
                            + "AND (s.last_seen_scan IS NULL OR s.last_seen_scan <> ?) ORDER BY v.record_key, v.target")) {
                query.setLong(1, scanId);
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        missing.add(new Missing(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                    }
                }
            }
            return missing;
        });
    }

    /**
     * The contacts the previous complete scan found missing, each with whether CONTACT_DELETE_POLICY was queued for
     * it; in the caller's transaction.
     */
    public Map<String, Boolean> missingBefore(Connection connection) throws SQLException {
        Map<String, Boolean> before = new LinkedHashMap<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT record_key, deletion_queued_at FROM quo_contact_missing");
             ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                before.put(rs.getString(1), rs.getTimestamp(2) != null);
            }
        }
        return before;
    }

    /**
     * Remembers the contacts a complete scan found missing, in place of the previous scan's: contacts missing
     * before keep their first scan and whether their deletion was queued; in the caller's transaction.
     */
    public void rememberMissing(Connection connection, long scanId, Collection<String> recordKeys)
            throws SQLException {
        Set<String> before = missingBefore(connection).keySet();
        Set<String> now = new HashSet<>(recordKeys);
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM quo_contact_missing WHERE record_key = ?");
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO quo_contact_missing (record_key, first_missing_scan) VALUES (?, ?)")) {
            for (String key : before) {
                if (!now.contains(key)) {
                    delete.setString(1, key);
                    delete.addBatch();
                }
            }
            delete.executeBatch();
            for (String key : now) {
                if (!before.contains(key)) {
                    insert.setString(1, key);
                    insert.setLong(2, scanId);
                    insert.addBatch();
                }
            }
            insert.executeBatch();
        }
    }

    /** Records that CONTACT_DELETE_POLICY was queued for these missing contacts; in the caller's transaction. */
    public void deletionQueued(Connection connection, Collection<String> recordKeys) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE quo_contact_missing SET deletion_queued_at = ? WHERE record_key = ?")) {
            for (String key : recordKeys) {
                update.setTimestamp(1, Database.timestamp(clock.instant()));
                update.setString(2, key);
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    /** How many contacts at least one target holds (written there, and not gone: deleted or flagged deleted). */
    public long writtenContacts() {
        return database.withConnection(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT COUNT(DISTINCT record_key) FROM crm_record_version WHERE record_kind = 'contact' "
                            + "AND written_at IS NOT NULL AND gone_at IS NULL");
                 ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /**
     * What became of the contacts polling queued since {@code since} (a scan's start), per outbox status: DONE
     * (written), PENDING (waiting for the CRM), SUPERSEDED (a newer version was written instead), DEAD.
     */
    public java.util.Map<String, Long> pollWritesSince(Instant since) {
        return database.withConnection(connection -> {
            java.util.Map<String, Long> counts = new java.util.TreeMap<>();
            if (since == null) {
                return counts;
            }
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT status, COUNT(*) FROM crm_outbox WHERE record_kind = 'contact' AND event_id LIKE 'poll:%' "
                            + "AND created_at >= ? GROUP BY status")) {
                query.setTimestamp(1, Database.timestamp(since));
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        counts.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            return counts;
        });
    }

    private static Checkpoint read(Connection connection, String name, boolean forUpdate) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT name, scan_id, status, page_token, pages_done, contacts_seen, contacts_changed, total_estimate, "
                        + "started_at, updated_at, last_complete_at, last_complete_scan, requested_at, last_error "
                        + "FROM poll_checkpoint WHERE name = ?" + (forUpdate ? " FOR UPDATE" : ""))) {
            query.setString(1, name);
            try (ResultSet rs = query.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                long total = rs.getLong(8);
                Long totalEstimate = rs.wasNull() ? null : total;
                long lastScan = rs.getLong(12);
                Long lastCompleteScan = rs.wasNull() ? null : lastScan;
                return new Checkpoint(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                        rs.getLong(6), rs.getLong(7), totalEstimate, Database.instant(rs.getTimestamp(9)),
                        Database.instant(rs.getTimestamp(10)), Database.instant(rs.getTimestamp(11)), lastCompleteScan,
                        Database.instant(rs.getTimestamp(13)), rs.getString(14));
            }
        }
    }
}
