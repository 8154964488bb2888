package dev.cutover.backfill.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.backfill.LiveSafety;
import dev.cutover.jdbc.SqlStates;
import dev.cutover.mapping.Column;
import dev.cutover.mapping.spi.Values;
import dev.cutover.postgres.copy.CopyRows;
import dev.cutover.postgres.copy.PgCopy;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Writes a batch of encoded rows into the target inside the chunk's transaction: a {@link Stream}ed COPY, or
 * COPY into a staging table and {@code INSERT ... SELECT ... ON CONFLICT DO NOTHING}; a batch the server refuses
 * for a row's value is split in halves, each under a savepoint, until the bad rows are alone, and those are
 * quarantined. Immutable and thread-safe; each {@link Stream} and {@link Outcome} belongs to one chunk.
 */
final class ChunkWriter {
    private static final Pattern COPY_COLUMN = Pattern.compile("column (\\w+)");
    /** The detail of a foreign key violation: {@code Key (company_id)=(5) is not present in table "companies".} */
    private static final Pattern KEY_DETAIL = Pattern.compile("^Key \\((.+?)\\)=");

    private final String qualifiedTable;
    private final List<Column> columns;
    private final LiveSafety liveSafety;
    private final String copySql;
    private final String stageName;
    private final String createStageSql;
    private final String stageCopySql;
    private final String insertMissingSql;

    ChunkWriter(String schema, String table, List<Column> columns, LiveSafety liveSafety) {
        this.qualifiedTable = PgCopy.quote(schema) + "." + PgCopy.quote(table);
        this.columns = columns;
        this.liveSafety = liveSafety;
        List<String> names = columns.stream().map(Column::name).toList();
        String list = names.stream().map(PgCopy::quote).collect(Collectors.joining(", "));
        this.copySql = PgCopy.copySql(schema, table, names);
        this.stageName = PgCopy.quote("cutover_stage_" + table);
        // No constraints on the stage (CREATE TABLE AS copies none): NOT NULL and CHECK failures surface at the INSERT.
        this.createStageSql = "CREATE TEMP TABLE IF NOT EXISTS " + stageName + " ON COMMIT DELETE ROWS AS SELECT " + list
                + " FROM " + qualifiedTable + " WITH NO DATA";
        this.stageCopySql = "COPY pg_temp." + stageName + " (" + list + ") FROM STDIN";
        this.insertMissingSql = "INSERT INTO " + qualifiedTable + " (" + list + ") SELECT " + list + " FROM pg_temp."
                + stageName + " ON CONFLICT DO NOTHING";
    }

    /** What a chunk's batches did, and the rows the server refused. */
    static final class Outcome {
        /** Refused rows past which the chunk stops (see BackfillConfig.maxQuarantinedPerChunk). */
        final int maxRefused;
        /** Rows already set aside before sending, which count against {@link #maxRefused} too. */
        int quarantinedBeforeSending;
        long copied;
        /** Rows (copied or skipped) that {@link PassThrough} moved. */
        long passedThrough;
        long skipped;
        boolean targetHasRows;
        final java.util.ArrayList<Refused> refused = new java.util.ArrayList<>();

        Outcome(int maxRefused) {
            this.maxRefused = maxRefused;
        }
    }

