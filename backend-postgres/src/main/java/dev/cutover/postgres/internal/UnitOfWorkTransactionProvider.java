package dev.cutover.postgres.internal;

import dev.cutover.tx.TransactionalConnections;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import org.jooq.ConnectionProvider;
import org.jooq.Transaction;
import org.jooq.TransactionContext;
import org.jooq.TransactionProvider;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DefaultTransactionProvider;

/**
 * {@code dsl().transaction(...)}: outside a unit of work, jOOQ's usual transaction on a pooled connection;
 * inside one, a savepoint, because committing would end the unit of work's transaction early.
 */
final class UnitOfWorkTransactionProvider implements TransactionProvider {
    private final TransactionalConnections connections;
    private final TransactionProvider outside;

    UnitOfWorkTransactionProvider(TransactionalConnections connections, ConnectionProvider connectionProvider) {
        this.connections = connections;
        this.outside = new DefaultTransactionProvider(connectionProvider);
    }

    @Override
    public void begin(TransactionContext context) {
        if (!TransactionalConnections.inUnitOfWork()) {
            outside.begin(context);
            return;
        }
        try {
            Connection connection = connections.acquire();
            context.transaction(new SavepointInUnit(connection, connection.setSavepoint()));
        } catch (SQLException e) {
            throw new DataAccessException("Cannot start a jOOQ transaction inside the unit of work: " + e.getMessage(), e);
        }
    }

    @Override
    public void commit(TransactionContext context) {
        if (!(context.transaction() instanceof SavepointInUnit savepoint)) {
            outside.commit(context);
            return;
        }
        try {
            savepoint.connection().releaseSavepoint(savepoint.savepoint());
        } catch (SQLException e) {
            throw new DataAccessException("Cannot release the savepoint of a jOOQ transaction: " + e.getMessage(), e);
        }
    }

    @Override
    public void rollback(TransactionContext context) {
        if (!(context.transaction() instanceof SavepointInUnit savepoint)) {
            outside.rollback(context);
            return;
        }
        try {
            savepoint.connection().rollback(savepoint.savepoint());
        } catch (SQLException e) {
            throw new DataAccessException("Cannot roll back to the savepoint of a jOOQ transaction: " + e.getMessage(), e);
        }
    }

    private record SavepointInUnit(Connection connection, Savepoint savepoint) implements Transaction {
    }
}
