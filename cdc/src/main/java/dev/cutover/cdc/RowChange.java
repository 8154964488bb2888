package dev.cutover.cdc;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One event read from the legacy database's log, for one table: a row change (its keys only), a TRUNCATE, or a schema
 * change (DDL). Values in the log are never used: for a row change the reconciler copies legacy's current row, or
 * deletes where legacy has none; a TRUNCATE or a schema change pauses the table (the sink decides).
 *
 * <p>Keys are as the log gives them, in key order: {@code Long}, {@code Integer}, {@code Short}, {@code String},
 * {@code java.math.BigDecimal} (a MariaDB/MySQL {@code BIGINT UNSIGNED}, exact), {@code java.math.BigInteger}, byte
 * arrays and the like; the sink converts them to the mapping's key type. Immutable.
 *
 * @param kind        what happened
 * @param schema      the legacy table's schema: the database on MariaDB/MySQL ({@code shop}), the schema on PostgreSQL
 *                    ({@code public})
 * @param table       the legacy table's name, as the legacy database spells it ({@code clients})
 * @param keyColumns  the key's column names, in key order (the primary key, or the columns the feed was told to use);
 *                    empty for a TRUNCATE or a schema change
 * @param keyBefore   the key's values before the change; empty for an insert (and for TRUNCATE / SCHEMA_CHANGE)
 * @param keyAfter    the key's values after the change; empty for a delete (and for TRUNCATE / SCHEMA_CHANGE). A key
 *                    change gives both, different
 * @param ddl         the statement, for a SCHEMA_CHANGE; empty otherwise
 * @param committedAt when the legacy database committed the change, as its log says
 * @param position    where in the log the change is, in the source's own terms ({@code mariadb-bin.000003:1234},
 *                    a GTID set, an LSN), for status and error messages; not something to parse
 */
public record RowChange(Kind kind, String schema, String table, List<String> keyColumns, List<Object> keyBefore,
        List<Object> keyAfter, String ddl, Instant committedAt, String position) {

    /** What a {@link RowChange} says happened. */
    public enum Kind {
        /** A row was inserted, updated or deleted (or its key changed): see keyBefore and keyAfter. */
        ROW,
        /** The whole table was emptied ({@code TRUNCATE}): no keys are given. */
        TRUNCATE,
        /** The table's definition changed ({@code ALTER TABLE}, {@code DROP TABLE}, ...): see ddl. */
        SCHEMA_CHANGE
    }

    public RowChange {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(table, "table");
        keyColumns = List.copyOf(keyColumns);
        keyBefore = List.copyOf(keyBefore);
        keyAfter = List.copyOf(keyAfter);
        Objects.requireNonNull(ddl, "ddl");
        Objects.requireNonNull(committedAt, "committedAt");
        Objects.requireNonNull(position, "position");
        if (kind == Kind.ROW && (keyBefore.isEmpty() && keyAfter.isEmpty())) {
            throw new IllegalArgumentException("a ROW change of " + schema + "." + table + " needs keyBefore or keyAfter");
        }
        for (List<Object> key : List.of(keyBefore, keyAfter)) {
            if (!key.isEmpty() && key.size() != keyColumns.size()) {
                throw new IllegalArgumentException("a key of " + schema + "." + table + " has " + key.size()
                        + " values for the key columns " + keyColumns);
            }
        }
    }

    /** An insert ({@code before} empty), delete ({@code after} empty), update or key change (both). */
    public static RowChange row(String schema, String table, List<String> keyColumns, List<Object> before,
            List<Object> after, Instant committedAt, String position) {
        return new RowChange(Kind.ROW, schema, table, keyColumns, before, after, "", committedAt, position);
    }

    /** A TRUNCATE of the table. */
    public static RowChange truncate(String schema, String table, Instant committedAt, String position) {
        return new RowChange(Kind.TRUNCATE, schema, table, List.of(), List.of(), List.of(), "", committedAt, position);
    }

    /** A DDL statement that changed (or dropped) the table. */
    public static RowChange schemaChange(String schema, String table, String ddl, Instant committedAt, String position) {
        return new RowChange(Kind.SCHEMA_CHANGE, schema, table, List.of(), List.of(), List.of(), ddl, committedAt, position);
    }

    /** {@code schema.table}, for messages. */
    public String qualifiedTable() {
        return schema + "." + table;
    }
}
