package dev.cutover.tx.internal;

import dev.cutover.Backend;
import dev.cutover.DataAccessException;
import dev.cutover.routing.RouteDecision;
import dev.cutover.tx.PartialCommitException;
import dev.cutover.tx.TransactionalConnections;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The unit of work running on this thread: the routes pinned when it began, and one connection per
 * backend, opened on first use with autocommit off. Not thread-safe: confined to its thread.
 */
public final class UnitOfWorkContext {
    private static final ThreadLocal<UnitOfWorkContext> CURRENT = new ThreadLocal<>();

    private final Object owner;
    private final RouteDecision[] routes;
    private final Map<TransactionalConnections, Connection> connections = new LinkedHashMap<>();

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

    public boolean owns(TransactionalConnections source, Connection connection) {
        return connections.get(source) == connection;
    }

    /**
     * Commits (or, if {@code commit} is false, rolls back) every backend touched, in the order first
     * touched, closes the connections and clears the thread.
     */
    public void finish(boolean commit) {
        CURRENT.remove();
        List<Backend> committed = new ArrayList<>();
        RuntimeException failure = null;
        for (Map.Entry<TransactionalConnections, Connection> entry : connections.entrySet()) {
            Backend backend = entry.getKey().backend();
            Connection connection = entry.getValue();
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
