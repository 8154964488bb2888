package dev.cutover.postgres.internal;

import dev.cutover.tx.TransactionalConnections;
import java.sql.Connection;
import java.sql.SQLException;
import org.jooq.ConnectionProvider;
import org.jooq.exception.DataAccessException;

/** jOOQ's connections, taken from {@link TransactionalConnections} so that queries join units of work. */
final class UnitOfWorkConnectionProvider implements ConnectionProvider {
    private final TransactionalConnections connections;

    UnitOfWorkConnectionProvider(TransactionalConnections connections) {
        this.connections = connections;
    }

    @Override
    public Connection acquire() {
        try {
            return connections.acquire();
        } catch (SQLException e) {
            throw new DataAccessException("Cannot get a connection to PostgreSQL: " + e.getMessage(), e);
        }
    }

    @Override
    public void release(Connection connection) {
        try {
            connections.release(connection);
        } catch (SQLException e) {
            throw new DataAccessException("Cannot return a connection to the pool: " + e.getMessage(), e);
        }
    }
}
