package dev.cutover.legacy.internal;

import dev.cutover.Backend;
import dev.cutover.DataAccessException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;

/** Turns the driver's exceptions into {@link DataAccessException}s that say which operation on which table failed. */
final class SqlFailures {

    private SqlFailures() {
    }

    static DataAccessException of(String operation, String legacyTable, SQLException failure) {
        SQLException reported = failure;
        // A batch failure's own message repeats the whole statement with its values; the server's error is the next one.
        if (failure instanceof BatchUpdateException && failure.getNextException() != null) {
            reported = failure.getNextException();
        }
        SQLException cause = failure.getSQLState() == null ? reported : failure;
        return new DataAccessException(Backend.LEGACY, operation + " on legacy table " + legacyTable + " failed: "
                + reported.getMessage(), cause);
    }
}
