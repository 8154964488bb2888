package dev.cutover.flags;

import dev.cutover.CutoverException;
import java.sql.SQLException;

/**
 * The flag store could not be read or written: at startup (Cutover does not start without its routes),
 * or when a route is changed. The message says what failed and what to do; the cause is the driver's
 * exception.
 */
public class FlagStoreException extends CutoverException {
    private static final long serialVersionUID = 1L;

    private final String sqlState;

    public FlagStoreException(String message, SQLException cause) {
        super(message, cause);
        this.sqlState = cause == null ? null : cause.getSQLState();
    }

    /** The SQLState of the driver's exception, for example {@code 08001}, or {@code null}. */
    public String sqlState() {
        return sqlState;
    }
}