    /** A chunk refused more rows than allowed; carries the first reason. */
    static final class TooManyRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooManyRefused(String firstReason) {
            super(firstReason, null, false, false);
        }
    }

    record Refused(Object[] key, String reason, String sqlState, String raw) {
    }

    /** Bytes gathered before they are sent on: large enough for few calls, small enough to keep both ends busy. */
    private static final int SEND_AT = 256 * 1024;

    /**
     * A COPY that receives rows while they are still being read from the source, so that the source, this
     * process and the target work at the same time, as in a {@code COPY TO | COPY FROM} pipe. The rows stay in
     * the buffer: if the COPY fails they are written again by {@link #write}, split as needed.
     */
    final class Stream {
        private final Connection connection;
        private final boolean staged;
        private final Savepoint savepoint;
        private final CopyIn copy;
        private int sent;
        private SQLException failure;

        private Stream(Connection connection, boolean staged) throws SQLException {
            this.connection = connection;
            this.staged = staged;
            this.savepoint = connection.setSavepoint();
            if (staged) {
                prepareStage(connection);
            }
            this.copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(staged ? stageCopySql : copySql);
        }

        /** Sends the rows completed since the last call, once enough have gathered (all of them if {@code all}). */
        void send(CopyRows rows, boolean all) {
            int size = rows.size();
            if (failure != null || size - sent < (all ? 1 : SEND_AT)) {
                return;
            }
            try {
                copy.writeToCopy(rows.array(), sent, size - sent);
                sent = size;
            } catch (SQLException e) {
                failure = e; // the rows are kept; finish() writes them again
            }
        }

        /** Cancels the COPY if it is still open, so that the transaction can be rolled back (else PgJDBC waits for it). */
        void abort(Throwable failure) {
            if (copy.isActive()) {
                try {
                    copy.cancelCopy();
                } catch (SQLException cancel) {
                    failure.addSuppressed(cancel);
                }
            }
        }

        /** Ends the COPY (and the staged insert); on failure writes the buffered rows again, split until they pass. */
        void finish(CopyRows rows, List<Object[]> keys, Outcome outcome) throws SQLException {
            send(rows, true);
            if (failure == null) {
                try {
                    long copied = copy.endCopy();
                    if (staged) {
                        int inserted = insertMissing(connection);
                        outcome.copied += inserted;
                        outcome.skipped += copied - inserted;
                    } else {
                        outcome.copied += copied;
                    }
                    connection.releaseSavepoint(savepoint);
                    return;
                } catch (SQLException e) {
                    failure = e;
                }
            }
            if (copy.isActive()) {
                try {
                    copy.cancelCopy();
                } catch (SQLException cancel) {
                    failure.addSuppressed(cancel);
                }
            }
            connection.rollback(savepoint);
            recover(connection, failure, staged, rows, keys, 0, rows.rows(), outcome);
        }
    }

    /** Starts a streamed COPY of the rows to come, in the connection's transaction. */
    Stream stream(Connection connection, Outcome outcome) throws SQLException {
        return new Stream(connection, liveSafety == LiveSafety.STAGED_INSERT_MISSING || outcome.targetHasRows);
    }

    /** The COPY of {@link PassThrough}: into the table, or into the staging table, in COPY's binary format. */
    String binaryCopySql(boolean staged) {
        return (staged ? stageCopySql : copySql) + " (FORMAT binary)";
    }

    boolean staged() {
        return liveSafety == LiveSafety.STAGED_INSERT_MISSING;
    }

    void prepareStage(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(createStageSql);
            statement.execute("TRUNCATE pg_temp." + stageName);
        }
    }

    int insertMissing(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            return statement.executeUpdate(insertMissingSql);
        }
    }

    private void write(Connection connection, CopyRows rows, List<Object[]> keys, int from, int to, Outcome outcome)
            throws SQLException {
        boolean staged = liveSafety == LiveSafety.STAGED_INSERT_MISSING || outcome.targetHasRows;
        Savepoint savepoint = connection.setSavepoint();
        try {
            if (staged) {
                prepareStage(connection);
                long copied = PgCopy.copy(connection, stageCopySql, rows, from, to);
                int inserted = insertMissing(connection);
                outcome.copied += inserted;
                outcome.skipped += copied - inserted;
            } else {
                outcome.copied += PgCopy.copy(connection, copySql, rows, from, to);
            }
            connection.releaseSavepoint(savepoint);
        } catch (SQLException e) {
            connection.rollback(savepoint);
            recover(connection, e, staged, rows, keys, from, to, outcome);
        }
    }

    /** After rows {@code from..to} failed (and were rolled back): insert only missing rows, or split, or give up. */
    private void recover(Connection connection, SQLException e, boolean staged, CopyRows rows, List<Object[]> keys,
            int from, int to, Outcome outcome) throws SQLException {
        String state = e.getSQLState();
        if (!staged && "23505".equals(state)) {
            // COPY met a row the target already has: never overwrite it, insert only the missing ones.
            outcome.targetHasRows = true;
            write(connection, rows, keys, from, to, outcome);
            return;
        }
        if (!isRowError(state)) {
            throw e;
        }
        if (to - from == 1) {
            outcome.refused.add(new Refused(keys.get(from), reason(e), state, decode(rows, from)));
            if (outcome.refused.size() + outcome.quarantinedBeforeSending > outcome.maxRefused) {
                throw new TooManyRefused(outcome.refused.get(0).reason());
            }
            return;
        }
        int middle = (from + to) >>> 1;
        write(connection, rows, keys, from, middle, outcome);
        write(connection, rows, keys, middle, to, outcome);
    }

    /** A value the server refused (data exception, integrity or size limit), as opposed to a failing server. */
    static boolean isRowError(String state) {
        if (state == null || state.length() != 5) {
            return false;
        }
        return state.startsWith("22") || state.startsWith("23") || state.startsWith("54");
    }

    private String reason(SQLException e) {
        StringBuilder reason = new StringBuilder("Rejected by PostgreSQL (SQLState ")
                .append(SqlStates.describe(e.getSQLState())).append("): ");
        ServerErrorMessage server = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
        if (server == null) {
            return reason.append(e.getMessage()).toString();
        }
        reason.append(server.getMessage());
        // "Failing row contains (...)" repeats the whole row, which the quarantine keeps as its raw value anyway.
        if (server.getDetail() != null && !server.getDetail().startsWith("Failing row contains")) {
            reason.append("; ").append(server.getDetail());
        }
        String column = server.getColumn();
        if (column == null && "23503".equals(e.getSQLState()) && server.getDetail() != null) {
            Matcher matcher = KEY_DETAIL.matcher(server.getDetail());
            column = matcher.find() ? matcher.group(1) : null; // a foreign key names its columns in the detail only
        }
        if (column == null && server.getWhere() != null) {
            Matcher matcher = COPY_COLUMN.matcher(server.getWhere());
            column = matcher.find() ? matcher.group(1) : null;
        }
        if (column != null) {
            reason.append(" (column ").append(column).append(')');
        }
        return Sanitize.text(reason.toString());
    }

    /** A row as sent, back from COPY text: column name to text, for the quarantine. */
    String decode(CopyRows rows, int row) {
        String line = new String(rows.array(), rows.rowStart(row), rows.rowEnd(row) - rows.rowStart(row) - 1,
                StandardCharsets.UTF_8);
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        String[] fields = line.split("\t", -1);
        for (int i = 0; i < fields.length && i < columns.size(); i++) {
            object.put(columns.get(i).name(), "\\N".equals(fields[i]) ? null : unescape(fields[i]));
        }
        return Values.jsonText(object);
    }

    private static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder text = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 1 < field.length()) {
                char next = field.charAt(++i);
                text.append(switch (next) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    default -> next;
                });
            } else {
                text.append(c);
            }
        }
        return text.toString();
    }

    @Override
    public String toString() {
        return "ChunkWriter[" + qualifiedTable + ", " + liveSafety + "]";
    }
}
