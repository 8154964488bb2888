package dev.cutover.legacy.internal;

import dev.cutover.schema.SchemaMismatchException;
import dev.cutover.schema.SchemaProblem;
import dev.cutover.schema.SchemaProblem.Kind;
import dev.cutover.legacy.Conversion;
import dev.cutover.legacy.LegacyDialect;
import dev.cutover.legacy.LegacyDialect.CatalogColumn;
import dev.cutover.legacy.LegacyDialect.UniqueIndex;
import dev.cutover.legacy.LegacyStorage;
import dev.cutover.legacy.LegacyTable;
import dev.cutover.mapping.Column;
import dev.cutover.mapping.ColumnType;
import dev.cutover.mapping.EntityMapping;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checks run when a store is created: the binding against the mapping (no database needed), then the
 * legacy table against both. Every problem is collected before anything is thrown, so one start-up shows
 * all that needs fixing. The same {@link #bindingProblems} and {@link #problems} make a store's creation fail
 * and fill the on-demand schema report.
 */
public final class SchemaCheck {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaCheck.class);

    /**
     * What the check found that the store needs.
     *
     * @param columns the catalog column of each mapping column, in mapping order
     * @param otherUniqueKeys the table's unique keys other than the conflict target, if the dialect's upsert
     *     matches them too; empty otherwise
     * @param guardColumn the legacy name of the NOT NULL column that guards the upsert against those keys, or
     *     {@code null} if there are none
     */
    record Result(List<CatalogColumn> columns, List<UniqueIndex> otherUniqueKeys, String guardColumn) {
    }

    /**
     * What the check of the legacy table found: every problem, and what a store needs if there is none.
     *
     * @param problems every problem, empty if the table fits
     * @param result   what the store needs; its columns are {@code null} where missing
     */
    public record Checked(List<SchemaProblem> problems, Result result) {
        public Checked {
            problems = List.copyOf(problems);
        }
    }

    private SchemaCheck() {
    }

    /**
     * Checks that {@code table} names only the mapping's columns, with storages that fit their types.
     *
     * @throws IllegalArgumentException listing every problem
     */
    static void checkBinding(EntityMapping<?, ?> mapping, LegacyTable table) {
        List<SchemaProblem> problems = bindingProblems(mapping, table);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems.stream().map(SchemaProblem::message).toList()));
        }
    }

    /** Every problem of the binding itself (no database needed): unknown columns, storages that do not apply. */
    public static List<SchemaProblem> bindingProblems(EntityMapping<?, ?> mapping, LegacyTable table) {
        List<String> names = mapping.columns().stream().map(Column::name).toList();
        Set<String> unknown = new LinkedHashSet<>();
        table.renamedColumns().keySet().stream().filter(n -> !names.contains(n)).forEach(unknown::add);
        table.storages().keySet().stream().filter(n -> !names.contains(n)).forEach(unknown::add);
        table.zeroDatesAsNull().stream().filter(n -> !names.contains(n)).forEach(unknown::add);
        table.nulReplacements().keySet().stream().filter(n -> !names.contains(n)).forEach(unknown::add);
        table.conversions().keySet().stream().filter(n -> !names.contains(n)).forEach(unknown::add);
        List<SchemaProblem> problems = new ArrayList<>();
        String binding = "LegacyTable " + table.displayName();
        if (!unknown.isEmpty()) {
            problems.add(SchemaProblem.ofTable(Kind.BINDING, binding + " names " + (unknown.size() == 1 ? "column " : "columns ")
                    + unknown + " that the mapping of " + mapping.entityType().getSimpleName() + " (table " + mapping.table()
                    + ") does not have; its columns: " + names));
        }
        for (Column column : mapping.columns()) {
            LegacyStorage storage = table.storage(column.name());
            if (!storage.appliesTo(column.type())) {
                problems.add(new SchemaProblem(Kind.BINDING, table.legacyName(column.name()), binding + " stores column '"
                        + column.name() + "' (" + column.type() + ") as " + storage + ", which applies only to "
                        + storage.describeLogicalTypes() + " columns"));
            }
        }
        for (var converted : table.conversions().entrySet()) {
            int index = names.indexOf(converted.getKey());
            if (index < 0) {
                continue; // reported above
            }
            Column column = mapping.columns().get(index);
            Conversion conversion = converted.getValue();
            String legacyName = table.legacyName(column.name());
            if (!conversion.appliesTo(column.type())) {
                problems.add(new SchemaProblem(Kind.BINDING, legacyName, binding + " converts column '" + column.name()
                        + "' (" + column.type() + ") with " + conversion + ", which applies only to "
                        + conversion.kind().describeTypes() + " columns"));
            } else if (table.storage(column.name()) != LegacyStorage.NATIVE) {
                problems.add(new SchemaProblem(Kind.BINDING, legacyName, binding + " both stores column '"
                        + column.name() + "' as " + table.storage(column.name()) + " and converts it with " + conversion
                        + "; declare one of them"));
            }
        }
        for (String excluded : table.excludedColumns().keySet()) {
            if (mapping.columns().stream().anyMatch(c -> table.legacyName(c.name()).equals(excluded))) {
                problems.add(new SchemaProblem(Kind.BINDING, excluded, binding + " excludes column '" + excluded
                        + "', which the mapping of " + mapping.entityType().getSimpleName() + " reads; exclude only "
                        + "columns no mapping column reads"));
            }
        }
        for (String name : table.zeroDatesAsNull()) {
            int index = names.indexOf(name);
            if (index < 0) {
                continue; // reported above
            }
            Column column = mapping.columns().get(index);
            if (!column.nullable() || (column.type() != ColumnType.DATE && column.type() != ColumnType.TIMESTAMPTZ)) {
                problems.add(new SchemaProblem(Kind.BINDING, table.legacyName(name), binding + " reads zero dates of column '"
                        + name + "' (" + column.type() + (column.nullable() ? "" : ", NOT NULL") + ") as NULL, which "
                        + "applies only to nullable DATE and TIMESTAMPTZ columns"));
            }
        }
        for (String name : table.nulReplacements().keySet()) {
            int index = names.indexOf(name);
            if (index >= 0 && mapping.columns().get(index).type() != ColumnType.TEXT) {
                problems.add(new SchemaProblem(Kind.BINDING, table.legacyName(name), binding + " replaces NUL characters in "
                        + "column '" + name + "' (" + mapping.columns().get(index).type() + "), which applies only to TEXT "
                        + "columns"));
            }
        }
        Map<String, String> logicalByLegacy = new HashMap<>();
        for (Column column : mapping.columns()) {
            String legacy = table.legacyName(column.name());
            String other = logicalByLegacy.putIfAbsent(legacy, column.name());
            if (other != null) {
                problems.add(new SchemaProblem(Kind.BINDING, legacy, binding + " maps both '" + other + "' and '"
                        + column.name() + "' to legacy column '" + legacy + "'"));
            }
        }
        return List.copyOf(problems);
    }

    /**
     * Checks the legacy table: it exists, has every mapped column with a compatible type, and has unique
     * constraints for the conflict target and the key.
     *
     * @throws SchemaMismatchException listing every problem
     */
    static Result check(Connection connection, LegacyDialect dialect, EntityMapping<?, ?> mapping,
            LegacyTable table) throws SQLException {
        Checked checked = problems(connection, dialect, mapping, table);
        if (!checked.problems().isEmpty()) {
            throw new SchemaMismatchException("legacy table " + table.displayName() + " (for " + mapping.table() + ")",
                    checked.problems().stream().map(SchemaProblem::message).toList());
        }
        return checked.result();
    }

    /** Every problem of the legacy table against the mapping and its binding (the binding assumed valid). */
    public static Checked problems(Connection connection, LegacyDialect dialect, EntityMapping<?, ?> mapping,
            LegacyTable table) throws SQLException {
        String schema = table.schema().orElse(null);
        Optional<List<CatalogColumn>> found = dialect.columns(connection, schema, table.name());
        if (found.isEmpty()) {
            String where = schema != null ? schema : dialect.currentSchema(connection);
            return new Checked(List.of(SchemaProblem.ofTable(Kind.MISSING_TABLE, "table " + table.name()
                    + " does not exist in schema " + where + "; create it, or bind the mapping to the right table with "
                    + "LegacyTable.named(...)")), new Result(List.of(), List.of(), null));
        }
        Map<String, CatalogColumn> catalog = new LinkedHashMap<>();
        found.get().forEach(c -> catalog.put(c.name(), c));
        List<SchemaProblem> problems = new ArrayList<>();
        List<CatalogColumn> columns = new ArrayList<>();
        for (Column column : mapping.columns()) {
            String legacyName = table.legacyName(column.name());
            LegacyStorage storage = table.storage(column.name());
            Conversion conversion = table.conversion(column.name()).orElse(null);
            String described = "column " + LegacyColumn.describe(column, legacyName, storage, conversion);
            CatalogColumn legacy = catalog.get(legacyName);
            if (legacy == null) {
                String sameButCase = catalog.keySet().stream().filter(n -> n.equalsIgnoreCase(legacyName)).findFirst()
                        .map(n -> " (" + n + " differs only in case; names are exact)").orElse("");
                problems.add(new SchemaProblem(Kind.MISSING_COLUMN, legacyName, described + " does not exist" + sameButCase
                        + "; the table has columns " + catalog.keySet()));
                columns.add(null);
                continue;
            }
            if (conversion != null) {
                List<String> accepted = dialect.convertibleTypes(conversion.kind());
                if (conversion.appliesTo(column.type()) && !accepted.contains(legacy.type())) {
                    problems.add(new SchemaProblem(Kind.INCOMPATIBLE_TYPE, legacyName, described + " has type "
                            + legacy.type() + ", but " + conversion + " on " + dialect.name() + " converts only "
                            + (accepted.isEmpty() ? "no type" : String.join(", ", accepted)) + "; "
                            + TypeHints.remedy(dialect, legacy.type(), column.type(), column.name())));
                }
                columns.add(legacy);
                continue;
            }
            List<String> allowed = dialect.compatibleTypes(column.type(), storage);
            if (!allowed.contains(legacy.type())) {
                if (column.type().isJson() && storage == LegacyStorage.NATIVE
                        && dialect.compatibleTypes(column.type(), LegacyStorage.JSON_TEXT).contains(legacy.type())) {
                    problems.add(new SchemaProblem(Kind.UNDECLARED_JSON, legacyName, described + " has type "
                            + legacy.type() + ", which holds JSON as text: bind it with .stored(\"" + column.name()
                            + "\", LegacyStorage.JSON_TEXT)"));
                } else {
                    problems.add(new SchemaProblem(Kind.INCOMPATIBLE_TYPE, legacyName, described + " has type "
                            + legacy.type() + "; allowed as declared: " + String.join(", ", allowed) + "; "
                            + TypeHints.remedy(dialect, legacy.type(), column.type(), column.name())));
                }
            }
            columns.add(legacy);
        }
        problems.addAll(uncovered(mapping, table, catalog, dialect));
        List<UniqueIndex> indexes = dialect.uniqueIndexes(connection, schema, table.name());
        List<UniqueIndex> otherKeys = List.of();
        String guard = null;
        List<String> conflict = mapping.conflictTarget().stream().map(table::legacyName).toList();
        List<String> key = mapping.keyColumns().stream().map(c -> table.legacyName(c.name())).toList();
        boolean columnsExist = catalog.keySet().containsAll(conflict) && catalog.keySet().containsAll(key);
        if (columnsExist) {
            String existing = indexes.isEmpty() ? "none"
                    : indexes.stream().map(UniqueIndex::describe).collect(Collectors.joining(", "));
            String tableSql = dialect.table(schema, table.name());
            Set<String> conflictSet = Set.copyOf(conflict);
            boolean arbiter = indexes.stream()
                    .anyMatch(i -> i.unusable() == null && Set.copyOf(i.columns()).equals(conflictSet));
            if (!arbiter) {
                String renamed = conflict.equals(mapping.conflictTarget()) ? ""
                        : " (mapping columns " + String.join(", ", mapping.conflictTarget()) + ")";
                problems.add(SchemaProblem.ofTable(Kind.CONFLICT_TARGET, "upsert conflict target ("
                        + String.join(", ", conflict) + ")" + renamed
                        + " matches no PRIMARY KEY, UNIQUE constraint or unique index on exactly these columns that "
                        + dialect.name() + " can use for an upsert; existing: " + existing + "; add one: ALTER TABLE "
                        + tableSql + " ADD UNIQUE (" + conflict.stream().map(dialect::quote).collect(Collectors.joining(", "))
                        + ")"));
            }
            Set<String> keySet = Set.copyOf(key);
            boolean keyUnique = indexes.stream().anyMatch(i -> (i.unusable() == null || i.unusable().equals("deferrable"))
                    && !i.columns().isEmpty() && keySet.containsAll(i.columns()));
            if (!keyUnique && !keySet.equals(conflictSet)) {
                problems.add(SchemaProblem.ofTable(Kind.KEY_NOT_UNIQUE, "key (" + String.join(", ", key)
                        + ") is not unique: no PRIMARY KEY, UNIQUE constraint or non-partial unique index covers it, so "
                        + "keyset scans could skip or repeat rows; existing: " + existing + "; add one: ALTER TABLE "
                        + tableSql + " ADD UNIQUE (" + key.stream().map(dialect::quote).collect(Collectors.joining(", "))
                        + ")"));
            }
            if (arbiter && dialect.upsertMatchesAnyUniqueKey()) {
                otherKeys = indexes.stream().filter(i -> !Set.copyOf(i.columns()).equals(conflictSet)).toList();
                if (!otherKeys.isEmpty()) {
                    guard = guardColumn(mapping, table, columns, conflictSet);
                    String others = otherKeys.stream().map(UniqueIndex::describe).collect(Collectors.joining(", "));
                    if (guard == null) {
                        problems.add(SchemaProblem.ofTable(Kind.CONFLICT_TARGET, "upserts cannot be confined to the "
                                + "conflict target (" + String.join(", ", conflict) + "): " + dialect.name()
                                + "'s INSERT ... ON DUPLICATE KEY UPDATE also matches " + others + ", and no mapped "
                                + "column is NOT NULL to guard against updating a row found through them; make a "
                                + "mapped column NOT NULL or drop the other unique keys"));
                    } else {
                        // The key's own unique index is expected; any further unique key may surprise the application.
                        boolean beyondKey = otherKeys.stream().anyMatch(i -> !Set.copyOf(i.columns()).equals(keySet));
                        String message = "Legacy table {} has unique keys other than the upsert conflict target ({}): "
                                + "{}. {}'s INSERT ... ON DUPLICATE KEY UPDATE matches any of them, so upserts into it "
                                + "are guarded through NOT NULL column {}: a row matching an existing row on another "
                                + "unique key fails (as with PostgreSQL's ON CONFLICT) instead of overwriting that row";
                        Object[] arguments = {table.displayName(), String.join(", ", conflict), others, dialect.name(),
                                guard};
                        if (beyondKey) {
                            LOG.warn(message, arguments);
                        } else {
                            LOG.info(message, arguments);
                        }
                    }
                }
            }
        }
        for (String problem : dialect.sessionProblems(connection,
                columns.stream().filter(Objects::nonNull).map(CatalogColumn::type).toList())) {
            problems.add(SchemaProblem.ofTable(Kind.SESSION, problem));
        }
        return new Checked(problems, new Result(Collections.unmodifiableList(columns), otherKeys, guard));
    }

    /**
     * No column left behind: every legacy column is read by a mapping column or excluded by name with a reason, and
     * every excluded column exists.
     */
    private static List<SchemaProblem> uncovered(EntityMapping<?, ?> mapping, LegacyTable table,
            Map<String, CatalogColumn> catalog, LegacyDialect dialect) {
        Set<String> read = mapping.columns().stream().map(c -> table.legacyName(c.name())).collect(Collectors.toSet());
        List<SchemaProblem> problems = new ArrayList<>();
        for (CatalogColumn column : catalog.values()) {
            if (read.contains(column.name()) || table.excludedColumns().containsKey(column.name())
                    || read.stream().anyMatch(n -> n.equalsIgnoreCase(column.name()) && !catalog.containsKey(n))) {
                continue; // a mapped column missing by case only is reported as missing
            }
            List<ColumnType> types = TypeHints.types(dialect, column.type());
            String mapAs = types.isEmpty() ? "no mapping type can hold a " + column.type() + " column"
                    : "as " + String.join(", ", types.stream().map(Enum::name).toList())
                            + "; docs/conversions.md says how";
            problems.add(new SchemaProblem(Kind.UNMAPPED_COLUMN, column.name(), "column " + column.name() + " ("
                    + column.type() + (column.nullable() ? "" : ", NOT NULL") + ") is read by no mapping column of "
                    + mapping.entityType().getSimpleName() + ", so its values would be left behind: map it ("
                    + mapAs + "), or leave it out on purpose with .exclude(\"" + column.name() + "\", \"<reason>\")"));
        }
        for (String excluded : table.excludedColumns().keySet()) {
            if (!catalog.containsKey(excluded)) {
                problems.add(new SchemaProblem(Kind.MISSING_COLUMN, excluded, "excluded column " + excluded
                        + " does not exist; the table has columns " + catalog.keySet()));
            }
        }
        return problems;
    }

    /**
     * A NOT NULL legacy column to guard an upsert with: outside the conflict target if possible (it is then
     * assigned from the new row when the guard passes), else a conflict column (assigned its own value).
     */
    private static String guardColumn(EntityMapping<?, ?> mapping, LegacyTable table, List<CatalogColumn> columns,
            Set<String> conflictSet) {
        String fallback = null;
        for (int i = 0; i < columns.size(); i++) {
            CatalogColumn column = columns.get(i);
            if (column == null || column.nullable()) {
                continue;
            }
            String legacyName = table.legacyName(mapping.columns().get(i).name());
            if (!conflictSet.contains(legacyName)) {
                return legacyName;
            }
            if (fallback == null) {
                fallback = legacyName;
            }
        }
        return fallback;
    }
}
