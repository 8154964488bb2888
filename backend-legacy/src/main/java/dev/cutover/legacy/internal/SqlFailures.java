package dev.cutover.legacy.internal;

import dev.cutover.Backend;
import dev.cutover.DataAccessException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.util.regex.Pattern;

/** Turns the driver's exceptions into {@link DataAccessException}s that say which operation on which table failed. */
final class SqlFailures {
    /** MariaDB Connector/J starts each message with its connection's id, which differs from run to run. */
    private static final Pattern CONNECTION_ID = Pattern.compile("^\\(conn=\\d+\\) ");

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
                + message(reported), cause);
    }

    /** A failure with a message of the store's own, the driver's exception kept as the cause (and its SQLState). */
    static DataAccessException withMessage(String message, SQLException failure) {
        return new DataAccessException(Backend.LEGACY, message, failure);
    }

    /** The driver's message without what differs from run to run. */
    static String message(SQLException failure) {
        String message = failure.getMessage();
        return message == null ? failure.getClass().getName() : CONNECTION_ID.matcher(message).replaceFirst("");
    }
}
