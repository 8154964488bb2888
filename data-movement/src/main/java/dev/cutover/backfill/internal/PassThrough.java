package dev.cutover.backfill.internal;

import dev.cutover.Backend;
import dev.cutover.DataAccessException;
import dev.cutover.legacy.spi.LegacyRangeReader;
import dev.cutover.mapping.Column;
import dev.cutover.postgres.copy.PgCopy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyOut;

/**
 * A chunk copied by PostgreSQL itself: {@code COPY (SELECT ...) TO STDOUT (FORMAT binary)} on the legacy database
 * streamed into {@code COPY ... FROM STDIN (FORMAT binary)} on the target, through one buffer of {@link #PIECE} bytes,
 * for a table whose every column has the same built-in type on both sides ({@link #of}). Immutable and thread-safe.
 */
final class PassThrough {
    /** Bytes gathered from the legacy side's messages (about a row each) before they are sent on. */
    private static final int PIECE = 256 * 1024;

    private final LegacyRangeReader reader;
    private final DataSource legacy;
    private final String description;

    private PassThrough(LegacyRangeReader reader, DataSource legacy, String description) {
        this.reader = reader;
        this.legacy = legacy;
        this.description = description;
    }

    /** A table's pass-through, or why it has none. */
    record Decision(Optional<PassThrough> passThrough, String reason) {
    }

    /**
     * The pass-through of {@code source}'s table into {@code schema.table}, if every column has, on the legacy side, the
     * target column's type as {@code format_type} names it, and a column the mapping declares NOT NULL is NOT NULL in
     * the target too (the target then refuses what the value-by-value checks would).
     */
    static Decision of(LegacyBackfillSource<?, ?> source, Connection target, String schema, String table,
            List<Column> columns) throws SQLException {
        List<String> legacyTypes = source.reader().storedTypes();
        if (legacyTypes.isEmpty()) {
            return new Decision(Optional.empty(), "the legacy database is not PostgreSQL");
        }
        Map<String, String> targetTypes = new HashMap<>();
        Map<String, Boolean> notNull = new HashMap<>();
        try (PreparedStatement statement = target.prepareStatement("SELECT a.attname, format_type(a.atttypid, "
                + "a.atttypmod), a.attnotnull FROM pg_attribute a WHERE a.attrelid = CAST(? AS regclass) AND a.attnum > 0 "
                + "AND NOT a.attisdropped AND a.atttypid < 16384")) {
            statement.setString(1, PgCopy.quote(schema) + "." + PgCopy.quote(table));
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    targetTypes.put(result.getString(1), result.getString(2));
                    notNull.put(result.getString(1), result.getBoolean(3));
                }
            }
        }
        for (int i = 0; i < columns.size(); i++) {
            Column column = columns.get(i);
            String legacyType = legacyTypes.get(i);
            String targetType = targetTypes.get(column.name());
            if (legacyType == null) {
                return new Decision(Optional.empty(), "column " + column.name() + " is not read as the legacy database "
                        + "stores it (a conversion, storage or NUL rule, a type of its own, or a key type)");
            }
            if (!legacyType.equals(targetType)) {
                return new Decision(Optional.empty(), "column " + column.name() + " is " + legacyType + " in the legacy "
                        + "table and " + (targetType == null ? "not of a built-in type" : targetType) + " in the target");
            }
            if (!column.nullable() && !notNull.get(column.name())) {
                return new Decision(Optional.empty(), "column " + column.name() + " is NOT NULL in the mapping only");
            }
        }
        return new Decision(Optional.of(new PassThrough(source.reader(), source.legacyDataSource(), source.description())),
                "every column has the same type on both sides");
    }

    /**
     * Streams the rows after {@code lower} up to {@code upper} (either {@code null}: open) into {@code copyInSql} on
     * {@code target}, returning how many the target took, or -1 if the range cannot be written as a query (then nothing
     * was sent). A failure of the target is thrown as it came (with its SQLState); a failure of the legacy database as a
     * {@link DataAccessException}. Both COPYs are ended or cancelled before it returns.
     */
    long copy(Connection target, Object[] lower, Object[] upper, String copyInSql) throws SQLException {
        Optional<String> select = reader.rangeSelect(lower, upper);
        if (select.isEmpty()) {
            return -1;
        }
        try (Connection source = legacy.getConnection()) {
            CopyOut out;
            try {
                out = source.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (" + select.get()
                        + ") TO STDOUT (FORMAT binary)");
            } catch (SQLException e) {
                throw legacyFailure(e);
            }
            CopyIn in = null;
            try {
                in = target.unwrap(PGConnection.class).getCopyAPI().copyIn(copyInSql);
                byte[] piece = new byte[PIECE];
                int filled = 0;
                while (true) {
                    byte[] data;
                    try {
                        data = out.readFromCopy();
                    } catch (SQLException e) {
                        throw legacyFailure(e);
                    }
                    if (data == null) {
                        break;
                    }
                    if (filled + data.length > piece.length) {
                        in.writeToCopy(piece, 0, filled);
                        filled = 0;
                    }
                    if (data.length > piece.length) {
                        in.writeToCopy(data, 0, data.length);
                    } else {
                        System.arraycopy(data, 0, piece, filled, data.length);
                        filled += data.length;
                    }
                }
                if (filled > 0) {
                    in.writeToCopy(piece, 0, filled);
                }
                return in.endCopy();
            } finally {
                cancel(in);
                cancel(out);
                if (!source.getAutoCommit()) {
                    source.rollback(); // a read: nothing to keep, and the pool gets the connection back idle
                }
            }
        }
    }

    /** Cancels a COPY that is still open (after a failure), so that its connection can be used or rolled back. */
    private static void cancel(org.postgresql.copy.CopyOperation copy) {
        if (copy != null && copy.isActive()) {
            try {
                copy.cancelCopy();
            } catch (SQLException ignored) {
                // the failure being thrown says what went wrong; the transaction is rolled back either way
            }
        }
    }

    private DataAccessException legacyFailure(SQLException e) {
        return new DataAccessException(Backend.LEGACY, "COPY TO STDOUT of " + description + " failed (SQLState "
                + e.getSQLState() + "): " + e.getMessage(), e);
    }

    @Override
    public String toString() {
        return "PassThrough[" + description + "]";
    }
}
