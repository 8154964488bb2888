package dev.cutover.tx.spi;

import dev.cutover.Backend;
import dev.cutover.DataAccessException;
import dev.cutover.tx.PartialCommitException;
import dev.cutover.tx.TransactionalConnections;
import dev.cutover.tx.UnitOfWorkRolledBackException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The unit of work running on this thread: the one thread-bound resource of Cutover, as a transaction synchronization
 * is Spring's. It holds one connection per backend, opened on first use with autocommit off
 * ({@link dev.cutover.tx.TransactionalConnections} hands it out), what features keep for its length (resources by key:
 * the routes {@code Cutover.transaction} pinned, dual-write's recorded keys), the outbox participant of each backend
 * while a dual write's primary call runs (asked by stores through
 * {@link dev.cutover.tx.TransactionalConnections#upsertOutbox}), and what must happen once it ends (completion hooks,
 * such as dual-write's mirroring after commit).
 *
 * <p>Begun and finished by {@code Cutover.transaction}, by dual-write for a call outside any unit, and by the
 * reconciler's copies. Not for applications, which use {@code Cutover.transaction}. Not thread-safe: confined to its
 * thread.
 */
public final class UnitOfWork {
    private static final ThreadLocal<UnitOfWork> CURRENT = new ThreadLocal<>();
    private static final Logger LOG = LoggerFactory.getLogger(UnitOfWork.class);

    /** Told, once the unit has ended, whether the work on one backend was committed. */
    @FunctionalInterface
    public interface CompletionHook {
        /**
         * @param committed whether the hook's backend committed: its connection committed, or it took no
         *     connection and the unit committed on every backend it touched
         */
        void completed(boolean committed);
    }

    private record Hook(Backend backend, CompletionHook hook) {
    }

    private final Map<TransactionalConnections, Connection> connections = new LinkedHashMap<>();
    private final List<Hook> hooks = new ArrayList<>(0);
    private Map<Object, Object> resources;
    private Map<TransactionalConnections, OutboxParticipant> participants;
    /** Why the unit can only roll back (the first failure), or {@code null}. */
    private String rollbackOnly;
    private Throwable rollbackCause;
    private Backend rollbackBackend;

    private UnitOfWork() {
    }

    /** The unit of work running on this thread, or {@code null}. */
    public static UnitOfWork current() {
        return CURRENT.get();
    }

    /** Starts a unit of work on this thread; the caller must {@link #finish} it. */
    public static UnitOfWork begin() {
        if (CURRENT.get() != null) {
            throw new IllegalStateException("A unit of work is already running on this thread");
        }
        UnitOfWork unit = new UnitOfWork();
        CURRENT.set(unit);
        return unit;
    }

    /**
     * Runs {@code work} in a unit of work of its own on this thread: committed if it returns true, rolled back if it
     * returns false or throws (a failed rollback is added to what it threw).
     *
     * @return whether the unit was asked to commit
     * @throws IllegalStateException if a unit of work is already running on this thread
     */
    public static boolean run(BooleanSupplier work) {
        UnitOfWork unit = begin();
        boolean commit;
        try {
            commit = work.getAsBoolean();
        } catch (RuntimeException | Error e) {
            try {
                unit.finish(false);
            } catch (RuntimeException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        }
        unit.finish(commit);
        return commit;
    }

    /**
     * The unit's connection on {@code source}, opened on first use with autocommit off: from then on the unit's
     * transaction on that backend has begun.
     */
    public Connection connection(TransactionalConnections source) throws SQLException {
        Connection connection = connections.get(source);
        if (connection == null) {
            connection = source.dataSource().getConnection();
            try {
                connection.setAutoCommit(false);
            } catch (SQLException e) {
                connection.close();
                throw e;
            }
            connections.put(source, connection);
        }
        return connection;
    }

    /** Whether this unit has opened its connection (so begun its transaction) on {@code source}. */
    public boolean hasConnection(TransactionalConnections source) {
        return connections.containsKey(source);
    }

    /** Whether {@code connection} is this unit's connection on {@code source} (to be kept open until the unit ends). */
    public boolean owns(TransactionalConnections source, Connection connection) {
        return connections.get(source) == connection;
    }

    /** Whether this unit holds no connection other than one of {@code backend}'s. */
    public boolean touchedOnly(Backend backend) {
        for (TransactionalConnections source : connections.keySet()) {
            if (source.backend() != backend) {
                return false;
            }
        }
        return connections.size() <= 1;
    }

    /**
     * Runs {@code hook} once this unit has ended, after its connections are closed and the thread is clear
     * of it, so the hook's own database calls run outside the unit. Hooks run in registration order, whether
     * the unit committed or not, even when a commit failed. A hook must not throw: an exception from one is
     * logged and changes neither the unit's outcome nor the other hooks.
     */
    public void afterCompletion(Backend backend, CompletionHook hook) {
        hooks.add(new Hook(Objects.requireNonNull(backend, "backend"), Objects.requireNonNull(hook, "hook")));
    }

    /** What {@code key}'s owner keeps for the length of this unit ({@link #bindResource}), or {@code null}. */
    public <T> T resource(Object key, Class<T> type) {
        return resources == null ? null : type.cast(resources.get(key));
    }

    /**
     * Keeps {@code value} for the length of this unit under {@code key}, an object of the feature that owns it (so that
     * nothing else reaches it); {@code null} removes it. Returns what was kept before.
     */
    public Object bindResource(Object key, Object value) {
        Objects.requireNonNull(key, "key");
        if (resources == null) {
            if (value == null) {
                return null;
            }
            resources = new HashMap<>(4);
        }
        return value == null ? resources.remove(key) : resources.put(key, value);
    }

    /**
     * Makes {@code participant} the one that writes through {@code source} consult, until replaced; {@code null}
     * removes it. Returns the one it replaces, to be restored when the participant's call ends. Dual-write registers
     * one while a call's primary implementation runs.
     */
    public OutboxParticipant participate(TransactionalConnections source, OutboxParticipant participant) {
        Objects.requireNonNull(source, "source");
        if (participants == null) {
            if (participant == null) {
                return null;
            }
            participants = new IdentityHashMap<>(2);
        }
        return participant == null ? participants.remove(source) : participants.put(source, participant);
    }

    /** The outbox participant of writes through {@code source}, or {@code null}: they are plain writes. */
    public OutboxParticipant participant(TransactionalConnections source) {
        return participants == null ? null : participants.get(source);
    }

    /**
     * Marks the unit rollback-only: {@link #finish finish(true)} then rolls back every backend and throws
     * {@link UnitOfWorkRolledBackException}. Called when a repository call in the unit fails, whether or not the caller
     * catches the failure: PostgreSQL aborts the transaction at a failed statement, and every database gets that
     * contract. The first failure is the one reported.
     *
     * @param failure what failed, for the message: {@code a repository call in it failed (ClientRepository.save: ...)}
     * @param backend the backend it failed on, or {@code null} if not known
     * @param cause   the failure
     */
    public void setRollbackOnly(String failure, Backend backend, Throwable cause) {
        if (rollbackOnly == null) {
            rollbackOnly = Objects.requireNonNull(failure, "failure");
            rollbackBackend = backend;
            rollbackCause = cause;
        }
    }

    /** Whether the unit can only roll back ({@link #setRollbackOnly}). */
    public boolean isRollbackOnly() {
        return rollbackOnly != null;
    }

    /**
     * Commits (or, if {@code commitAsked} is false, rolls back) every backend touched, in the order first
     * touched, closes the connections and clears the thread. A unit marked rollback-only, or holding a connection whose
     * transaction a failed statement aborted, is rolled back on every backend even if {@code commitAsked}, its hooks
     * are told nothing committed, and it throws {@link UnitOfWorkRolledBackException}.
     */
    public void finish(boolean commitAsked) {
        CURRENT.remove();
        UnitOfWorkRolledBackException rolledBack = commitAsked ? rolledBack() : null;
        boolean commit = commitAsked && rolledBack == null;
        List<Backend> committed = new ArrayList<>();
        List<Backend> touched = new ArrayList<>();
        RuntimeException failure = null;
        for (Map.Entry<TransactionalConnections, Connection> entry : connections.entrySet()) {
            Backend backend = entry.getKey().backend();
            Connection connection = entry.getValue();
            touched.add(backend);
            try {
                if (commit && failure == null) {
                    connection.commit();
                    committed.add(backend);
                } else {
                    connection.rollback();
                }
            } catch (SQLException e) {
                if (failure == null) {
                    failure = committed.isEmpty()
                            ? new DataAccessException(backend, (commit ? "Commit" : "Rollback") + " of the unit of work on "
                                    + backend + " failed: " + e.getMessage(), e)
                            : new PartialCommitException(backend, committed, e);
                } else {
                    failure.addSuppressed(e);
                }
            } finally {
                failure = close(connection, failure);
            }
        }
        boolean allCommitted = commit && failure == null;
        for (Hook hook : hooks) {
            boolean backendCommitted = touched.contains(hook.backend()) ? committed.contains(hook.backend()) : allCommitted;
            try {
                hook.hook().completed(backendCommitted);
            } catch (RuntimeException e) {
                LOG.error("A completion hook of a unit of work failed; the unit's outcome stands", e);
            }
        }
        if (rolledBack != null) {
            if (failure != null) {
                rolledBack.addSuppressed(failure);
            }
            throw rolledBack;
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** The exception of a unit that must roll back although its body returned, or {@code null} if it may commit. */
    private UnitOfWorkRolledBackException rolledBack() {
        String failure = rollbackOnly;
        Backend backend = rollbackBackend;
        if (failure == null) {
            for (Map.Entry<TransactionalConnections, Connection> entry : connections.entrySet()) {
                if (AbortedTransactions.aborted(entry.getValue())) {
                    backend = entry.getKey().backend();
                    failure = "a statement in it failed on " + backend + " and aborted its transaction there";
                    break;
                }
            }
        }
        if (failure == null) {
            return null;
        }
        List<Backend> touched = new ArrayList<>();
        connections.keySet().forEach(source -> touched.add(source.backend()));
        return new UnitOfWorkRolledBackException(backend, failure, touched, rollbackCause);
    }

    private static RuntimeException close(Connection connection, RuntimeException failure) {
        try {
            connection.setAutoCommit(true);
            connection.close();
        } catch (SQLException e) {
            if (failure != null) {
                failure.addSuppressed(e);
            }
        }
        return failure;
    }
}
