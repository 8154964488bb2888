package dev.cutover.schemacheck;

import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyTable;
import dev.cutover.mapping.EntityMapping;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.schemacheck.internal.DefaultSchemaCheck;
import java.util.Objects;

/**
 * Checks the legacy schema, the PostgreSQL schema and the entity mappings against each other, listing every
 * problem of every table in one report: missing tables and columns, incompatible types, nullability, unique
 * constraints behind each upsert's conflict target, JSON columns not declared as JSON. Each side's part is the
 * very check its adapter runs when it creates a store ({@link dev.cutover.legacy.LegacySchemaCheck},
 * {@link dev.cutover.postgres.PostgresSchemaCheck}); on top of them come the checks of one side against the
 * other (a legacy column that may hold NULL where PostgreSQL or the mapping cannot).
 *
 * <pre>{@code
 * SchemaCheck schema = SchemaCheck.of(legacyAdapter, postgresAdapter)
 *         .entity(CLIENTS, LegacyTables.CLIENTS)
 *         .entity(BOOKINGS, LegacyTables.BOOKINGS);
 * schema.enforce();                        // at startup: throws listing every problem
 * SchemaReport report = schema.report();   // on demand: report.toText(), report.toJson(), report.exitCode()
 * }</pre>
 *
 * <p>Immutable and thread-safe: {@link #entity} returns a new check.
 */
public interface SchemaCheck {

    /** A check of no entity yet, on these two databases. */
    static SchemaCheck of(LegacyAdapter legacy, PostgresAdapter postgres) {
        Objects.requireNonNull(legacy, "legacy");
        Objects.requireNonNull(postgres, "postgres");
        return DefaultSchemaCheck.of(legacy, postgres);
    }

    /** This check, plus a mapping whose legacy table is bound by {@code legacyTable}. */
    SchemaCheck entity(EntityMapping<?, ?> mapping, LegacyTable legacyTable);

    /** This check, plus a mapping whose legacy table has the mapping's own names and native storage. */
    default SchemaCheck entity(EntityMapping<?, ?> mapping) {
        return entity(mapping, LegacyTable.named(mapping.table()));
    }

    /**
     * Checks every table now and reports every problem; throws only if a catalog cannot be read.
     *
     * @throws dev.cutover.DataAccessException if a database cannot be reached
     */
    SchemaReport report();

    /**
     * For startup: checks every table and fails if anything does not fit.
     *
     * @throws dev.cutover.schema.SchemaMismatchException listing every problem of every table, each line
     *     naming its table
     */
    void enforce();
}
