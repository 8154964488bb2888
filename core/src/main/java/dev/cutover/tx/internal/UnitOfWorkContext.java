package dev.cutover.tx.internal;

import dev.cutover.Backend;
import dev.cutover.DataAccessException;
import dev.cutover.routing.RouteDecision;
import dev.cutover.tx.PartialCommitException;
import dev.cutover.tx.TransactionalConnections;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The unit of work running on this thread: the routes pinned when it began, one connection per backend,
 * opened on first use with autocommit off, and what must happen once it ends (completion hooks, such as
 * dual-write's mirroring after commit). Not thread-safe: confined to its thread.
 */
public final class UnitOfWorkContext {
    private static final ThreadLocal<UnitOfWorkContext> CURRENT = new ThreadLocal<>();
    private static final Logger LOG = LoggerFactory.getLogger(UnitOfWorkContext.class);

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

    private final Object owner;
    private final RouteDecision[] routes;
    private final Map<TransactionalConnections, Connection> connections = new LinkedHashMap<>();
    private final List<Hook> hooks = new ArrayList<>(0);
    private Map<Object, Object> attachments;

    private UnitOfWorkContext(Object owner, RouteDecision[] routes) {
        this.owner = owner;
        this.routes = routes;
    }

    public static UnitOfWorkContext current() {
        return CURRENT.get();
    }

    /** Starts a unit of work on this thread; the caller must {@link #finish} it. */
    public static UnitOfWorkContext begin(Object owner, RouteDecision[] routes) {
        if (CURRENT.get() != null) {
            throw new IllegalStateException("A unit of work is already running on this thread");
        }
        UnitOfWorkContext context = new UnitOfWorkContext(owner, routes);
        CURRENT.set(context);
        return context;
    }

    /** The pinned route of a method, if this unit of work was begun by {@code owner}; else {@code null}. */
    public RouteDecision pinnedRoute(Object router, int methodIndex) {
        return router == owner ? routes[methodIndex] : null;
    }

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

    /**
     * State a feature keeps for the length of this unit (keys to mirror, for example), created by
     * {@code create} on first request for {@code key}.
     */
    public <T> T attachment(Object key, Class<T> type, Function<UnitOfWorkContext, ? extends T> create) {
        if (attachments == null) {
            attachments = new HashMap<>(4);
        }
        Object value = attachments.get(key);
        if (value == null) {
            value = Objects.requireNonNull(create.apply(this), "attachment");
            attachments.put(key, value);
        }
        return type.cast(value);
    }

    /**
     * Commits (or, if {@code commit} is false, rolls back) every backend touched, in the order first
     * touched, closes the connections and clears the thread.
     */
    public void finish(boolean commit) {
        CURRENT.remove();
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
        if (failure != null) {
            throw failure;
        }
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
