package io.quocrmbridge.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Dead letters: failed work with its reason, listed, replayed and discarded through the admin API. */
public final class DeadLetterStore {

    private static final String COLUMNS = "id, target, record_kind, operation, record_key, event_id, event_type, "
            + "inbox_id, version_ts, content_hash, reason, error_code, http_status, attempts, payload, status, "
            + "created_at, resolved_at";

    private final Database database;
    private final Clock clock;

    public DeadLetterStore(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** A failure to record. */
    public record Failure(String reason, String errorCode, Integer httpStatus) {

        public static Failure of(String reason) {
            return new Failure(reason, null, null);
        }
    }

    /** Dead-letters one piece of outbox work; in the caller's transaction. */
    public long add(Connection connection, OutboxStore.Entry entry, Failure failure) throws SQLException {
        return insert(connection, entry.target(), entry.kind(), entry.operation(), entry.recordKey(),
                entry.eventId(), entry.eventType(), null, entry.version(), failure, entry.attempts() + 1,
                entry.payload());
    }

    /** Dead-letters an event that could not be dispatched at all (e.g. it could not be normalised). */
    public long addEvent(Connection connection, InboxEvent event, Failure failure) throws SQLException {
        return insert(connection, DeadLetter.ANY_TARGET, DeadLetter.EVENT_KIND, null, null, event.eventId(),
                event.eventType(), event.id(), null, failure, 1, event.body());
    }

    private long insert(Connection connection, String target, String kind, String operation, String recordKey,
                        String eventId, String eventType, Long inboxId, RecordVersion version, Failure failure,
                        int attempts, String payload) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO dead_letter (target, record_kind, operation, record_key, event_id, event_type, inbox_id, "
                        + "version_ts, content_hash, reason, error_code, http_status, attempts, payload, status, "
                        + "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                new String[] {"id"})) {
            insert.setString(1, target);
            insert.setString(2, kind);
            insert.setString(3, operation);
            insert.setString(4, recordKey);
            insert.setString(5, eventId);
            insert.setString(6, eventType);
            setNullable(insert, 7, inboxId, Types.BIGINT);
            setNullable(insert, 8, version == null ? null : version.timestamp(), Types.BIGINT);
            insert.setString(9, version == null ? null : version.contentHash());
            insert.setString(10, Database.fit(failure.reason() == null ? "unknown failure" : failure.reason(), 4000));
            insert.setString(11, Database.fit(failure.errorCode(), 100));
            setNullable(insert, 12, failure.httpStatus(), Types.INTEGER);
            insert.setInt(13, attempts);
            insert.setString(14, payload);
            insert.setString(15, DeadLetter.NEW);
            insert.setTimestamp(16, Database.timestamp(clock.instant()));
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    public Optional<DeadLetter> find(long id) {
        return database.withConnection(connection -> find(connection, id, false));
    }

    /** Reads a dead letter, locking it for update when it is about to be resolved. */
    public Optional<DeadLetter> find(Connection connection, long id, boolean forUpdate) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM dead_letter WHERE id = ?" + (forUpdate ? " FOR UPDATE" : ""))) {
            query.setLong(1, id);
            return read(query).stream().findFirst();
        }
    }

    /** Dead letters, newest first, optionally of one status and one target; at most 1,000. */
    public List<DeadLetter> list(String status, String target, int limit) {
        return list(status, target, null, limit);
    }

    /**
     * Dead letters, newest first, optionally of one status and one target, and only those older than the dead letter
     * {@code before} (its id) when it is set: the next page after one that ended with that id. At most 1,000.
     */
    public List<DeadLetter> list(String status, String target, Long before, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM dead_letter WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (before != null) {
            sql.append(" AND id < ?");
            args.add(before);
        }
        if (status != null && !status.isBlank()) {
            sql.append(" AND status = ?");
            args.add(status.trim().toUpperCase(java.util.Locale.ROOT));
        }
        if (target != null && !target.isBlank()) {
            sql.append(" AND target = ?");
            args.add(target.trim());
        }
        sql.append(" ORDER BY id DESC FETCH FIRST ").append(Math.max(1, Math.min(limit, 1000))).append(" ROWS ONLY");
        return database.withConnection(connection -> {
            try (PreparedStatement query = connection.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) {
                    query.setObject(i + 1, args.get(i));
                }
                return read(query);
            }
        });
    }

    /** Ids of the dead letters matching a filter, oldest first (the order a bulk replay uses). */
    public List<Long> ids(String status, String target, int limit) {
        List<Long> ids = new ArrayList<>();
        for (DeadLetter letter : list(status, target, limit)) {
            ids.add(0, letter.id());
        }
        return ids;
    }

    /** Marks a dead letter resolved (REPLAYED, DISCARDED, SUPERSEDED); in the caller's transaction. */
    public void resolve(Connection connection, long id, String status) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE dead_letter SET status = ?, resolved_at = ? WHERE id = ?")) {
            update.setString(1, status);
            update.setTimestamp(2, Database.timestamp(clock.instant()));
            update.setLong(3, id);
            update.executeUpdate();
        }
    }

    /** Count of unresolved dead letters per target. */
    public Map<String, Long> openByTarget() {
        return database.withConnection(connection -> {
            Map<String, Long> open = new LinkedHashMap<>();
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT target, COUNT(*) FROM dead_letter WHERE status = ? GROUP BY target ORDER BY target")) {
                query.setString(1, DeadLetter.NEW);
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        open.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            return open;
        });
    }

    private static List<DeadLetter> read(PreparedStatement query) throws SQLException {
        List<DeadLetter> letters = new ArrayList<>();
        try (ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                long inbox = rs.getLong(8);
                Long inboxId = rs.wasNull() ? null : inbox;
                long ts = rs.getLong(9);
                Long versionTs = rs.wasNull() ? null : ts;
                String hash = rs.getString(10);
                int status = rs.getInt(13);
                Integer httpStatus = rs.wasNull() ? null : status;
                letters.add(new DeadLetter(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), inboxId,
                        hash == null ? null : new RecordVersion(versionTs, hash), rs.getString(11), rs.getString(12),
                        httpStatus, rs.getInt(14), rs.getString(15), rs.getString(16),
                        Database.instant(rs.getTimestamp(17)), Database.instant(rs.getTimestamp(18))));
            }
        }
        return letters;
    }

    private static void setNullable(PreparedStatement statement, int index, Number value, int sqlType)
            throws SQLException {
        if (value == null) {
            statement.setNull(index, sqlType);
        } else {
            statement.setObject(index, value, sqlType);
        }
    }
}
