package dev.cutover.postgres.internal;

import dev.cutover.schema.SchemaMismatchException;
import dev.cutover.schema.SchemaProblem;
import dev.cutover.schema.SchemaProblem.Kind;
import dev.cutover.mapping.Column;
import dev.cutover.mapping.ColumnType;
import dev.cutover.mapping.EntityMapping;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Result;

/**
 * Compares a table in the catalog with its mapping when a store is created: the table exists, every
 * mapped column exists with a compatible type and nullability and can be written, no unmapped column
 * would make inserts fail, and the conflict target is the column set of a UNIQUE constraint or unique
 * index that {@code ON CONFLICT} can use. Every problem is collected before failing. The same
 * {@link #problems} make a store's creation fail and fill the on-demand schema report.
 */
public final class SchemaCheck {
    private static final String COLUMNS = """
            SELECT a.attname::text AS name,
                   format_type(a.atttypid, a.atttypmod) AS display_type,
                   (CASE WHEN t.typtype = 'd' THEN bt.typname ELSE t.typname END)::text AS type_name,
                   (CASE WHEN t.typtype = 'd' THEN bt.typtype ELSE t.typtype END)::text AS type_kind,
                   (a.attnotnull OR coalesce(t.typnotnull, false)) AS not_null,
                   a.atthasdef AS has_default,
                   a.attidentity::text AS identity,
                   a.attgenerated::text AS generated
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            LEFT JOIN pg_type t ON t.oid = a.atttypid
            LEFT JOIN pg_type bt ON bt.oid = t.typbasetype
            WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
            ORDER BY a.attnum""";

    // One row per key column of each unique index; constraints (PRIMARY KEY, UNIQUE) are backed by one.
    private static final String UNIQUE_INDEXES = """
            SELECT i.relname::text AS name,
                   x.indisprimary AS is_primary,
                   x.indisvalid AS is_valid,
                   x.indimmediate AS is_immediate,
                   pg_get_expr(x.indpred, x.indrelid) AS predicate,
                   k.ord AS position,
                   a.attname::text AS column_name,
                   pg_get_indexdef(x.indexrelid, k.ord::int, true) AS column_text
            FROM pg_index x
            JOIN pg_class i ON i.oid = x.indexrelid
            JOIN pg_class c ON c.oid = x.indrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            CROSS JOIN LATERAL unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
            LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum AND k.attnum > 0
            WHERE n.nspname = ? AND c.relname = ? AND x.indisunique AND k.ord <= x.indnkeyatts
            ORDER BY x.indisprimary DESC, i.relname, k.ord""";

    private static final String SCHEMAS_WITH_TABLE = """
            SELECT n.nspname::text
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relname = ? AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND n.nspname <> ?
            ORDER BY 1""";

    private SchemaCheck() {
    }

    /** Checks the table of {@code mapping} in {@code schema}, or throws listing every problem. */
    static void check(DSLContext dsl, String schema, EntityMapping<?, ?> mapping) {
        List<SchemaProblem> problems = problems(dsl, schema, mapping);
        if (!problems.isEmpty()) {
            throw new SchemaMismatchException("postgres table " + schema + "." + mapping.table(),
                    problems.stream().map(SchemaProblem::message).toList());
        }
    }

    /** Every problem of the table of {@code mapping} in {@code schema}; empty if it fits. */
    public static List<SchemaProblem> problems(DSLContext dsl, String schema, EntityMapping<?, ?> mapping) {
        String qualified = schema + "." + mapping.table();
        List<SchemaProblem> problems = new ArrayList<>();
        Result<Record> columns = dsl.resultQuery(COLUMNS, schema, mapping.table()).fetch();
        if (columns.isEmpty()) {
            List<String> elsewhere = dsl.resultQuery(SCHEMAS_WITH_TABLE, mapping.table(), schema).fetch(0, String.class);
            problems.add(SchemaProblem.ofTable(Kind.MISSING_TABLE, "table " + qualified + " does not exist"
                    + (elsewhere.isEmpty() ? "" : "; a table of that name exists in schema " + String.join(", ", elsewhere)
                            + " (set the schema of the PostgresAdapter)")));
        } else {
            checkColumns(mapping, columns, problems);
            checkConflictTarget(qualified, mapping, dsl.resultQuery(UNIQUE_INDEXES, schema, mapping.table()).fetch(),
                    problems);
        }
        return List.copyOf(problems);
    }

