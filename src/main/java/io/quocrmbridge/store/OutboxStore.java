package io.quocrmbridge.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-target CRM work, gated by record version.
 *
 * <p>{@link #offer} is the idempotent consumer of every CRM target: in the caller's transaction it compares the
 * record's version with the newest version accepted for that target, and only when the candidate is newer does it
 * move the gate forward and queue the work. Because both happen in one transaction (together with marking the
 * inbox event done), a crash can neither lose accepted work nor queue it twice. Each target's writer then takes
 * queued work in batches ({@link #claimBatch}), oldest first, sending only the newest queued version of a record.
 */
public final class OutboxStore {

    public static final String PENDING = "PENDING";
    public static final String DONE = "DONE";
    public static final String SUPERSEDED = "SUPERSEDED";
    public static final String DEAD = "DEAD";

    /** Operations: write the record, delete it, or write its "deleted in Quo" flag. */
    public static final String UPSERT = "upsert";
    public static final String DELETE = "delete";
    public static final String FLAG_DELETED = "flag-deleted";

    /** Record kinds: a contact, or an activity (a call, or texts). */
    public static final String CONTACT = "contact";
    public static final String ACTIVITY = "activity";

    private static final String COLUMNS = "id, target, record_kind, operation, record_key, version_ts, content_hash, "
            + "event_id, event_type, payload, attempts, created_at";

    /** How long a writer may hold taken work before another writer may take it (the first one died). */
    static final Duration CLAIM_LEASE = Duration.ofMinutes(5);

    private final Database database;
    private final Clock clock;

    public OutboxStore(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** Work to queue for one target. */
    public record Item(String target, String kind, String operation, String recordKey, RecordVersion version,
                       String eventId, String eventType, String payload) {
    }

    /** Queued work, as a writer sees it. */
    public record Entry(long id, String target, String kind, String operation, String recordKey,
                        RecordVersion version, String eventId, String eventType, String payload, int attempts,
                        Instant createdAt) {
    }

    /** What the gate decided for an offered item. */
    public enum Offer {
        /** Newer than anything accepted before: queued for the target's writer. */
        QUEUED,
        /** The version already accepted: nothing to write. */
        DUPLICATE,
        /** Older than the version already accepted: never written, so it cannot overwrite newer data. */
        STALE;

        /** The outcome word journaled for an offer ({@code queued}, {@code duplicate}, {@code stale}). */
        public String outcome() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Passes an item through the target's version gate and queues it when it is newer; in the caller's transaction. */
    public Offer offer(Connection connection, Item item) throws SQLException {
        Accepted accepted = lockAccepted(connection, item);
        if (accepted == null) {
            if (!tryInsertVersion(connection, item)) {
                // another dispatcher thread accepted a first version of this record at the same moment and has
                // committed it: compare with that one instead
                return offer(connection, item);
            }
        } else {
            switch (item.version().against(accepted.version())) {
                case OLDER:
                    return Offer.STALE;
                case SAME:
                    Long later = RecordVersion.latest(item.version().timestamp(), accepted.version().timestamp());
                    if (later != null && !later.equals(accepted.version().timestamp())) {
                        updateVersion(connection, item, new RecordVersion(later, accepted.version().contentHash()));
                    }
                    return Offer.DUPLICATE;
                default:
                    updateVersion(connection, item, new RecordVersion(
                            RecordVersion.latest(item.version().timestamp(), accepted.version().timestamp()),
                            item.version().contentHash()));
            }
        }
        insertEntry(connection, item, 0, clock.instant());
        return Offer.QUEUED;
    }

    /**
     * Queues an item without the version gate: the replay of a dead letter whose version is still the accepted one.
     */
    public long requeue(Connection connection, Item item) throws SQLException {
        return insertEntry(connection, item, 0, clock.instant());
    }

    private record Accepted(RecordVersion version, String crmId) {
    }

    private Accepted lockAccepted(Connection connection, Item item) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT version_ts, content_hash, crm_id FROM crm_record_version "
                        + "WHERE target = ? AND record_kind = ? AND record_key = ? FOR UPDATE")) {
            select.setString(1, item.target());
            select.setString(2, item.kind());
            select.setString(3, item.recordKey());
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                long ts = rs.getLong(1);
                Long timestamp = rs.wasNull() ? null : ts;
                return new Accepted(new RecordVersion(timestamp, rs.getString(2)), rs.getString(3));
            }
        }
    }

    private boolean tryInsertVersion(Connection connection, Item item) throws SQLException {
        Savepoint savepoint = connection.setSavepoint();
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO crm_record_version (target, record_kind, record_key, version_ts, content_hash, event_id, "
                        + "accepted_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, item.target());
            insert.setString(2, item.kind());
            insert.setString(3, item.recordKey());
            setLong(insert, 4, item.version().timestamp());
            insert.setString(5, item.version().contentHash());
            insert.setString(6, item.eventId());
            insert.setTimestamp(7, Database.timestamp(clock.instant()));
            insert.executeUpdate();
            connection.releaseSavepoint(savepoint);
            return true;
        } catch (SQLException e) {
            connection.rollback(savepoint);
            if (Database.isUniqueViolation(e)) {
                return false;
            }
            throw e;
        }
    }

    private void updateVersion(Connection connection, Item item, RecordVersion version) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE crm_record_version SET version_ts = ?, content_hash = ?, event_id = ?, accepted_at = ? "
                        + "WHERE target = ? AND record_kind = ? AND record_key = ?")) {
            setLong(update, 1, version.timestamp());
            update.setString(2, version.contentHash());
            update.setString(3, item.eventId());
            update.setTimestamp(4, Database.timestamp(clock.instant()));
            update.setString(5, item.target());
            update.setString(6, item.kind());
            update.setString(7, item.recordKey());
            update.executeUpdate();
        }
    }

    private long insertEntry(Connection connection, Item item, int attempts, Instant now) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO crm_outbox (target, record_kind, operation, record_key, version_ts, content_hash, "
                        + "event_id, event_type, payload, status, attempts, created_at, next_attempt_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", new String[] {"id"})) {
            insert.setString(1, item.target());
            insert.setString(2, item.kind());
            insert.setString(3, item.operation());
            insert.setString(4, item.recordKey());
            setLong(insert, 5, item.version().timestamp());
            insert.setString(6, item.version().contentHash());
            insert.setString(7, item.eventId());
            insert.setString(8, item.eventType());
            insert.setString(9, item.payload());
            insert.setString(10, PENDING);
            insert.setInt(11, attempts);
            insert.setTimestamp(12, Database.timestamp(now));
            insert.setTimestamp(13, Database.timestamp(now));
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /**
     * Takes the next batch for a target's writer, or nothing when no batch is due yet.
     *
     * <p>A batch is due when {@code max} records are waiting, when one of them is a retry, when no new record has
     * been queued for {@code maxWait} (a lone event goes out after that long), or when the oldest has waited twice
     * {@code maxWait}. While records keep arriving (a backfill, a burst) batches therefore fill up to {@code max}.
     * Of several queued versions of one record only the newest is taken; the older ones are marked superseded, since
     * every version carries the whole record.
     */
    public List<Entry> claimBatch(String target, String kind, int max, Duration maxWait) {
        return database.inTransaction(connection -> {
            Instant now = clock.instant();
            List<Entry> ready = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM crm_outbox WHERE target = ? AND record_kind = ? AND status = ? "
                            + "AND next_attempt_at <= ? AND (claimed_until IS NULL OR claimed_until < ?) "
                            + "ORDER BY id FETCH FIRST " + (max * 2) + " ROWS ONLY"
                            // replicas sharing PostgreSQL: two writers of one target never take the same rows
                            + (database.isPostgres() ? " FOR UPDATE SKIP LOCKED" : ""))) {
                query.setString(1, target);
                query.setString(2, kind);
                query.setString(3, PENDING);
                query.setTimestamp(4, Database.timestamp(now));
                query.setTimestamp(5, Database.timestamp(now));
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        ready.add(readEntry(rs));
                    }
                }
            }
            if (ready.isEmpty() || !isDue(ready, max, maxWait, now)) {
                return List.of();
            }
            Map<String, Entry> newestPerKey = new LinkedHashMap<>();
            for (Entry entry : ready) {
                newestPerKey.remove(entry.recordKey());
                newestPerKey.put(entry.recordKey(), entry);
            }
            List<Entry> batch = new ArrayList<>(newestPerKey.values());
            batch.sort((a, b) -> Long.compare(a.id(), b.id()));
            if (batch.size() > max) {
                batch = new ArrayList<>(batch.subList(0, max));
            }
            supersedeOlder(connection, target, kind, batch, now);
            lease(connection, batch, now.plus(CLAIM_LEASE));
            return batch;
        });
    }

    private static void lease(Connection connection, List<Entry> batch, Instant until) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE crm_outbox SET claimed_until = ? WHERE id = ?")) {
            for (Entry entry : batch) {
                update.setTimestamp(1, Database.timestamp(until));
                update.setLong(2, entry.id());
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    /**
     * Frees work taken by a writer of a process that stopped. Called at start when the store is embedded (held by
     * this process alone); with a shared store the lease simply runs out.
     */
    public int releaseClaims() {
        return database.withConnection(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE crm_outbox SET claimed_until = NULL WHERE status = ? AND claimed_until IS NOT NULL")) {
                update.setString(1, PENDING);
                return update.executeUpdate();
            }
        });
    }

    private static boolean isDue(List<Entry> ready, int max, Duration maxWait, Instant now) {
        if (ready.size() >= max) {
            return true;
        }
        Instant oldest = ready.get(0).createdAt();
        Instant newest = oldest;
        for (Entry entry : ready) {
            if (entry.attempts() > 0) {
                return true;
            }
            if (entry.createdAt().isBefore(oldest)) {
                oldest = entry.createdAt();
            }
            if (entry.createdAt().isAfter(newest)) {
                newest = entry.createdAt();
            }
        }
        return !newest.plus(maxWait).isAfter(now) || !oldest.plus(maxWait.multipliedBy(2)).isAfter(now);
    }

    private void supersedeOlder(Connection connection, String target, String kind, Collection<Entry> batch,
                                Instant now) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE crm_outbox SET status = ?, finished_at = ? WHERE target = ? AND record_kind = ? "
                        + "AND record_key = ? AND status = ? AND id < ?")) {
            for (Entry entry : batch) {
                update.setString(1, SUPERSEDED);
                update.setTimestamp(2, Database.timestamp(now));
                update.setString(3, target);
                update.setString(4, kind);
                update.setString(5, entry.recordKey());
                update.setString(6, PENDING);
                update.setLong(7, entry.id());
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    /**
     * Marks written work done and remembers the CRM's id for the record, and whether the record is gone from the
     * target (its deletion or "deleted in Quo" flag was written; a written upsert brings it back); in the caller's
     * transaction.
     */
    public void completed(Connection connection, Entry entry, String crmId) throws SQLException {
        Instant now = clock.instant();
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE crm_outbox SET status = ?, finished_at = ?, last_error = NULL WHERE id = ?")) {
            update.setString(1, DONE);
            update.setTimestamp(2, Database.timestamp(now));
            update.setLong(3, entry.id());
            update.executeUpdate();
        }
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE crm_record_version SET crm_id = COALESCE(?, crm_id), written_at = ?, gone_at = ? "
                        + "WHERE target = ? AND record_kind = ? AND record_key = ?")) {
            boolean gone = DELETE.equals(entry.operation()) || FLAG_DELETED.equals(entry.operation());
            update.setString(1, crmId);
            update.setTimestamp(2, Database.timestamp(now));
            update.setTimestamp(3, gone ? Database.timestamp(now) : null);
            update.setString(4, entry.target());
            update.setString(5, entry.kind());
            update.setString(6, entry.recordKey());
            update.executeUpdate();
        }
    }

    /** Schedules another attempt for work that failed transiently; in the caller's transaction. */
    public void retryAt(Connection connection, Entry entry, Instant next, String error) throws SQLException {
        reschedule(connection, entry, next, error, true);
    }

    /** Postpones work without counting an attempt (the target as a whole is unavailable); in the caller's transaction. */
    public void postpone(Connection connection, Entry entry, Instant next, String reason) throws SQLException {
        reschedule(connection, entry, next, reason, false);
    }

    private void reschedule(Connection connection, Entry entry, Instant next, String reason, boolean countAttempt)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE crm_outbox SET "
                + (countAttempt ? "attempts = attempts + 1, " : "") + "next_attempt_at = ?, last_error = ?, "
                + "claimed_until = NULL WHERE id = ? AND status = ?")) {
            update.setTimestamp(1, Database.timestamp(next));
            update.setString(2, Database.fit(reason, 2000));
            update.setLong(3, entry.id());
            update.setString(4, PENDING);
            update.executeUpdate();
        }
    }

    /** Takes failed work out of the queue once its dead letter is written; in the caller's transaction. */
    public void markDead(Connection connection, Entry entry, String error) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE crm_outbox SET status = ?, finished_at = ?, last_error = ?, attempts = attempts + 1 "
                        + "WHERE id = ?")) {
            update.setString(1, DEAD);
            update.setTimestamp(2, Database.timestamp(clock.instant()));
            update.setString(3, Database.fit(error, 2000));
            update.setLong(4, entry.id());
            update.executeUpdate();
        }
    }

    /** The version most recently accepted for a record of a target, if any. */
    public RecordVersion acceptedVersion(Connection connection, String target, String kind, String recordKey)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT version_ts, content_hash FROM crm_record_version "
                        + "WHERE target = ? AND record_kind = ? AND record_key = ?")) {
            select.setString(1, target);
            select.setString(2, kind);
            select.setString(3, recordKey);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                long ts = rs.getLong(1);
                return new RecordVersion(rs.wasNull() ? null : ts, rs.getString(2));
            }
        }
    }

    /**
     * The versions accepted for many records of one kind, per target then record key (one query, for the poller's
     * cheap "did anything change?" check before it stores a page).
     */
    public Map<String, Map<String, RecordVersion>> acceptedVersions(Connection connection, String kind,
                                                                    Collection<String> recordKeys) throws SQLException {
        Map<String, Map<String, RecordVersion>> versions = new LinkedHashMap<>();
        if (recordKeys.isEmpty()) {
            return versions;
        }
        String marks = String.join(",", java.util.Collections.nCopies(recordKeys.size(), "?"));
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT target, record_key, version_ts, content_hash FROM crm_record_version "
                        + "WHERE record_kind = ? AND record_key IN (" + marks + ")")) {
            select.setString(1, kind);
            int i = 2;
            for (String key : recordKeys) {
                select.setString(i++, key);
            }
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    long ts = rs.getLong(3);
                    RecordVersion version = new RecordVersion(rs.wasNull() ? null : ts, rs.getString(4));
                    versions.computeIfAbsent(rs.getString(1), t -> new LinkedHashMap<>()).put(rs.getString(2), version);
                }
            }
        }
        return versions;
    }

    /** The CRM id last written for a record of a target, if any. */
    public String crmId(String target, String kind, String recordKey) {
        return database.withConnection(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT crm_id FROM crm_record_version WHERE target = ? AND record_kind = ? AND record_key = ?")) {
                select.setString(1, target);
                select.setString(2, kind);
                select.setString(3, recordKey);
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }

    /** The CRM ids written for records of one target and kind (records never written are left out). */
    public Map<String, String> crmIds(Connection connection, String target, String kind, Collection<String> recordKeys)
            throws SQLException {
        Map<String, String> ids = new LinkedHashMap<>();
        if (recordKeys.isEmpty()) {
            return ids;
        }
        String marks = String.join(",", java.util.Collections.nCopies(recordKeys.size(), "?"));
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT record_key, crm_id FROM crm_record_version WHERE target = ? AND record_kind = ? "
                        + "AND crm_id IS NOT NULL AND record_key IN (" + marks + ")")) {
            select.setString(1, target);
            select.setString(2, kind);
            int i = 3;
            for (String key : recordKeys) {
                select.setString(i++, key);
            }
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    ids.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return ids;
    }

    /** Queued work per target and kind, for metrics and readiness detail. */
    public Map<String, Long> pendingByTarget() {
        return database.withConnection(connection -> {
            Map<String, Long> pending = new LinkedHashMap<>();
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT target, COUNT(*) FROM crm_outbox WHERE status = ? GROUP BY target ORDER BY target")) {
                query.setString(1, PENDING);
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        pending.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            return pending;
        });
    }

    /** Deletes finished work older than the retention; pending work is kept. */
    public int purgeFinished(Instant before) {
        return database.withConnection(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM crm_outbox WHERE status IN (?, ?, ?) AND finished_at < ?")) {
                delete.setString(1, DONE);
                delete.setString(2, SUPERSEDED);
                delete.setString(3, DEAD);
                delete.setTimestamp(4, Database.timestamp(before));
                return delete.executeUpdate();
            }
        });
    }

    private static Entry readEntry(ResultSet rs) throws SQLException {
        long ts = rs.getLong(6);
        Long timestamp = rs.wasNull() ? null : ts;
        return new Entry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                new RecordVersion(timestamp, rs.getString(7)), rs.getString(8), rs.getString(9), rs.getString(10),
                rs.getInt(11), Database.instant(rs.getTimestamp(12)));
    }

    private static void setLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }
}
