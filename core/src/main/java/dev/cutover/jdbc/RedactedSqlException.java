package dev.cutover.jdbc;

import java.sql.SQLException;

/**
 * A driver's {@link SQLException} whose message held a secret, copied by {@link Redaction} with the secret removed:
 * same SQLState, vendor code and stack trace; {@link #toString()} shows the original class.
 */
public final class RedactedSqlException extends SQLException {
    private static final long serialVersionUID = 1L;

    private final String originalClass;

    public RedactedSqlException(String originalClass, String message, String sqlState, int vendorCode) {
        super(message, sqlState, vendorCode);
        this.originalClass = originalClass;
    }

    /** The class of the exception this replaces, for example {@code org.postgresql.util.PSQLException}. */
    public String originalClass() {
        return originalClass;
    }

    /** As the original exception would show: its class and the redacted message. */
    @Override
    public String toString() {
        return Redaction.shown(originalClass, getLocalizedMessage());
    }
}
