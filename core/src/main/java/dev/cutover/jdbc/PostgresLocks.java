package dev.cutover.jdbc;

import dev.cutover.tx.SqlFunction;
import dev.cutover.tx.TransactionalConnections;
import java.sql.Statement;
import java.time.Duration;

/**
 * PostgreSQL's table lock that {@link dev.cutover.store.EntityStore#lockAgainstWriters} takes, in one statement that both
 * PostgreSQL stores (the target's and a PostgreSQL legacy's) send.
 */
public final class PostgresLocks {
    /** The block's dollar quote: a name of its own, so that table names with a '$' still fit. */
    private static final String TAG = "$cutover_lock$";

    private PostgresLocks() {
    }

    /**
     * A statement that waits up to {@code timeout} for {@code SHARE ROW EXCLUSIVE} on {@code table}, the weakest mode that
     * conflicts with every writer ({@code ROW EXCLUSIVE}) and with itself, and leaves the session's {@code lock_timeout}
     * as it was for the rest of the transaction. Fails with SQLState 55P03 when the time is up.
     *
     * @param table the table's name, quoted and qualified as the statement is to use it
     */
    public static String againstWriters(String table, Duration timeout) {
        if (table.contains(TAG)) {
            throw new IllegalArgumentException("A table name containing " + TAG + " cannot be locked by this statement: "
                    + table);
        }
        return "DO " + TAG + " DECLARE previous text := current_setting('lock_timeout'); BEGIN "
                + "PERFORM set_config('lock_timeout', '" + Math.max(1, timeout.toMillis()) + "ms', true); "
                + "LOCK TABLE " + table + " IN SHARE ROW EXCLUSIVE MODE; "
                + "PERFORM set_config('lock_timeout', previous, true); END " + TAG;
    }

    /**
     * The work that runs {@code lockStatement} on the unit of work's connection (pass it to the store's
     * {@code inTransaction}, which words failures its own way).
     *
     * @param table the table, for the message
     * @throws IllegalStateException outside a unit of work, where the lock would end with its statement
     */
    public static SqlFunction<Boolean> inUnitOfWork(String table, String lockStatement) {
        if (!TransactionalConnections.inUnitOfWork()) {
            throw new IllegalStateException("lockAgainstWriters on " + table + " needs a unit of work: outside one the "
                    + "lock would end with its statement");
        }
        return connection -> {
            try (Statement statement = connection.createStatement()) {
                return statement.execute(lockStatement);
            }
        };
    }
}
