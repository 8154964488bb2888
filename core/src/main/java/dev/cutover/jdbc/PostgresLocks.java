package dev.cutover.jdbc;

import java.time.Duration;

/**
 * PostgreSQL's table lock that {@link dev.cutover.store.EntityStore#lockAgainstWriters} takes, in one statement that both
 * PostgreSQL stores (the target's and a PostgreSQL legacy's) send.
 */
public final class PostgresLocks {
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
        if (table.contains("$")) {
            throw new IllegalArgumentException("A table name with '$' cannot be locked by this statement: " + table);
        }
        return "DO $$ DECLARE previous text := current_setting('lock_timeout'); BEGIN "
                + "PERFORM set_config('lock_timeout', '" + Math.max(1, timeout.toMillis()) + "ms', true); "
                + "LOCK TABLE " + table + " IN SHARE ROW EXCLUSIVE MODE; "
                + "PERFORM set_config('lock_timeout', previous, true); END $$";
    }
}
