package dev.cutover.postgres.copy;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * Sends {@link CopyRows} to PostgreSQL with {@code COPY ... FROM STDIN} through PgJDBC's {@link CopyManager},
 * on the caller's connection and so in the caller's transaction. Thread-safe (stateless).
 */
public final class PgCopy {
    /** Bytes per {@code CopyData} message: large enough to amortise calls, small enough for the socket buffer. */
    private static final int PIECE = 64 * 1024;

    private PgCopy() {
    }

    /** {@code COPY "schema"."table" ("a", "b") FROM STDIN}, identifiers quoted. */
    public static String copySql(String schema, String table, List<String> columns) {
        return "COPY " + quote(schema) + "." + quote(table) + " ("
                + columns.stream().map(PgCopy::quote).collect(Collectors.joining(", ")) + ") FROM STDIN";
    }

    /** An identifier quoted for PostgreSQL. */
    public static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /**
     * Copies rows {@code from} (inclusive) to {@code to} (exclusive) of {@code rows}.
     *
     * @return the number of rows the server reports written
     * @throws SQLException as the server reports it (a bad value: SQLState class 22 or 23), after which the
     *     transaction is aborted and must be rolled back (to a savepoint)
     */
    public static long copy(Connection connection, String copySql, CopyRows rows, int from, int to) throws SQLException {
        if (from >= to) {
            return 0;
        }
        CopyManager manager = connection.unwrap(PGConnection.class).getCopyAPI();
        CopyIn copy = manager.copyIn(copySql);
        try {
            byte[] array = rows.array();
            int start = rows.rowStart(from);
            int end = rows.rowEnd(to - 1);
            for (int offset = start; offset < end; offset += PIECE) {
                copy.writeToCopy(array, offset, Math.min(PIECE, end - offset));
            }
            return copy.endCopy();
        } catch (SQLException | RuntimeException e) {
            if (copy.isActive()) {
                try {
                    copy.cancelCopy();
                } catch (SQLException cancelFailure) {
                    e.addSuppressed(cancelFailure);
                }
            }
            throw e;
        }
    }
}
