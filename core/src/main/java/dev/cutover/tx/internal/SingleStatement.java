package dev.cutover.tx.internal;

import dev.cutover.tx.SqlFunction;
import dev.cutover.tx.TransactionalConnections;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Work that sends one statement: inside a unit of work on its connection; outside, on a pooled connection in
 * autocommit. One statement is atomic by itself, so the explicit transaction of
 * {@link TransactionalConnections#inTransaction} would only add the round trip of its {@code COMMIT}.
 */
public final class SingleStatement {
    private SingleStatement() {
    }

    /** Runs {@code statement} in the unit of work if there is one, else in autocommit. */
    public static <T> T run(TransactionalConnections connections, SqlFunction<T> statement) throws SQLException {
        if (UnitOfWorkContext.current() != null) {
            Connection connection = connections.acquire();
            try {
                return statement.apply(connection);
            } finally {
                connections.release(connection);
            }
        }
        return inAutocommit(connections, statement);
    }

    /** Runs {@code statement} on a pooled connection in autocommit, whether or not a unit of work is running. */
    public static <T> T inAutocommit(TransactionalConnections connections, SqlFunction<T> statement) throws SQLException {
        try (Connection connection = connections.dataSource().getConnection()) {
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
}
