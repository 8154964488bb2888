package dev.cutover;

import java.sql.SQLException;

/**
 * A database call failed. Carries the backend and the SQLState of the driver's exception (kept as the
 * cause), so callers can tell a lost connection ({@code 08xxx}) from a constraint violation ({@code 23xxx}).
 */
public class DataAccessException extends CutoverException {
    private static final long serialVersionUID = 1L;

    private final Backend backend;
    private final String sqlState;

    public DataAccessException(Backend backend, String message, Throwable cause) {
        super(message, cause);
        this.backend = backend;
        this.sqlState = findSqlState(cause);
    }

    /** The backend the failed call went to, or {@code null} if not known. */
    public Backend backend() {
        return backend;
    }

    /** The SQLState of the first {@link SQLException} in the cause chain, or {@code null}. */
    public String sqlState() {
        return sqlState;
    }

    private static String findSqlState(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }
}
