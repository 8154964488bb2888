package dev.cutover.tx;

import dev.cutover.Backend;
import dev.cutover.DataAccessException;
import dev.cutover.store.EntityStore;
import dev.cutover.tx.spi.OutboxParticipant;
import dev.cutover.tx.spi.StatementOutbox;
import dev.cutover.tx.spi.UnitOfWork;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * A backend's connections, aware of units of work: inside one, every call on this thread gets the
 * unit's connection (opened on first use, in a transaction); outside, each call borrows a connection
 * from the pool and returns it. Both adapters get their connections only through this class, which is
 * how a unit of work spans repositories. Thread-safe.
 */
public final class TransactionalConnections {
    private final Backend backend;
    private final DataSource dataSource;

    public TransactionalConnections(Backend backend, DataSource dataSource) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    public Backend backend() {
        return backend;
    }

    /** The pool behind these connections. */
    public DataSource dataSource() {
        return dataSource;
    }

    /** The unit of work's connection, or a pooled one; give it back with {@link #release}. */
    public Connection acquire() throws SQLException {
        UnitOfWork unit = UnitOfWork.current();
        return unit != null ? unit.connection(this) : dataSource.getConnection();
    }

    /** Returns a connection from {@link #acquire}; the unit of work's connection stays open until it ends. */
    public void release(Connection connection) throws SQLException {
        if (connection == null) {
            return;
        }
        UnitOfWork unit = UnitOfWork.current();
        if (unit == null || !unit.owns(this, connection)) {
            connection.close();
        }
    }

    /** Whether calls on this thread currently run inside a unit of work. */
    public static boolean inUnitOfWork() {
        return UnitOfWork.current() != null;
    }

    /**
     * The outbox entries that {@code store.upsertAll(entities)} through these connections is to write in its own
     * statement ({@link StatementOutbox}), when it is the primary write of a dual write; {@code null} for a plain write.
     * Stores ask before each write; one that writes plainly anyway loses nothing (dual-write records the keys after the
     * call), only the round trip the shared statement saves.
     */
    public StatementOutbox upsertOutbox(EntityStore<?, ?> store, Collection<?> entities) {
        OutboxParticipant participant = participant();
        return participant == null ? null : participant.upsert(store, entities);
    }

    /** The outbox entries of {@code store.deleteByKeys(keys)}, or {@code null}; as {@link #upsertOutbox}. */
    public StatementOutbox deleteOutbox(EntityStore<?, ?> store, Collection<?> keys) {
        OutboxParticipant participant = participant();
        return participant == null ? null : participant.delete(store, keys);
    }

    private OutboxParticipant participant() {
        UnitOfWork unit = UnitOfWork.current();
        return unit == null ? null : unit.participant(this);
    }

    /** Runs {@code work} with a connection, in the unit of work if there is one, else in autocommit. */
    public <T> T withConnection(SqlFunction<T> work) {
        try {
            Connection connection = acquire();
            try {
                return work.apply(connection);
            } finally {
                release(connection);
            }
        } catch (SQLException e) {
            throw new DataAccessException(backend, "Call to " + backend + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Runs work that sends one statement: inside a unit of work on its connection; outside, on a pooled connection in
     * autocommit. One statement is atomic by itself, so the explicit transaction of {@link #inTransaction} would only
     * add the round trip of its {@code COMMIT}. The caller words the failure.
     */
    public <T> T singleStatement(SqlFunction<T> statement) throws SQLException {
        if (inUnitOfWork()) {
            Connection connection = acquire();
            try {
                return statement.apply(connection);
            } finally {
                release(connection);
            }
        }
        return inAutocommit(statement);
    }

    /**
     * Runs work that sends one statement on a pooled connection in autocommit, whether or not a unit of work is
     * running: for a statement that must commit by itself. The caller words the failure.
     */
    public <T> T inAutocommit(SqlFunction<T> statement) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            if (!autoCommit) {
                connection.setAutoCommit(true); // a pool handing out connections in a transaction: not for one statement
            }
            try {
                return statement.apply(connection);
            } finally {
                if (!autoCommit) {
                    connection.setAutoCommit(false);
                }
            }
        }
    }

    /**
     * Runs {@code work} in a transaction: the unit of work's, if there is one (its commit decides);
     * otherwise a transaction of its own, committed if {@code work} returns, rolled back if it throws.
     */
    public <T> T inTransaction(SqlFunction<T> work) {
        if (inUnitOfWork()) {
            return withConnection(work);
        }
        try {
            return inOwnTransaction(work);
        } catch (SQLException e) {
            throw new DataAccessException(backend, "Transaction on " + backend + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code work} in a transaction of its own on a connection of its own, never joining a unit of work:
     * committed if {@code work} returns, rolled back if it throws; the connection's auto-commit is restored. For work
     * whose commits must not wait for a caller's (backfill chunks, streaming reads). The caller words the failure.
     */
    public <T> T inOwnTransaction(SqlFunction<T> work) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                T result = work.apply(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly(connection, e);
                throw e;
            } finally {
                restoreAutoCommit(connection, autoCommit);
            }
        }
    }

    private static void rollbackQuietly(Connection connection, Throwable failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    private static void restoreAutoCommit(Connection connection, boolean autoCommit) throws SQLException {
        if (!connection.isClosed()) {
            connection.setAutoCommit(autoCommit);
        }
    }

    @Override
    public String toString() {
        return "TransactionalConnections[" + backend + "]";
    }
}
