package dev.cutover.schemacheck.internal;

import dev.cutover.Backend;
import dev.cutover.DataAccessException;
import dev.cutover.schema.SchemaMismatchException;
import dev.cutover.schema.SchemaProblem;
import dev.cutover.schema.SchemaProblem.Kind;
import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyDialect;
import dev.cutover.legacy.LegacyDialect.CatalogColumn;
import dev.cutover.legacy.LegacySchemaCheck;
import dev.cutover.legacy.LegacyTable;
import dev.cutover.mapping.Column;
import dev.cutover.mapping.ColumnType;
import dev.cutover.mapping.EntityMapping;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.postgres.PostgresSchemaCheck;
import dev.cutover.schemacheck.SchemaCheck;
import dev.cutover.schemacheck.SchemaFinding;
import dev.cutover.schemacheck.SchemaReport;
import dev.cutover.tx.TransactionalConnections;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@link SchemaCheck} of {@link SchemaCheck#of}. Immutable and thread-safe. */
public final class DefaultSchemaCheck implements SchemaCheck {
    private final LegacyAdapter legacy;
    private final PostgresAdapter postgres;
    private final List<Entity> entities;

    private record Entity(EntityMapping<?, ?> mapping, LegacyTable table) {
    }

    private DefaultSchemaCheck(LegacyAdapter legacy, PostgresAdapter postgres, List<Entity> entities) {
        this.legacy = legacy;
        this.postgres = postgres;
        this.entities = List.copyOf(entities);
    }

    public static SchemaCheck of(LegacyAdapter legacy, PostgresAdapter postgres) {
        return new DefaultSchemaCheck(legacy, postgres, List.of());
    }

    @Override
    public SchemaCheck entity(EntityMapping<?, ?> mapping, LegacyTable legacyTable) {
        if (mapping == null || legacyTable == null) {
            throw new NullPointerException("entity(mapping, legacyTable) needs both, got " + mapping + " and " + legacyTable);
        }
        List<Entity> more = new ArrayList<>(entities);
        more.add(new Entity(mapping, legacyTable));
        return new DefaultSchemaCheck(legacy, postgres, more);
    }

    @Override
    public SchemaReport report() {
        List<SchemaFinding> findings = new ArrayList<>();
        for (Entity entity : entities) {
            findings.addAll(check(entity));
        }
        return new SchemaReport(entities.stream().map(e -> e.mapping().table()).toList(), findings);
    }

    @Override
    public void enforce() {
        SchemaReport report = report();
        if (!report.fits()) {
            throw new SchemaMismatchException("legacy and postgres tables of " + String.join(", ", report.entities()),
                    report.problems().stream().map(SchemaFinding::toString).toList());
        }
    }

    private List<SchemaFinding> check(Entity entity) {
        EntityMapping<?, ?> mapping = entity.mapping();
        LegacyTable table = entity.table();
        String entityName = mapping.table();
        String legacyName = table.displayName();
        String postgresName = postgres.schema() + "." + mapping.table();
        List<SchemaFinding> onLegacySide = new ArrayList<>();
        List<SchemaFinding> onPostgresSide = new ArrayList<>();
        for (SchemaProblem problem : LegacySchemaCheck.problems(legacy, mapping, table)) {
            onLegacySide.add(new SchemaFinding(entityName, Backend.LEGACY, legacyName, problem.kind(), problem.column(),
                    problem.message()));
        }
        List<SchemaProblem> postgresProblems = new ArrayList<>(PostgresSchemaCheck.problems(postgres, mapping));
        postgresProblems.addAll(PostgresSchemaCheck.unfilledColumns(postgres, mapping));
        for (SchemaProblem problem : postgresProblems) {
            onPostgresSide.add(new SchemaFinding(entityName, Backend.POSTGRES, postgresName, problem.kind(),
                    problem.column(), problem.message()));
        }
        Map<String, CatalogColumn> legacyColumns = catalog(legacy.connections(), legacy.dialect(),
                table.schema().orElse(null), table.name(), Backend.LEGACY, legacyName);
        Map<String, CatalogColumn> postgresColumns = catalog(postgres.connections(), LegacyDialect.postgresql(),
                postgres.schema(), mapping.table(), Backend.POSTGRES, postgresName);
        for (Column column : mapping.columns()) {
            String legacyColumnName = table.legacyName(column.name());
            CatalogColumn onLegacy = legacyColumns.get(legacyColumnName);
            CatalogColumn onPostgres = postgresColumns.get(column.name());
            if (onLegacy == null || !onLegacy.nullable()) {
                continue;
            }
            String described = legacyColumnName.equals(column.name()) ? "column " + column.name()
                    : "column " + legacyColumnName + " (mapping column " + column.name() + ")";
            if (!column.nullable()) {
                onLegacySide.add(new SchemaFinding(entityName, Backend.LEGACY, legacyName, Kind.NULLABILITY, legacyColumnName,
                        described + " is nullable, but the mapping says NOT NULL: a NULL there fails the reads and the "
                                + "copy of its row; add NOT NULL to it, or map it with nullableColumn(...)"
                                + (onPostgres != null && !onPostgres.nullable() ? " and drop NOT NULL from postgres column "
                                        + column.name() : "")));
            } else if (onPostgres != null && !onPostgres.nullable()) {
                onPostgresSide.add(new SchemaFinding(entityName, Backend.POSTGRES, postgresName, Kind.NULLABILITY, column.name(),
                        "column " + column.name() + " is NOT NULL, but legacy " + described
                                + " and the mapping allow NULL: a legacy NULL cannot be copied; drop NOT NULL, or add "
                                + "NOT NULL on both the legacy column and the mapping"));
            }
        }
        for (Column column : mapping.columns()) {
            if (column.type() == ColumnType.NUMERIC && table.conversion(column.name()).isEmpty()) {
                Scales.rounding(legacy, postgres, table, mapping, column).ifPresent(message -> onLegacySide.add(
                        new SchemaFinding(entityName, Backend.LEGACY, legacyName, Kind.INCOMPATIBLE_TYPE,
                                table.legacyName(column.name()), message)));
            }
            if (column.type() == ColumnType.ENUM) {
                missingLabels(table, mapping, column).ifPresent(message -> onPostgresSide.add(new SchemaFinding(entityName,
                        Backend.POSTGRES, postgresName, Kind.INCOMPATIBLE_TYPE, column.name(), message)));
            }
        }
        List<SchemaFinding> findings = new ArrayList<>(onLegacySide);
        findings.addAll(onPostgresSide);
        return findings;
    }

    /**
     * For an ENUM column whose legacy column is an enum too: the legacy labels the target's enum type lacks (a row
     * holding one would be refused, 22P02, and quarantined), as a problem naming them and the statement that adds them.
     */
    private Optional<String> missingLabels(LegacyTable table, EntityMapping<?, ?> mapping, Column column) {
        String legacyColumn = table.legacyName(column.name());
        try {
            EnumLabels.Labels target = withConnection(postgres.connections(), c -> EnumLabels.postgres(c,
                    LegacyDialect.postgresql().quote(postgres.schema()) + "." + LegacyDialect.postgresql()
                            .quote(mapping.table()), column.name()));
            EnumLabels.Labels source = withConnection(legacy.connections(), c ->
                    legacy.dialect() == LegacyDialect.mariadb()
                            ? EnumLabels.mariadb(c, table.schema().orElse(null), table.name(), legacyColumn)
                            : EnumLabels.postgres(c, (table.schema().map(s -> legacy.dialect().quote(s) + ".").orElse(""))
                                    + legacy.dialect().quote(table.name()), legacyColumn));
            if (target == null || source == null) {
                return Optional.empty(); // not an enum on one side: the type checks of each side say so
            }
            List<String> lacking = source.labels().stream().filter(l -> !target.labels().contains(l)).toList();
            if (lacking.isEmpty()) {
                return Optional.empty();
            }
            // Only labels some legacy row holds matter; a query per lacking label, which is rare.
            String from = table.schema().map(s -> legacy.dialect().quote(s) + ".").orElse("")
                    + legacy.dialect().quote(table.name());
            String held = "SELECT 1 FROM " + from + " WHERE CAST(" + legacy.dialect().quote(legacyColumn) + " AS "
                    + (legacy.dialect() == LegacyDialect.mariadb() ? "CHAR" : "text") + ") = ? LIMIT 1";
            List<String> missing = new ArrayList<>();
            for (String label : lacking) {
                if (withConnection(legacy.connections(), c -> EnumLabels.held(c, held, label))) {
                    missing.add(label);
                }
            }
            if (missing.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of("column " + column.name() + " is enum type " + target.type() + " (" + String.join(", ",
                    target.labels()) + "), which lacks the label" + (missing.size() == 1 ? " " : "s ")
                    + String.join(", ", missing) + " that legacy " + table.displayName() + "." + legacyColumn + " holds: "
                    + "each row holding one is refused (22P02) and quarantined; add " + (missing.size() == 1 ? "it" : "them") + " with "
                    + String.join("; ", missing.stream().map(l -> "ALTER TYPE " + target.type() + " ADD VALUE '"
                            + l.replace("'", "''") + "'").toList()));
        } catch (SQLException e) {
            throw new DataAccessException(Backend.POSTGRES, "Schema check of the enum labels of " + mapping.table() + "."
                    + column.name() + " failed: " + e.getMessage(), e);
        }
    }

    private interface ConnectionWork<T> {
        T apply(Connection connection) throws SQLException;
    }

    private static <T> T withConnection(TransactionalConnections connections, ConnectionWork<T> work)
            throws SQLException {
        Connection connection = connections.acquire();
        try {
            return work.apply(connection);
        } finally {
            connections.release(connection);
        }
    }

    /** A table's columns by name, empty if it does not exist (its absence is already a problem). */
    private static Map<String, CatalogColumn> catalog(TransactionalConnections connections, LegacyDialect dialect,
            String schema, String table, Backend side, String name) {
        try {
            Connection connection = connections.acquire();
            try {
                Optional<List<CatalogColumn>> columns = dialect.columns(connection, schema, table);
                Map<String, CatalogColumn> byName = new HashMap<>();
                columns.orElse(List.of()).forEach(c -> byName.put(c.name(), c));
                return byName;
            } finally {
                connections.release(connection);
            }
        } catch (SQLException e) {
            throw new DataAccessException(side, "Schema check of " + side + " table " + name + " failed: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "SchemaCheck[" + entities.stream().map(e -> e.mapping().table()).toList() + "]";
    }
}
