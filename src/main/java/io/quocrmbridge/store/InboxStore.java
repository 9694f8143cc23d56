package io.quocrmbridge.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The inbox: every accepted event is committed here before the bridge answers 2xx, and stays until it has been
 * dispatched. A unique index on the event id (and on the beta plane's delivery id) makes a redelivery a
 * duplicate at the door, atomically with storing the first copy.
 */
public final class InboxStore {

    /** Inbox row states. */
    public static final String PENDING = "PENDING";
    public static final String PROCESSING = "PROCESSING";
    public static final String DONE = "DONE";
    public static final String PARKED = "PARKED";
    public static final String DEAD = "DEAD";

    private static final String COLUMNS = "id, event_id, delivery_id, source, event_type, received_at, body";

    private final Database database;
    private final Clock clock;

    public InboxStore(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** The answer to storing one event. */
    public record Accepted(boolean duplicate, long id) {
    }

    /**
     * Stores one event, or reports it as a duplicate when its event id or delivery id is already stored.
     *
     * @throws StoreUnavailableException when the store cannot be written (the intake answers 503)
     */
    public Accepted accept(String eventId, String deliveryId, InboxEvent.EventSource source, String eventType,
                           String body) {
        return database.withConnection(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO inbox_event (event_id, delivery_id, source, event_type, received_at, status, body) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    new String[] {"id"})) {
                insert.setString(1, eventId);
                insert.setString(2, deliveryId);
                insert.setString(3, source.label());
                insert.setString(4, Database.fit(eventType, 100));
                insert.setTimestamp(5, Database.timestamp(clock.instant()));
                insert.setString(6, PENDING);
                insert.setString(7, body);
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    keys.next();
                    return new Accepted(false, keys.getLong(1));
                }
            } catch (SQLException e) {
                if (Database.isUniqueViolation(e)) {
                    return new Accepted(true, -1);
                }
                throw e;
            }
        });
    }

    /**
     * Stores polled records in the caller's transaction, skipping those already stored (same event id).
     *
     * @return the events that were new, as stored (with their ids)
     */
    public List<InboxEvent> acceptAll(Connection connection, List<NewEvent> events) throws SQLException {
        List<String> added = new ArrayList<>();
        try (PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM inbox_event WHERE event_id = ?");
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO inbox_event (event_id, delivery_id, source, event_type, received_at, status, body) "
                             + "VALUES (?, NULL, ?, ?, ?, ?, ?)")) {
            Instant now = clock.instant();
            for (NewEvent event : events) {
                exists.setString(1, event.eventId());
                try (ResultSet rs = exists.executeQuery()) {
                    if (rs.next()) {
                        continue;
                    }
                }
                insert.setString(1, event.eventId());
                insert.setString(2, event.source().label());
                insert.setString(3, event.eventType());
                insert.setTimestamp(4, Database.timestamp(now));
                insert.setString(5, PENDING);
                insert.setString(6, event.body());
                insert.addBatch();
                added.add(event.eventId());
            }
            if (added.isEmpty()) {
                return List.of();
            }
            insert.executeBatch();
        }
        // read back with their ids, to hand them to the dispatcher once the transaction has committed
        List<InboxEvent> stored = new ArrayList<>();
        for (int from = 0; from < added.size(); from += 500) {
            List<String> chunk = added.subList(from, Math.min(added.size(), from + 500));
            String marks = String.join(",", java.util.Collections.nCopies(chunk.size(), "?"));
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM inbox_event WHERE event_id IN (" + marks + ") ORDER BY id")) {
                for (int i = 0; i < chunk.size(); i++) {
                    query.setString(i + 1, chunk.get(i));
                }
                stored.addAll(readEvents(query));
            }
        }
        return stored;
    }

    /** An event to store in bulk. */
    public record NewEvent(String eventId, InboxEvent.EventSource source, String eventType, String body) {
    }

    /** Marks a pending event as being dispatched; false when another consumer has it already. */
    public boolean claim(long id) {
        return database.withConnection(connection -> claim(connection, id));
    }

    /** Takes a pending event for dispatch inside the caller's transaction; false when it is not pending. */
    public boolean claim(Connection connection, long id) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE inbox_event SET status = ?, claimed_at = ?, attempts = attempts + 1 "
                        + "WHERE id = ? AND status = ?")) {
            update.setString(1, PROCESSING);
            update.setTimestamp(2, Database.timestamp(clock.instant()));
            update.setLong(3, id);
            update.setString(4, PENDING);
            return update.executeUpdate() == 1;
        }
    }

    /** Gives a claimed event back to the queue (dispatch was interrupted by a store failure). */
    public void release(long id) {
        database.withConnection(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE inbox_event SET status = ?, claimed_at = NULL WHERE id = ? AND status = ?")) {
                update.setString(1, PENDING);
                update.setLong(2, id);
                update.setString(3, PROCESSING);
                return update.executeUpdate();
            }
        });
    }

    /** Records how dispatch ended for an event, inside the caller's transaction. */
    public void finish(Connection connection, long id, String status, String detail) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE inbox_event SET status = ?, finished_at = ?, detail = ? WHERE id = ?")) {
            update.setString(1, status);
            update.setTimestamp(2, Database.timestamp(clock.instant()));
            update.setString(3, Database.fit(detail, 1000));
            update.setLong(4, id);
            update.executeUpdate();
        }
    }

    /** Records how dispatch ended for an event, in its own transaction. */
    public void finish(long id, String status, String detail) {
        database.withConnection(connection -> {
            finish(connection, id, status, detail);
            return null;
        });
    }

    /**
     * Events waiting for dispatch that nobody is working on: pending ones older than {@code minAge} (younger ones
     * are still on their way through the in-memory queue), oldest first.
     */
    public List<InboxEvent> findUndispatched(int limit, Duration minAge) {
        Instant before = clock.instant().minus(minAge);
        return database.withConnection(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM inbox_event WHERE status = ? AND received_at <= ? ORDER BY id "
                            + "FETCH FIRST " + limit + " ROWS ONLY")) {
                query.setString(1, PENDING);
                query.setTimestamp(2, Database.timestamp(before));
                return readEvents(query);
            }
        });
    }

    /**
     * Puts events that were being dispatched when the process stopped back in the queue. Called once at start,
     * before any dispatch: with one process per store nothing else can be holding them.
     */
    public int releaseInterrupted() {
        return database.withConnection(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE inbox_event SET status = ?, claimed_at = NULL WHERE status = ?")) {
                update.setString(1, PENDING);
                update.setString(2, PROCESSING);
                return update.executeUpdate();
            }
        });
    }

    /**
     * Puts events back in the queue whose dispatch was claimed longer ago than {@code age}: their claimer died
     * (dispatching one event takes milliseconds). Needed when several replicas share one store.
     */
    public int releaseStale(Duration age) {
        Instant before = clock.instant().minus(age);
        return database.withConnection(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE inbox_event SET status = ?, claimed_at = NULL WHERE status = ? AND claimed_at < ?")) {
                update.setString(1, PENDING);
                update.setString(2, PROCESSING);
                update.setTimestamp(3, Database.timestamp(before));
                return update.executeUpdate();
            }
        });
    }

    /** Puts events of a status back in the queue, e.g. parked ones once a route handles them. */
    public int requeue(String status, String eventTypePrefix) {
        return database.withConnection(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE inbox_event SET status = ?, claimed_at = NULL, finished_at = NULL "
                            + "WHERE status = ? AND event_type LIKE ?")) {
                update.setString(1, PENDING);
                update.setString(2, status);
                update.setString(3, eventTypePrefix + "%");
                return update.executeUpdate();
            }
        });
    }

    public Optional<InboxEvent> find(long id) {
        return database.withConnection(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM inbox_event WHERE id = ?")) {
                query.setLong(1, id);
                return readEvents(query).stream().findFirst();
            }
        });
    }

    /** The stored state of an event, for the admin API: status, detail and when it was received and finished. */
    public Optional<EventStatus> status(String eventId) {
        return database.withConnection(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT id, event_id, source, event_type, status, attempts, received_at, finished_at, detail "
                            + "FROM inbox_event WHERE event_id = ?")) {
                query.setString(1, eventId);
                try (ResultSet rs = query.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new EventStatus(rs.getLong(1), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getInt(6), Database.instant(rs.getTimestamp(7)),
                            Database.instant(rs.getTimestamp(8)), rs.getString(9)));
                }
            }
        });
    }

    /** An inbox row's state, as the admin API shows it. */
    public record EventStatus(long inboxId, String eventId, String source, String eventType, String status,
                              int attempts, Instant receivedAt, Instant finishedAt, String detail) {
    }

    public long count(String status) {
        return database.withConnection(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT COUNT(*) FROM inbox_event WHERE status = ?")) {
                query.setString(1, status);
                try (ResultSet rs = query.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /**
     * Puts parked events whose type starts with one of {@code typePrefixes} (e.g. {@code call}, {@code message})
     * back in the queue: they were parked before a route for their kind existed.
     */
    public int requeueParked(List<String> typePrefixes) {
        return database.withConnection(connection -> {
            int requeued = 0;
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE inbox_event SET status = ?, claimed_at = NULL WHERE status = ? AND event_type LIKE ?")) {
                for (String prefix : typePrefixes) {
                    update.setString(1, PENDING);
                    update.setString(2, PARKED);
                    update.setString(3, prefix + "%");
                    requeued += update.executeUpdate();
                }
            }
            return requeued;
        });
    }

    /** Deletes finished events older than the retention; pending, parked and dead ones are kept. */
    public int purgeFinished(Instant before) {
        return database.withConnection(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM inbox_event WHERE status = ? AND finished_at < ?")) {
                delete.setString(1, DONE);
                delete.setTimestamp(2, Database.timestamp(before));
                return delete.executeUpdate();
            }
        });
    }

    private static List<InboxEvent> readEvents(PreparedStatement query) throws SQLException {
        List<InboxEvent> events = new ArrayList<>();
        try (ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                events.add(new InboxEvent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), Database.instant(rs.getTimestamp(6)), rs.getString(7)));
            }
        }
        return events;
    }
}
