package dev.cutover.legacy.internal;

import dev.cutover.DataAccessException;
import dev.cutover.legacy.LegacyDialect;
import dev.cutover.tx.SqlFunction;
import dev.cutover.tx.TransactionalConnections;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * How a {@link DefaultLegacyStore} runs its statements: on a connection of the unit of work or the pool, in a
 * transaction, or as one statement; failures name the operation and the table, and a guarded upsert's violation says
 * what it means. Immutable and thread-safe.
 */
final class LegacyCalls {
    private final TransactionalConnections connections;
    private final LegacyDialect dialect;
    private final String tableName;
    private final LegacyStatements statements;

    LegacyCalls(TransactionalConnections connections, LegacyDialect dialect, String tableName,
            LegacyStatements statements) {
        this.connections = connections;
        this.dialect = dialect;
        this.tableName = tableName;
        this.statements = statements;
    }

    <T> T withConnection(String operation, SqlFunction<T> work) {
        return withConnection(connections, operation, tableName, work);
    }

    static <T> T withConnection(TransactionalConnections connections, String operation, String table,
            SqlFunction<T> work) {
        try {
            Connection connection = connections.acquire();
            try {
                return work.apply(connection);
            } finally {
                connections.release(connection);
            }
        } catch (SQLException e) {
            throw SqlFailures.of(operation, table, e);
        }
    }

    <T> T inTransaction(String operation, SqlFunction<T> work) {
        try {
            return connections.inTransaction(work);
        } catch (DataAccessException e) {
            // TransactionalConnections names only the backend; say which operation on which table failed.
            if (e.getCause() instanceof SQLException sql) {
                throw failure(operation, sql);
            }
            throw e;
        }
    }

    /** One statement: in the unit of work if there is one, else in autocommit (no COMMIT round trip). */
    <T> T singleStatement(String operation, SqlFunction<T> work) {
        try {
            return connections.singleStatement(work);
        } catch (SQLException e) {
            throw failure(operation, e);
        }
    }

    DataAccessException failure(String operation, SQLException sql) {
        if (statements.guardColumn != null && dialect.isGuardViolation(sql, statements.guardColumn)) {
            return SqlFailures.withMessage(statements.guardViolation, sql);
        }
        return SqlFailures.of(operation, tableName, sql);
    }
}
