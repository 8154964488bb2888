package dev.cutover.status.reports;

import dev.cutover.CutoverException;
import java.sql.SQLException;

/**
 * A status report could not be written, or the reports could not be read. The message says what failed and what to
 * do (for a missing table: run Cutover's migrations); the cause is the driver's exception.
 */
public class StatusReportException extends CutoverException {
    private static final long serialVersionUID = 1L;

    private final String sqlState;

    public StatusReportException(String message, SQLException cause) {
        super(message, cause);
        this.sqlState = cause == null ? null : cause.getSQLState();
    }

    /** The SQLState of the driver's exception, for example {@code 42P01}, or {@code null}. */
    public String sqlState() {
        return sqlState;
    }
}
