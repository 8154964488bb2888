package dev.cutover.postgres.internal;

import dev.cutover.mapping.Column;
import dev.cutover.mapping.EntityMapping;
import dev.cutover.postgres.copy.CopyRows;
import dev.cutover.postgres.copy.PgCopy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An upsert of many rows through {@code COPY} into a temporary staging table and one
 * {@code INSERT ... SELECT ... ON CONFLICT DO UPDATE}: the same rows, conflict target and updates as the multi-row
 * {@code INSERT ... VALUES}, without building, sending and planning a statement of thousands of bind values (the
 * reconciler's backlog drain spent most of its time there). Runs inside the caller's transaction: the stage is emptied
 * by the insert itself (a unit of work may upsert twice) and at every commit. Immutable and thread-safe.
 */
final class StagedUpsert {
    /** Rows from which an upsert is staged: below, one multi-row insert costs less than the stage's four statements. */
    static final int FROM_ROWS = 200;

    private final List<Column> columns;
    private final String createStage;
    private final String copyIntoStage;
    private final String insertFromStage;

    /**
     * @param updates the {@code SET} list ({@code "a" = excluded."a", ...}) of the store's multi-row upsert
     */
    StagedUpsert(String schema, EntityMapping<?, ?> mapping, String updates) {
        this.columns = mapping.columns();
        String table = PgCopy.quote(schema) + "." + PgCopy.quote(mapping.table());
        String stage = "pg_temp." + PgCopy.quote(stageName(mapping.table()));
        String list = columns.stream().map(c -> PgCopy.quote(c.name())).collect(Collectors.joining(", "));
        String conflict = mapping.conflictTarget().stream().map(PgCopy::quote).collect(Collectors.joining(", "));
        // No constraints on the stage (CREATE TABLE AS copies none): NOT NULL and CHECK failures surface at the insert.
        this.createStage = "CREATE TEMP TABLE IF NOT EXISTS " + stage.substring("pg_temp.".length())
                + " ON COMMIT DELETE ROWS AS SELECT " + list + " FROM " + table + " WITH NO DATA";
        this.copyIntoStage = "COPY " + stage + " (" + list + ") FROM STDIN";
        this.insertFromStage = "WITH staged AS (DELETE FROM " + stage + " RETURNING " + list + ") INSERT INTO " + table
                + " (" + list + ") SELECT " + list + " FROM staged ON CONFLICT (" + conflict + ") DO UPDATE SET " + updates;
    }

    /** The stage's name: PostgreSQL cuts names at 63 bytes, so a long table name is replaced by its hash (no two cut alike). */
    static String stageName(String table) {
        String name = "cutover_upsert_" + table;
        return name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 63 ? name
                : "cutover_upsert_" + Integer.toHexString(table.hashCode());
    }

    /** Upserts {@code rows} (the mapping's values, one row per conflict-target value) in the connection's transaction. */
    int upsert(Connection connection, List<Object[]> rows) throws SQLException {
        CopyRows encoded = new CopyRows(rows.size() * 512);
        for (Object[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                encoded.add(columns.get(i).type(), row[i]);
            }
            encoded.endRow();
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute(createStage);
            PgCopy.copy(connection, copyIntoStage, encoded, 0, encoded.rows());
            return statement.executeUpdate(insertFromStage);
        }
    }
}
