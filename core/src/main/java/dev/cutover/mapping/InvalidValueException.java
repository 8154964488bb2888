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

    public InvalidValueException(String table, String column, String message) {
        super(message);
        this.table = table;
        this.column = column;
    }

    public InvalidValueException(String table, String column, String message, Throwable cause) {
        super(message, cause);
        this.table = table;
        this.column = column;
    }

    public String table() {
        return table;
    }

    public String column() {
        return column;
    }
}
