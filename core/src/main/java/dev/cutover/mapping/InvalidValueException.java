package dev.cutover.mapping;

import dev.cutover.CutoverException;

/**
 * A value that cannot be stored as given: wrong type, NULL in a NOT NULL column, text that is not JSON,
 * a NUL character PostgreSQL would reject. Raised before anything is written, so nothing is lost or
 * half-written; the message names the table, the column, the key (when known) and what is allowed.
 */
public class InvalidValueException extends CutoverException {
    private static final long serialVersionUID = 1L;

    private final String table;
    private final String column;
    private final String sqlState;

    public InvalidValueException(String table, String column, String message) {
        this(table, column, message, null, null);
    }

    public InvalidValueException(String table, String column, String message, Throwable cause) {
        this(table, column, message, cause, null);
    }

    /**
     * @param sqlState the SQLState PostgreSQL raises for such a value ({@code 22003} for a number out of range,
     *     {@code 22P02} for text that is not of the type), or {@code null} if it would take it (and change it)
     */
    public InvalidValueException(String table, String column, String message, Throwable cause, String sqlState) {
        super(message, cause);
        this.table = table;
        this.column = column;
        this.sqlState = sqlState;
    }

    /** The SQLState PostgreSQL raises for such a value, or {@code null}; backfill quarantine records keep it. */
    public String sqlState() {
        return sqlState;
    }

    public String table() {
        return table;
    }

    public String column() {
        return column;
    }
}
