package dev.cutover.resilience.internal;

import dev.cutover.DataAccessException;
import dev.cutover.resilience.BackendBusyException;
import dev.cutover.resilience.BackendTimeoutException;
import dev.cutover.resilience.CircuitOpenException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;

/**
 * What kind of failure a backend call met, as far as availability goes. Everything but {@link #OTHER} says the
 * backend is failing (not the call): the circuit breaker counts it and a fallback may serve the read elsewhere.
 * {@link #OTHER} (a constraint violation, a syntax error, an application exception) proves the backend answered.
 */
enum FailureKind {
    /** Our own circuit breaker refused the call. */
    CIRCUIT_OPEN,
    /** Our time limit passed, or the server cancelled the statement ({@code 57014}: {@code statement_timeout}). */
    TIMEOUT,
    /** Our time-limit threads and queue were full. */
    BUSY,
    /** SQLState class {@code 08}: the connection could not be made or was lost. */
    CONNECTION,
    /** SQLState class {@code 53} (insufficient resources), {@code 57} (shutdown, operator intervention), {@code 58}. */
    UNAVAILABLE,
    /** Not a sign of an unavailable backend. */
    OTHER;

    /** Cause chains are walked this deep at most: a cycle must not hang a failing call. */
    private static final int MAX_CAUSES = 32;

    private final String tag = name().toLowerCase(Locale.ROOT);

    public String tag() {
        return tag;
    }

    public boolean isUnavailability() {
        return this != OTHER;
    }

    public static FailureKind of(Throwable failure) {
        if (failure instanceof CircuitOpenException) {
            return CIRCUIT_OPEN;
        }
        if (failure instanceof BackendTimeoutException) {
            return TIMEOUT;
        }
        if (failure instanceof BackendBusyException) {
            return BUSY;
        }
        String state = sqlState(failure);
        if (state == null) {
            return transientConnection(failure) ? CONNECTION : OTHER;
        }
        if (state.equals("57014")) {
            return TIMEOUT;
        }
        if (state.startsWith("08")) {
            return CONNECTION;
        }
        if (state.startsWith("53") || state.startsWith("57") || state.startsWith("58")) {
            return UNAVAILABLE;
        }
        return OTHER;
    }

    /** The SQLState of the failure: the one {@link DataAccessException} kept, else the first in the cause chain. */
    public static String sqlState(Throwable failure) {
        if (failure instanceof DataAccessException access && access.sqlState() != null) {
            return access.sqlState();
        }
        int depth = 0;
        for (Throwable t = failure; t != null && depth++ < MAX_CAUSES; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    /** HikariCP's "connection is not available" carries no SQLState when the pool is exhausted rather than the server down. */
    private static boolean transientConnection(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth++ < MAX_CAUSES; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The {@code error} tag of {@code cutover.errors}: Cutover's own condition ({@code circuit_open}, {@code timeout},
     * {@code busy}), else the SQLState class ({@code 08}, {@code 23}, ...), else {@code none}.
     */
    public static String errorTag(Throwable failure) {
        if (failure instanceof CircuitOpenException) {
            return CIRCUIT_OPEN.tag;
        }
        if (failure instanceof BackendTimeoutException) {
            return TIMEOUT.tag;
        }
        if (failure instanceof BackendBusyException) {
            return BUSY.tag;
        }
        String state = sqlState(failure);
        if (state == null || state.length() < 2) {
            return "none";
        }
        String stateClass = state.substring(0, 2).toUpperCase(Locale.ROOT);
        return stateClass.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')) ? stateClass : "none";
    }
}
