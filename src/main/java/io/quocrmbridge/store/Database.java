package io.quocrmbridge.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

/**
 * The bridge's one store: a pooled JDBC data source (embedded H2 by default, PostgreSQL when configured), its
 * schema migrations, and the transaction helpers every store class uses.
 */
public final class Database implements AutoCloseable {

    /** SQLState of a unique or primary key violation, the same on H2 and PostgreSQL. */
    private static final String UNIQUE_VIOLATION = "23505";

    private final HikariDataSource dataSource;
    private final boolean postgres;

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
        this.postgres = dataSource.getJdbcUrl().startsWith("jdbc:postgresql:");
    }

    /** Opens the pool and brings the schema up to date. */
    public static Database open(String url, String user, String password, int poolSize, long connectTimeoutMs) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("bridge-store");
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password == null ? "" : password);
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(Math.min(2, poolSize));
        config.setConnectionTimeout(Math.max(250, connectTimeoutMs));
        config.setAutoCommit(true);
        // the pool keeps trying to connect in the background, so the process starts while the store is down
        config.setInitializationFailTimeout(-1);
        HikariDataSource dataSource = new HikariDataSource(config);
        Database database = new Database(dataSource);
        database.migrate();
        return database;
    }

    private void migrate() {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration/" + (postgres ? "postgresql" : "h2"))
                .table("bridge_schema_history")
                .load()
                .migrate();
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public boolean isPostgres() {
        return postgres;
    }

    /** Runs work in one transaction: committed when it returns, rolled back when it throws. */
    public <T> T inTransaction(SqlWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection, e);
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException("store transaction failed: " + e.getMessage(), e);
        }
    }

    /** Runs work on an auto-commit connection. */
    public <T> T withConnection(SqlWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new StoreUnavailableException("store statement failed: " + e.getMessage(), e);
        }
    }

    /** True when the store answers a trivial query within the timeout. */
    public boolean isReachable(int timeoutSeconds) {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(timeoutSeconds);
        } catch (SQLException e) {
            return false;
        }
    }

    public static boolean isUniqueViolation(SQLException e) {
        for (SQLException cause = e; cause != null; cause = cause.getNextException()) {
            if (UNIQUE_VIOLATION.equals(cause.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    public static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    public static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    /** Cuts text to the column's length, so a long error message never fails the statement that records it. */
    public static String fit(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        return text.substring(0, max - 1) + "…";
    }

    private static void rollbackQuietly(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailure) {
            cause.addSuppressed(rollbackFailure);
        }
    }

    /** What compacting the embedded store did: the file's size before and after, and the time it took. */
    public record Compaction(long bytesBefore, long bytesAfter, long millis) {
    }

    /**
     * Compacts the embedded H2 file when less than {@code fillRate} percent of it is live data, for at most
     * {@code maxTime} (writes wait meanwhile). H2 compacts its file only in a background writer that
     * {@code WRITE_DELAY=0} switches off (h2database issue #442), so without this the file keeps every chunk a commit
     * ever wrote: about 2 GB for 32 MB of data after 22,000 webhooks in the benchmark. A replaced chunk counts as stale
     * at the first commit after H2's retention time (45 s) has passed. Null for PostgreSQL, or when the file is full enough.
     */
    public Compaction compact(int fillRate, java.time.Duration maxTime) {
        if (isPostgres()) {
            return null;
        }
        return withConnection(connection -> {
            org.h2.jdbc.JdbcConnection h2 = connection.unwrap(org.h2.jdbc.JdbcConnection.class);
            org.h2.mvstore.MVStore store = ((org.h2.engine.SessionLocal) h2.getSession()).getDatabase().getStore()
                    .getMvStore();
            if (store.getFillRate() >= fillRate) {
                return null;
            }
            String file = store.getFileStore() == null ? null : store.getFileStore().getFileName();
            long before = file == null ? -1 : new java.io.File(file).length();
            long start = System.nanoTime();
            store.compactFile((int) maxTime.toMillis());
            long after = file == null ? -1 : new java.io.File(file).length();
            return new Compaction(before, after, (System.nanoTime() - start) / 1_000_000);
        });
    }

    @Override
    public void close() {
        dataSource.close();
    }

    /** A unit of JDBC work. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }
}
