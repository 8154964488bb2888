package dev.cutover.schema;

import java.util.Objects;

/**
 * One way a table does not fit its entity mapping, as a backend's schema check finds it. The same problems
 * make a store's creation fail ({@link SchemaMismatchException#problems()} holds their messages) and fill the
 * on-demand schema report, so the two never disagree.
 *
 * @param kind    what is wrong, for scripts and reports
 * @param column  the column concerned, as the checked table names it, or {@code null} for the whole table
 * @param message what is wrong and how to fix it, for people
 */
public record SchemaProblem(Kind kind, String column, String message) {
    public SchemaProblem {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }

    /** A problem about the table as a whole. */
    public static SchemaProblem ofTable(Kind kind, String message) {
        return new SchemaProblem(kind, null, message);
    }

    /** What is wrong. */
    public enum Kind {
        /** The mapping's binding to the table is wrong in itself (unknown column names, a storage that does not apply). */
        BINDING,
        /** The table does not exist. */
        MISSING_TABLE,
        /** A mapped column does not exist. */
        MISSING_COLUMN,
        /** A column's database type cannot hold the mapping's logical type. */
        INCOMPATIBLE_TYPE,
        /** JSON held in a column the mapping does not declare as JSON: a json/jsonb column mapped as text, or JSON text mapped as native JSON. */
        UNDECLARED_JSON,
        /** A column may hold NULL where the mapping or the other side cannot. */
        NULLABILITY,
        /** A mapped column the database will not let Cutover write (generated, identity always). */
        UNWRITABLE_COLUMN,
        /**
         * A column no mapping column reads or fills and no binding excludes by name: its values would be left behind
         * (a legacy column) or never written (a target column).
         */
        UNMAPPED_COLUMN,
        /** A NOT NULL column without a default that the mapping does not write, so every insert would fail. */
        UNMAPPED_REQUIRED_COLUMN,
        /** No unique constraint or index matches the upsert's conflict target. */
        CONFLICT_TARGET,
        /** The key is not unique, so keyset scans could skip or repeat rows. */
        KEY_NOT_UNIQUE,
        /** The connection's settings would change values on their way (a character set that cannot hold them). */
        SESSION
    }
}
