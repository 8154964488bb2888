package dev.cutover.backend.spi;

import dev.cutover.Backend;
import dev.cutover.DataAccessException;
import dev.cutover.backend.ConnectionSettings;
import dev.cutover.jdbc.JdbcUrls;
import dev.cutover.jdbc.Redaction;
import java.sql.SQLException;
import java.util.function.Supplier;

/**
 * Starts a backend's pool, which opens its first connection at once, and reports a failure the same way for
 * every backend: the database, the redacted URL, the user, the pool and the SQLState, never the password.
 * Knows no pool library, so that core depends on none; each backend hands over the start. Stateless and
 * thread-safe.
 */
public final class FirstConnection {
    private FirstConnection() {
    }

    /**
     * {@code start}'s pool, or a {@link DataAccessException} that chains the driver's {@link SQLException}
     * (keeping its SQLState) if the pool could not connect.
     *
     * @param database the database as messages name it: {@code PostgreSQL}, {@code the legacy database}
     */
    public static <P> P open(Backend backend, String database, String poolName, ConnectionSettings settings,
            Supplier<P> start) {
        try {
            // The pool connects once as it starts, so a wrong password or host fails here, not on the first request.
            return start.get();
        } catch (RuntimeException e) {
            throw failure(backend, database, poolName, settings, e);
        }
    }

    private static DataAccessException failure(Backend backend, String database, String poolName, ConnectionSettings settings,
            RuntimeException failure) {
        SQLException sql = firstSqlException(failure);
        String state = sql == null ? null : sql.getSQLState();
        // Neither the server's nor the driver's nor the pool's message, in any cause, may echo the configured password.
        String detail = Redaction.text(String.valueOf(sql == null ? failure.getMessage() : sql.getMessage()),
                settings.password());
        return new DataAccessException(backend, "Cannot connect to " + database + " at "
                + JdbcUrls.redact(settings.jdbcUrl())
                + (settings.username() == null ? "" : " as user '" + settings.username() + "'")
                + " (pool " + poolName + (state == null ? "" : ", SQLState " + state) + "): " + detail,
                Redaction.chain(sql != null ? sql : failure, settings.password()));
    }

    private static SQLException firstSqlException(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }
}
