package dev.cutover.backfill.internal;

import dev.cutover.backfill.BackfillException;
import dev.cutover.backfill.ForeignKey;
import dev.cutover.backfill.QuarantinedRow;
import dev.cutover.jdbc.SqlStates;
import dev.cutover.mapping.Column;
import dev.cutover.mapping.spi.KeyJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Restores a foreign key dropped while copying: added back {@code NOT VALID}, the rows it refuses moved to the
 * quarantine (with the rows that reference them through other keys, bottom-up, so that no delete is refused and no
 * {@code ON DELETE CASCADE} removes a row unrecorded), then validated. Stateless besides its configuration.
 */
final class Orphans {
    /** How deep rows referencing a quarantined row are followed (a self-referencing tree deeper than this stops). */
    private static final int MAX_DEPTH = 32;

    private final String schema;
    private final String run;
    /** The tables of the backfill, by name. */
    private final Map<String, RunContext<?, ?>> tables;

    Orphans(String schema, String run, Map<String, RunContext<?, ?>> tables) {
        this.schema = schema;
        this.run = run;
        this.tables = tables;
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    static String table(String schema, String table) {
        return quote(schema) + "." + quote(table);
    }

    /**
     * Restores {@code key} in the caller's transaction; returns the rows moved to the quarantine. {@code why} says why
     * it was dropped, for the rows' reason.
     */
    List<QuarantinedRow> restore(Connection connection, ForeignKey key, String why, Instant now) throws SQLException {
        String child = table(schema, key.table());
        if (!exists(connection, key)) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("ALTER TABLE " + child + " ADD CONSTRAINT " + quote(key.name()) + " " + key.definition()
                        + " NOT VALID");
            }
        }
        StringBuilder condition = new StringBuilder();
        StringBuilder match = new StringBuilder();
        for (int i = 0; i < key.columns().size(); i++) {
            condition.append("o0.").append(quote(key.columns().get(i))).append(" IS NOT NULL AND ");
            match.append(i == 0 ? "" : " AND ").append("p.").append(quote(key.referencedColumns().get(i))).append(" = o0.")
                    .append(quote(key.columns().get(i)));
        }
        condition.append("NOT EXISTS (SELECT 1 FROM ").append(table(schema, key.referencedTable())).append(" p WHERE ")
                .append(match).append(')');
        String reason = "Rejected by PostgreSQL (SQLState " + SqlStates.describe("23503") + "): foreign key " + key.name() + " (column "
                + String.join(", ", key.columns()) + "): no row of " + key.referencedTable() + " has ("
                + String.join(", ", key.referencedColumns()) + ") equal to this row's; found when the key, dropped while "
                + "the tables were copied (" + why + "), was restored";
        List<QuarantinedRow> moved = new ArrayList<>();
        quarantine(connection, key.table(), condition.toString(), reason, moved, 0, now);
        try (Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE " + child + " VALIDATE CONSTRAINT " + quote(key.name()));
        }
        ForeignKeys.forget(connection, run, key);
        return moved;
    }

    boolean exists(Connection connection, ForeignKey key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM pg_constraint WHERE conname = ? "
                + "AND conrelid = ?::regclass")) {
            statement.setString(1, key.name());
            statement.setString(2, table(schema, key.table()));
            try (ResultSet result = statement.executeQuery()) {
                return result.next();
            }
        }
    }

    /**
     * Moves the rows of {@code table} (alias {@code o<depth>}) matching {@code condition} to the quarantine, after the
     * rows that reference them.
     */
    private void quarantine(Connection connection, String table, String condition, String reason, List<QuarantinedRow> moved,
            int depth, Instant now) throws SQLException {
        String alias = "o" + depth;
        if (!any(connection, table, alias, condition)) {
            return;
        }
        RunContext<?, ?> context = tables.get(table);
        if (context == null) {
            throw new BackfillException(run, table, "Rows of " + schema + "." + table + " reference rows that the backfill "
                    + "run '" + run + "' quarantines, but " + table + " is not one of the run's tables; add it to the run, "
                    + "or remove those rows", null);
        }
        if (depth >= MAX_DEPTH) {
            throw new BackfillException(run, table, "Rows of " + table + " that reference quarantined rows nest deeper than "
                    + MAX_DEPTH + " levels; remove them by hand, then run the backfill again", null);
        }
        for (ForeignKey key : ForeignKeys.referencing(connection, schema, table)) {
            String next = "o" + (depth + 1);
            String columns = key.columns().stream().map(c -> next + "." + quote(c)).collect(Collectors.joining(", "));
            String referenced = key.referencedColumns().stream().map(c -> alias + "." + quote(c))
                    .collect(Collectors.joining(", "));
            String childCondition = "(" + columns + ") IN (SELECT " + referenced + " FROM " + table(schema, table) + " "
                    + alias + " WHERE " + condition + ")";
            quarantine(connection, key.table(), childCondition, "Follows its parent into the quarantine: foreign key "
                    + key.name() + " (column " + String.join(", ", key.columns()) + ") references a row of " + table
                    + " that was quarantined", moved, depth + 1, now);
        }
        List<Column> keyColumns = context.mapping.keyColumns();
        String keyArray = keyColumns.stream().map(c -> alias + "." + quote(c.name())).collect(Collectors.joining(", "));
        List<QuarantinedRow> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("DELETE FROM " + table(schema, table) + " " + alias + " WHERE "
                        + condition + " RETURNING json_build_array(" + keyArray + ")::text, row_to_json(" + alias
                        + ")::text")) {
            while (result.next()) {
                Object[] key = KeyJson.decode(result.getString(1), keyColumns);
                int chunk = context.chunks.chunkOf(connection, key);
                rows.add(new QuarantinedRow(run, table, KeyJson.encode(key), chunk, Sanitize.text(reason), "23503",
                        Sanitize.text(result.getString(2)), now));
            }
        }
        context.chunks.quarantine(connection, rows);
        for (QuarantinedRow row : rows) {
            context.chunks.addCounts(connection, row.chunk(), -1, 0, 1);
        }
        moved.addAll(rows);
    }

    private boolean any(Connection connection, String table, String alias, String condition) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT EXISTS (SELECT 1 FROM " + table(schema, table) + " "
                        + alias + " WHERE " + condition + ")")) {
            result.next();
            return result.getBoolean(1);
        }
    }
}
