package dev.cutover.scaffold.internal;

import dev.cutover.legacy.LegacyDialect;
import dev.cutover.legacy.LegacyDialect.CatalogColumn;
import dev.cutover.mapping.ColumnType;
import dev.cutover.scaffold.ScaffoldException;
import dev.cutover.scaffold.internal.Declarations.Declaration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What scaffold generates for one pair of tables, decided column by column: each target column with the legacy column
 * that holds it (same name, else the only one whose letters and digits match ignoring case, so {@code displayName}
 * feeds {@code display_name}), its mapping type and the legacy binding's declaration; then the legacy columns no
 * target column takes. Every decision it cannot take is kept as a choice for the generated code to show. Immutable.
 *
 * @param legacyEngine the legacy dialect's name, for headers
 * @param legacySchema the legacy schema to name in the binding, or {@code null} for the connection's default
 * @param columns the target's columns the mapping holds, in table order
 * @param targetOnly target columns no legacy column can feed while every legacy column is taken: left out of the
 *     mapping, to their default or, excluded with a reason to choose, NULL
 * @param keyChoice why no key could be chosen, or {@code null} if the target has a primary key
 */
record TablePlan(String legacyEngine, String legacySchema, CatalogTable legacy, CatalogTable target,
        List<Planned> columns, List<LegacyOnly> legacyOnly, List<TargetOnly> targetOnly, String keyChoice) {

    /**
     * A target column.
     *
     * @param legacyName the legacy column's name, or {@code null} if no single one could be chosen
     * @param type the mapping type, or {@code null} if none holds the target's type
     * @param choices what to choose, in the order shown: {@code COLUMN}, {@code TYPE}, {@code CONVERSION}
     */
    record Planned(String name, String targetType, String legacyName, String legacyType, ColumnType type,
            boolean nullable, boolean key, boolean identity, Declaration declaration, Map<String, String> choices,
            List<String> notes) {
    }

    /** A legacy column no target column takes: excluded, for the reason given or, if {@code null}, one to choose. */
    record LegacyOnly(String name, String type, String reason) {
    }

    /** A target column nothing feeds: left to its default, or excluded from the mapping with a reason to choose. */
    record TargetOnly(String name, String type, boolean hasDefault) {
    }

    TablePlan {
        columns = List.copyOf(columns);
        legacyOnly = List.copyOf(legacyOnly);
        targetOnly = List.copyOf(targetOnly);
    }

    List<Planned> keyColumns() {
        List<Planned> keys = new ArrayList<>();
        for (String name : target.primaryKey()) {
            columns.stream().filter(c -> c.name().equals(name)).forEach(keys::add);
        }
        return keys;
    }

    /**
     * @param renames legacy column to target column, as the user decided
     * @param excludes legacy column to the reason it stays behind, as the user decided
     */
    static TablePlan plan(LegacyDialect dialect, String legacySchema, CatalogTable legacy, CatalogTable target,
            ZoneId zone, Map<String, String> renames, Map<String, String> excludes) {
        Map<String, String> byTarget = decided(legacy, target, renames, excludes);
        Map<String, List<CatalogColumn>> legacyByKey = new HashMap<>();
        for (CatalogColumn column : legacy.columns()) {
            legacyByKey.computeIfAbsent(Names.matchKey(column.name()), k -> new ArrayList<>()).add(column);
        }
        Map<String, List<String>> claims = new LinkedHashMap<>(); // legacy column -> target columns matching it
        Map<String, List<CatalogColumn>> candidates = new LinkedHashMap<>();
        for (CatalogColumn column : target.columns()) {
            List<CatalogColumn> found;
            if (byTarget.containsKey(column.name())) {
                found = List.of(legacy.column(byTarget.get(column.name())).orElseThrow());
            } else {
                Optional<CatalogColumn> same = legacy.column(column.name()).filter(c -> free(c, renames, excludes));
                found = same.map(List::of).orElse(legacyByKey.getOrDefault(Names.matchKey(column.name()), List.of())
                        .stream().filter(c -> free(c, renames, excludes)).toList());
            }
            candidates.put(column.name(), found);
            if (found.size() == 1) {
                claims.computeIfAbsent(found.get(0).name(), k -> new ArrayList<>()).add(column.name());
            }
        }
        List<Planned> planned = new ArrayList<>();
        for (CatalogColumn column : target.columns()) {
            planned.add(planColumn(dialect, legacy, target, column, candidates.get(column.name()), claims, zone));
        }
        List<LegacyOnly> legacyOnly = new ArrayList<>();
        for (CatalogColumn column : legacy.columns()) {
            if (!claims.containsKey(column.name()) && planned.stream().noneMatch(p -> column.name().equals(p.legacyName()))
                    && candidates.values().stream().noneMatch(c -> c.size() > 1 && c.contains(column))) {
                legacyOnly.add(new LegacyOnly(column.name(), column.type(), excludes.get(column.name())));
            }
        }
        List<TargetOnly> targetOnly = new ArrayList<>();
        List<String> untakenNames = legacyOnly.stream().filter(c -> c.reason() == null).map(LegacyOnly::name).toList();
        if (untakenNames.isEmpty()) {
            // every legacy column is taken: a nullable or defaulted target column nothing feeds stays out of the mapping
            for (Planned p : List.copyOf(planned)) {
                boolean unfed = p.legacyName() == null && p.choices().getOrDefault("COLUMN", "").startsWith("no legacy");
                boolean hasDefault = target.selfFilled().contains(p.name());
                if (unfed && !p.key() && (p.nullable() || hasDefault)) {
                    planned.remove(p);
                    targetOnly.add(new TargetOnly(p.name(), p.targetType(), hasDefault));
                }
            }
        } else {
            String untaken = "; legacy columns no postgres column takes: " + String.join(", ", untakenNames);
            planned.stream().filter(p -> p.legacyName() == null && p.choices().containsKey("COLUMN")
                    && p.choices().get("COLUMN").startsWith("no legacy column"))
                    .forEach(p -> p.choices().merge("COLUMN", untaken, String::concat));
        }
        List<Planned> keys = planned.stream().filter(Planned::key).toList();
        Set<String> legacyKey = keys.stream().map(Planned::legacyName).filter(Objects::nonNull).collect(Collectors.toSet());
        if (!keys.isEmpty() && legacyKey.size() == keys.size() && !legacy.uniqueKeys().contains(legacyKey)) {
            keys.get(0).notes().add("legacy " + legacy.name() + " has no primary key or unique index on ("
                    + String.join(", ", keys.stream().map(Planned::legacyName).toList()) + "): reads by key, keyset "
                    + "scans and upserts on the legacy side want one");
        }
        String keyChoice = target.primaryKey().isEmpty() ? "postgres table " + target.qualifiedName() + " has no primary "
                + "key, and a mapping needs key columns (unique, NOT NULL) to copy, verify and upsert by: add a primary key "
                + "to the target table and scaffold again, or name the key columns with .key(...) and the key's type here"
                : null;
        return new TablePlan(dialect.name(), legacySchema, legacy, target, planned, legacyOnly, targetOnly, keyChoice);
    }

    /** A legacy column no decision names, free to be matched by name. */
    private static boolean free(CatalogColumn column, Map<String, String> renames, Map<String, String> excludes) {
        return !renames.containsKey(column.name()) && !excludes.containsKey(column.name());
    }

    /** The user's renames by target column, each checked against both catalogs. */
    private static Map<String, String> decided(CatalogTable legacy, CatalogTable target, Map<String, String> renames,
            Map<String, String> excludes) {
        Map<String, String> byTarget = new HashMap<>();
        for (String column : concat(renames.keySet(), excludes.keySet())) {
            if (legacy.column(column).isEmpty()) {
                throw new ScaffoldException("Legacy table " + legacy.qualifiedName() + " has no column '" + column
                        + "' (a decision names it); its columns: " + names(legacy));
            }
        }
        for (Map.Entry<String, String> rename : renames.entrySet()) {
            if (target.column(rename.getValue()).isEmpty()) {
                throw new ScaffoldException("Postgres table " + target.qualifiedName() + " has no column '"
                        + rename.getValue() + "' (legacy " + rename.getKey() + " is decided to feed it); its columns: "
                        + names(target));
            }
            String other = byTarget.put(rename.getValue(), rename.getKey());
            if (other != null) {
                throw new ScaffoldException("Legacy columns " + other + " and " + rename.getKey() + " of " + legacy.name()
                        + " are both decided to feed postgres column " + rename.getValue() + "; one column feeds it");
            }
        }
        return byTarget;
    }

    private static List<String> concat(Set<String> a, Set<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String names(CatalogTable table) {
        return String.join(", ", table.columns().stream().map(CatalogColumn::name).toList());
    }

    private static Planned planColumn(LegacyDialect dialect, CatalogTable legacy, CatalogTable target,
            CatalogColumn column, List<CatalogColumn> found, Map<String, List<String>> claims, ZoneId zone) {
        Map<String, String> choices = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        String name = column.name();
        boolean key = target.primaryKey().contains(name);
        Optional<ColumnType> type = Declarations.mappingType(column.type());
        if (type.isEmpty()) {
            choices.put("TYPE", "postgres column " + name + " is " + column.type() + ", which no ColumnType holds yet: "
                    + "change the target column's type to one a ColumnType holds and scaffold again, or remove " + name
                    + " from the record, the mapping and the binding (it must then have a default or be nullable)");
        }
        CatalogColumn legacyColumn = null;
        if (found.size() > 1) {
            choices.put("COLUMN", "legacy columns " + String.join(" and ", found.stream().map(CatalogColumn::name).toList())
                    + " of " + legacy.name() + " both match postgres column " + name + ": name the one that holds it (and "
                    + "exclude the other with a reason)");
        } else if (found.isEmpty()) {
            choices.put("COLUMN", "no legacy column of " + legacy.name() + " matches postgres column " + name + ": name "
                    + "the legacy column that holds it" + (key ? " (a key column cannot be left out)"
                            : target.selfFilled().contains(name) ? ", or leave it out of the record, the mapping and this "
                                    + "binding (it has a default)"
                            : column.nullable() ? ", or leave it out of the record, the mapping and this binding and "
                                    + "declare .exclude(" + Names.literal(name) + ", reason) on the mapping"
                            : " (NOT NULL without a default, it cannot be left out)"));
        } else if (claims.get(found.get(0).name()).size() > 1) {
            choices.put("COLUMN", "postgres columns " + String.join(" and ", claims.get(found.get(0).name())) + " both "
                    + "match legacy column " + found.get(0).name() + ": name the legacy column each reads");
        } else {
            legacyColumn = found.get(0);
        }
        Declaration declaration = Declaration.NONE;
        if (legacyColumn != null && type.isPresent()) {
            declaration = Declarations.declaration(dialect, legacy.name() + "." + legacyColumn.name(), legacyColumn.type(),
                    legacy.scales().get(legacyColumn.name()), type.get(), target.scales().get(name), zone);
            if (declaration.choice() != null) {
                choices.put("CONVERSION", declaration.choice());
            }
        }
        boolean nullable = column.nullable() && !key;
        if (legacyColumn != null && legacyColumn.nullable() && !nullable) {
            notes.add("legacy " + legacyColumn.name() + " is nullable but postgres " + name + " is NOT NULL: a legacy NULL "
                    + "fails its row (the schema check lists it)");
        }
        boolean identity = target.identities().contains(name);
        if (identity) {
            notes.add("identity on postgres: after a backfill with explicit ids, move its sequence (cutover sequences "
                    + "reset)");
        }
        return new Planned(name, column.type(), legacyColumn == null ? null : legacyColumn.name(),
                legacyColumn == null ? null : legacyColumn.type(), type.orElse(null), nullable, key, identity,
                declaration, choices, notes);
    }
}