    /**
     * The columns of the table of {@code mapping} that a copy would leave NULL in every row without saying so: not
     * filled by a mapping column, nullable, without a default (identity and generated columns have one), and not
     * excluded by the mapping; and exclusions that name no such column. NOT NULL ones are {@link #problems}' own.
     */
    public static List<SchemaProblem> unfilled(DSLContext dsl, String schema, EntityMapping<?, ?> mapping) {
        List<SchemaProblem> problems = new ArrayList<>();
        Set<String> mapped = new HashSet<>();
        mapping.columns().forEach(c -> mapped.add(c.name()));
        Set<String> existing = new HashSet<>();
        for (Record row : dsl.resultQuery(COLUMNS, schema, mapping.table()).fetch()) {
            String name = row.get("name", String.class);
            if (name == null) {
                continue;
            }
            existing.add(name);
            boolean defaulted = Boolean.TRUE.equals(row.get("has_default", Boolean.class))
                    || !row.get("identity", String.class).isEmpty() || !row.get("generated", String.class).isEmpty();
            boolean notNull = Boolean.TRUE.equals(row.get("not_null", Boolean.class));
            if (!mapped.contains(name) && !defaulted && !notNull && !mapping.excludedColumns().containsKey(name)) {
                problems.add(new SchemaProblem(Kind.UNMAPPED_COLUMN, name, "column " + name + " ("
                        + row.get("display_type", String.class) + ") is filled by no mapping column and has no default, "
                        + "so every copied row would leave it NULL: map it (as ColumnType."
                        + String.join(" or ColumnType.", fittingTypes(row.get("type_name", String.class),
                                row.get("type_kind", String.class)))
                        + "), or leave it empty on purpose with .exclude(\"" + name + "\", \"<reason>\") on the mapping"));
            }
        }
        mapping.excludedColumns().keySet().forEach(name -> {
            if (mapped.contains(name) || (!existing.isEmpty() && !existing.contains(name))) {
                problems.add(new SchemaProblem(Kind.BINDING, name, "the mapping excludes column " + name + ", which "
                        + (mapped.contains(name) ? "it also maps: keep one of the two" : "table " + schema + "."
                                + mapping.table() + " does not have; its columns: " + String.join(", ", existing))));
            }
        });
        return List.copyOf(problems);
    }

    private static void checkColumns(EntityMapping<?, ?> mapping, Result<Record> rows, List<SchemaProblem> problems) {
        Map<String, Record> byName = new LinkedHashMap<>();
        for (Record row : rows) {
            String name = row.get("name", String.class);
            if (name != null) {
                byName.put(name, row);
            }
        }
        Set<String> mapped = new HashSet<>();
        for (Column column : mapping.columns()) {
            mapped.add(column.name());
            Record row = byName.get(column.name());
            if (row == null) {
                problems.add(new SchemaProblem(Kind.MISSING_COLUMN, column.name(), "column " + column.name() + " ("
                        + column.type() + ") is missing; the table's columns: "
                        + (byName.isEmpty() ? "none" : String.join(", ", byName.keySet()))));
                continue;
            }
            String displayType = row.get("display_type", String.class);
            String typeName = row.get("type_name", String.class);
            if (column.type() == ColumnType.TEXT && (typeName.equals("json") || typeName.equals("jsonb"))) {
                // Bound as text, a JSON value reaches a jsonb column only through the driver's guess, or not at all.
                problems.add(new SchemaProblem(Kind.UNDECLARED_JSON, column.name(), "column " + column.name() + " is "
                        + displayType + ", but the mapping says " + column.type() + ": declare it as ColumnType."
                        + (typeName.equals("json") ? "JSON" : "JSONB") + " so that values are bound and compared as JSON"));
            } else if (!fits(column.type(), typeName, row.get("type_kind", String.class))) {
                List<String> fitting = fittingTypes(typeName, row.get("type_kind", String.class));
                problems.add(new SchemaProblem(Kind.INCOMPATIBLE_TYPE, column.name(), "column " + column.name() + " is "
                        + displayType + ", but the mapping says " + column.type() + ", which needs "
                        + String.join(" or ", PgTypes.displayNames(column.type()))
                        + (fitting.isEmpty() ? "; no mapping type holds " + displayType + ": leave the column out of the "
                                + "mapping (it needs a default or NULL) or change its type"
                                : "; the column fits ColumnType." + String.join(" or ColumnType.", fitting))));
            }
            boolean notNull = Boolean.TRUE.equals(row.get("not_null", Boolean.class));
            if (!column.nullable() && !notNull) {
                problems.add(new SchemaProblem(Kind.NULLABILITY, column.name(), "column " + column.name()
                        + " is nullable, but the mapping says NOT NULL: map it with nullableColumn(...) or add NOT NULL "
                        + "to the column"));
            }
            if (!row.get("generated", String.class).isEmpty()) {
                problems.add(new SchemaProblem(Kind.UNWRITABLE_COLUMN, column.name(), "column " + column.name()
                        + " is GENERATED ALWAYS AS (...) STORED, which cannot be written: leave it out of the mapping"));
            } else if ("a".equals(row.get("identity", String.class))) {
                problems.add(new SchemaProblem(Kind.UNWRITABLE_COLUMN, column.name(), "column " + column.name()
                        + " is GENERATED ALWAYS AS IDENTITY, which refuses written values: make it GENERATED BY DEFAULT "
                        + "AS IDENTITY"));
            }
        }
        byName.forEach((name, row) -> {
            boolean required = Boolean.TRUE.equals(row.get("not_null", Boolean.class))
                    && !Boolean.TRUE.equals(row.get("has_default", Boolean.class))
                    && row.get("identity", String.class).isEmpty()
                    && row.get("generated", String.class).isEmpty();
            if (required && !mapped.contains(name)) {
                problems.add(new SchemaProblem(Kind.UNMAPPED_REQUIRED_COLUMN, name, "column " + name
                        + " is NOT NULL without a default and is not mapped, so every insert would fail: map it or give "
                        + "it a default"));
            }
        });
    }

