package dev.cutover.postgres;

import dev.cutover.DataAccessException;
import dev.cutover.schema.SchemaProblem;
import dev.cutover.mapping.EntityMapping;
import dev.cutover.postgres.internal.SchemaCheck;
import java.util.List;
import java.util.Objects;

/**
 * The schema check that {@link PostgresAdapter#store} runs before creating a store, on demand: the problems
 * it would list in its {@link dev.cutover.schema.SchemaMismatchException}, without throwing and without
 * creating a store. Thread-safe (stateless).
 */
public final class PostgresSchemaCheck {

    private PostgresSchemaCheck() {
    }

    /**
     * Every problem of the table of {@code mapping} in the adapter's schema: missing table or columns, types,
     * nullability, unwritable or unmapped required columns, JSON columns not declared as JSON, and the
     * UNIQUE constraint behind the conflict target. Empty if the table fits.
     *
     * @throws DataAccessException if the catalog cannot be read
     */
    public static List<SchemaProblem> problems(PostgresAdapter adapter, EntityMapping<?, ?> mapping) {
        Objects.requireNonNull(adapter, "adapter");
        Objects.requireNonNull(mapping, "mapping");
        try {
            return SchemaCheck.problems(adapter.dsl(), adapter.schema(), mapping);
        } catch (org.jooq.exception.DataAccessException e) {
            throw new DataAccessException(adapter.backend(), "Schema check of " + adapter.schema() + "." + mapping.table()
                    + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * What a copy into the table of {@code mapping} would leave behind: each column no mapping column fills that is
     * nullable and has no default (so every copied row would hold NULL there), unless
     * {@link EntityMapping.Builder#exclude excluded} with a reason, as {@code UNMAPPED_COLUMN} problems; and exclusions
     * that name no such column. Not part of {@link #problems}: a store may leave such columns alone, a migration may
     * not. Empty if nothing is left behind.
     *
     * @throws DataAccessException if the catalog cannot be read
     */
    public static List<SchemaProblem> unfilledColumns(PostgresAdapter adapter, EntityMapping<?, ?> mapping) {
        Objects.requireNonNull(adapter, "adapter");
        Objects.requireNonNull(mapping, "mapping");
        try {
            return SchemaCheck.unfilled(adapter.dsl(), adapter.schema(), mapping);
        } catch (org.jooq.exception.DataAccessException e) {
            throw new DataAccessException(adapter.backend(), "Schema check of " + adapter.schema() + "." + mapping.table()
                    + " failed: " + e.getMessage(), e);
        }
    }
}
