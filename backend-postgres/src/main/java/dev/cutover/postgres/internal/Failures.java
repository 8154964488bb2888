package dev.cutover.postgres.internal;

import dev.cutover.Backend;
import dev.cutover.DataAccessException;
import java.sql.SQLException;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;

/** Turns driver and jOOQ failures into Cutover's {@link DataAccessException}, keeping the SQLState. */
final class Failures {
    private Failures() {
    }

    /** {@code <what> failed (SQLState <state>): <the driver's message>}. */
    static DataAccessException failed(String what, RuntimeException failure) {
        // Unwrap our own translation so the message does not repeat "failed" twice.
        Throwable cause = failure instanceof DataAccessException && failure.getCause() != null ? failure.getCause() : failure;
        SQLException sql = sqlException(cause);
        String state = sql == null ? null : sql.getSQLState();
        String detail = sql == null ? cause.getMessage() : sql.getMessage();
        return new DataAccessException(Backend.POSTGRES,
                what + " failed" + (state == null ? "" : " (SQLState " + state + ")") + ": " + detail, cause);
    }

    static SQLException sqlException(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    /** Gives hand-written jOOQ queries the same exception type as store calls. */
    static final class Translator implements ExecuteListener {
        private static final long serialVersionUID = 1L;

        @Override
        public void exception(ExecuteContext context) {
            RuntimeException failure = context.exception();
            if (failure != null && !(failure instanceof DataAccessException)) {
                context.exception(failed("PostgreSQL query", failure));
            }
        }
    }
}
