package dev.cutover.legacy.internal;

import dev.cutover.backend.SchemaMismatchException;
import dev.cutover.backend.SchemaProblem;
import dev.cutover.backend.SchemaProblem.Kind;
import dev.cutover.legacy.LegacyDialect;
import dev.cutover.legacy.LegacyDialect.CatalogColumn;
import dev.cutover.legacy.LegacyDialect.UniqueIndex;
import dev.cutover.legacy.LegacyStorage;
import dev.cutover.legacy.LegacyTable;
import dev.cutover.mapping.Column;
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
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The checks run when a store is created: the binding against the mapping (no database needed), then the
 * legacy table against both. Every problem is collected before anything is thrown, so one start-up shows
 * all that needs fixing. The same {@link #bindingProblems} and {@link #problems} make a store's creation fail
 * and fill the on-demand schema report.
 */
public final class SchemaCheck {

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
     * @return the catalog type of each mapping column, in mapping order
     * @throws SchemaMismatchException listing every problem
     */
    static List<String> check(Connection connection, LegacyDialect dialect, EntityMapping<?, ?> mapping,
            LegacyTable table) throws SQLException {
        Checked checked = problems(connection, dialect, mapping, table);
        if (!checked.problems().isEmpty()) {
            throw new SchemaMismatchException("legacy table " + table.displayName() + " (for " + mapping.table() + ")",
                    checked.problems().stream().map(SchemaProblem::message).toList());
        }
        return checked.types();
    }

    /**
     * What the check of the legacy table found.
     *
     * @param problems every problem, empty if the table fits
     * @param types    the catalog type of each mapping column, in mapping order ({@code null} where missing)
     * @param catalog  the table's columns as the catalog lists them, empty if there is no such table
     */
    public record Checked(List<SchemaProblem> problems, List<String> types, List<CatalogColumn> catalog) {
        public Checked {
            problems = List.copyOf(problems);
            types = Collections.unmodifiableList(new ArrayList<>(types));
            catalog = List.copyOf(catalog);
        }
    }

    /** Every problem of the legacy table against the mapping and its binding (the binding assumed valid). */
    public static Checked problems(Connection connection, LegacyDialect dialect, EntityMapping<?, ?> mapping,
            LegacyTable table) throws SQLException {
        String schema = table.schema().orElse(null);
        Optional<List<CatalogColumn>> found = dialect.columns(connection, schema, table.name());
        if (found.isEmpty()) {
            String where = schema != null ? schema : dialect.currentSchema(connection);
            List<String> types = new ArrayList<>();
            mapping.columns().forEach(c -> types.add(null));
            return new Checked(List.of(SchemaProblem.ofTable(Kind.MISSING_TABLE, "table " + table.name()
                    + " does not exist in schema " + where + "; create it, or bind the mapping to the right table with "
                    + "LegacyTable.named(...)")), types, List.of());
        }
        Map<String, CatalogColumn> catalog = new LinkedHashMap<>();
        found.get().forEach(c -> catalog.put(c.name(), c));
        List<SchemaProblem> problems = new ArrayList<>();
        List<String> types = new ArrayList<>();
        for (Column column : mapping.columns()) {
            String legacyName = table.legacyName(column.name());
            LegacyStorage storage = table.storage(column.name());
            String described = "column " + LegacyColumn.describe(column, legacyName, storage);
            CatalogColumn legacy = catalog.get(legacyName);
            if (legacy == null) {
                String sameButCase = catalog.keySet().stream().filter(n -> n.equalsIgnoreCase(legacyName)).findFirst()
                        .map(n -> " (" + n + " differs only in case; names are exact)").orElse("");
                problems.add(new SchemaProblem(Kind.MISSING_COLUMN, legacyName, described + " does not exist" + sameButCase
                        + "; the table has columns " + catalog.keySet()));
                types.add(null);
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
                            + legacy.type() + "; allowed: " + String.join(", ", allowed)));
                }
            }
            types.add(legacy.type());
        }
        List<UniqueIndex> indexes = dialect.uniqueIndexes(connection, schema, table.name());
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
        }
        return new Checked(problems, types, found.get());
    }
}
