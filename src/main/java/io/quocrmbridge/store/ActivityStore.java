package io.quocrmbridge.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Activities (calls and texts): the events merged into each, the Quo contact id to record key map activities are
 * linked through, and the activities each target wrote without a contact, waiting for one.
 */
public final class ActivityStore {

    private final Clock clock;

    public ActivityStore(Clock clock) {
        this.clock = clock;
    }

    /** An activity as stored: its kind, revision, the hash of its merged content, and its events (JSON array). */
    public record State(String key, String kind, long revision, String contentHash, String events) {
    }

    /** The activity's row, locked for this transaction; null when the activity is new. */
    public State lock(Connection connection, String key) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT activity_key, kind, revision, content_hash, events FROM activity_state "
                        + "WHERE activity_key = ? FOR UPDATE")) {
            select.setString(1, key);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? new State(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                        rs.getString(5)) : null;
            }
        }
    }

    /**
     * Stores a new activity; false when another dispatcher stored the same activity at the same moment (the caller
     * locks that row and merges into it instead).
     */
    public boolean insert(Connection connection, State state) throws SQLException {
        Savepoint savepoint = connection.setSavepoint();
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO activity_state (activity_key, kind, revision, content_hash, events, created_at, updated_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, state.key());
            insert.setString(2, state.kind());
            insert.setLong(3, state.revision());
            insert.setString(4, state.contentHash());
            insert.setString(5, state.events());
            insert.setTimestamp(6, Database.timestamp(clock.instant()));
            insert.setTimestamp(7, Database.timestamp(clock.instant()));
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

    public void update(Connection connection, State state) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE activity_state SET revision = ?, content_hash = ?, events = ?, updated_at = ? "
                        + "WHERE activity_key = ?")) {
            update.setLong(1, state.revision());
            update.setString(2, state.contentHash());
            update.setString(3, state.events());
            update.setTimestamp(4, Database.timestamp(clock.instant()));
            update.setString(5, state.key());
            update.executeUpdate();
        }
    }

    /** Remembers which record key a Quo contact id has (its externalId, else the id itself). */
    public void rememberContact(Connection connection, String quoId, String recordKey) throws SQLException {
        if (quoId == null || recordKey == null) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE contact_key SET record_key = ?, updated_at = ? WHERE quo_id = ?")) {
            update.setString(1, recordKey);
            update.setTimestamp(2, Database.timestamp(clock.instant()));
            update.setString(3, quoId);
            if (update.executeUpdate() > 0) {
                return;
            }
        }
        Savepoint savepoint = connection.setSavepoint();
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO contact_key (quo_id, record_key, updated_at) VALUES (?, ?, ?)")) {
            insert.setString(1, quoId);
            insert.setString(2, recordKey);
            insert.setTimestamp(3, Database.timestamp(clock.instant()));
            insert.executeUpdate();
            connection.releaseSavepoint(savepoint);
        } catch (SQLException e) {
            if (!Database.isUniqueViolation(e)) {
                throw e;
            }
            // stored by another dispatcher meanwhile, with the same key
            connection.rollback(savepoint);
        }
    }

    /** The record keys of Quo contact ids the bridge has seen (ids it has not seen are left out). */
    public Map<String, String> recordKeys(Connection connection, Collection<String> quoIds) throws SQLException {
        Map<String, String> keys = new LinkedHashMap<>();
        if (quoIds.isEmpty()) {
            return keys;
        }
        List<String> ids = new ArrayList<>(new LinkedHashSet<>(quoIds));
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT quo_id, record_key FROM contact_key WHERE quo_id IN ("
                        + String.join(",", Collections.nCopies(ids.size(), "?")) + ")")) {
            for (int i = 0; i < ids.size(); i++) {
                select.setString(i + 1, ids.get(i));
            }
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    keys.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return keys;
    }

    /** Records what an activity written (or held back) without a contact waits for; replaces what it waited for. */
    public void waitFor(Connection connection, String target, String activityKey, Collection<String> waitingFor)
            throws SQLException {
        linked(connection, target, activityKey);
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO activity_unlinked (target, activity_key, waiting_for, since) VALUES (?, ?, ?, ?)")) {
            for (String what : new LinkedHashSet<>(waitingFor)) {
                insert.setString(1, target);
                insert.setString(2, activityKey);
                insert.setString(3, what);
                insert.setTimestamp(4, Database.timestamp(clock.instant()));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** The activity is linked (or gone): it waits for nothing any more. */
    public void linked(Connection connection, String target, String activityKey) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM activity_unlinked WHERE target = ? AND activity_key = ?")) {
            delete.setString(1, target);
            delete.setString(2, activityKey);
            delete.executeUpdate();
        }
    }

    /** The activities of a target that wait for any of these contacts (quo:<id> or phone:<number>). */
    public Set<String> waiting(Connection connection, String target, Collection<String> what) throws SQLException {
        Set<String> keys = new LinkedHashSet<>();
        if (what.isEmpty()) {
            return keys;
        }
        List<String> values = new ArrayList<>(new LinkedHashSet<>(what));
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT DISTINCT activity_key FROM activity_unlinked WHERE target = ? AND waiting_for IN ("
                        + String.join(",", Collections.nCopies(values.size(), "?")) + ")")) {
            select.setString(1, target);
            for (int i = 0; i < values.size(); i++) {
                select.setString(i + 2, values.get(i));
            }
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    keys.add(rs.getString(1));
                }
            }
        }
        return keys;
    }

    /** The activity's row without locking it. */
    public State read(Connection connection, String key) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT activity_key, kind, revision, content_hash, events FROM activity_state WHERE activity_key = ?")) {
            select.setString(1, key);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? new State(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                        rs.getString(5)) : null;
            }
        }
    }
}