    /** Whether a column of catalog type {@code typeName} (of {@code pg_type.typtype} {@code kind}) holds {@code type}. */
    static boolean fits(ColumnType type, String typeName, String kind) {
        return type == ColumnType.ENUM ? "e".equals(kind) : PgTypes.catalogNames(type).contains(typeName);
    }

    /** The mapping types a column of this catalog type fits, for hints. */
    static List<String> fittingTypes(String typeName, String kind) {
        List<String> fitting = new ArrayList<>();
        for (ColumnType candidate : ColumnType.values()) {
            if (fits(candidate, typeName, kind)) {
                fitting.add(candidate.name());
            }
        }
        return fitting;
    }

    private static void checkConflictTarget(String qualified, EntityMapping<?, ?> mapping, Result<Record> rows,
            List<SchemaProblem> problems) {
        Map<String, UniqueIndex> indexes = new LinkedHashMap<>();
        for (Record row : rows) {
            UniqueIndex index = indexes.computeIfAbsent(row.get("name", String.class), name -> new UniqueIndex(name,
                    Boolean.TRUE.equals(row.get("is_valid", Boolean.class)),
                    Boolean.TRUE.equals(row.get("is_immediate", Boolean.class)),
                    row.get("predicate", String.class)));
            index.columns.add(row.get("column_name", String.class));
            index.texts.add(row.get("column_text", String.class));
        }
        Set<String> target = Set.copyOf(mapping.conflictTarget());
        for (UniqueIndex index : indexes.values()) {
            if (index.usableAsArbiter() && index.columns.size() == target.size()
                    && Set.copyOf(index.columns).equals(target)) {
                return;
            }
        }
        problems.add(SchemaProblem.ofTable(Kind.CONFLICT_TARGET, "ON CONFLICT (" + String.join(", ", mapping.conflictTarget())
                + ") on " + qualified + " matches no UNIQUE constraint; existing: "
                + (indexes.isEmpty() ? "none" : String.join(", ", indexes.values().stream().map(UniqueIndex::describe).toList()))));
    }

    /** A unique index as {@code ON CONFLICT} inference sees it. */
    private static final class UniqueIndex {
        final String name;
        final boolean valid;
        final boolean immediate;
        final String predicate;
        final List<String> columns = new ArrayList<>();
        final List<String> texts = new ArrayList<>();

        UniqueIndex(String name, boolean valid, boolean immediate, String predicate) {
            this.name = name;
            this.valid = valid;
            this.immediate = immediate;
            this.predicate = predicate;
        }

        /** Partial, invalid and deferrable indexes cannot back a plain {@code ON CONFLICT (columns)}. */
        boolean usableAsArbiter() {
            return valid && immediate && predicate == null && !columns.contains(null);
        }

        String describe() {
            return name + " (" + String.join(", ", texts) + ")" + (predicate == null ? "" : " WHERE " + predicate)
                    + (immediate ? "" : " DEFERRABLE") + (valid ? "" : " INVALID");
        }
    }
}
