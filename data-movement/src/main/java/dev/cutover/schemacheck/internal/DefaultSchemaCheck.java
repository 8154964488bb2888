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
        List<SchemaFinding> findings = new ArrayList<>(onLegacySide);
        findings.addAll(onPostgresSide);
        return findings;
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
