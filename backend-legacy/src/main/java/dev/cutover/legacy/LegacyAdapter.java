package dev.cutover.legacy;

import dev.cutover.Backend;
import dev.cutover.backend.BackendAdapter;
import dev.cutover.legacy.internal.DefaultLegacyAdapter;
import dev.cutover.mapping.EntityMapping;
import javax.sql.DataSource;

/**
 * The legacy side of a migration: a connection pool, its unit-of-work-aware
 * {@linkplain #connections() connections}, and {@link LegacyStore}s built from entity mappings and
 * {@link LegacyTable} bindings.
 *
 * <pre>{@code
 * try (LegacyAdapter legacy = LegacyAdapter.create(config)) {
 *     LegacyStore<Client, Long> clients = legacy.store(CLIENTS, LegacyTable.named("tbl_clients")
 *             .column("name", "full_name")
 *             .stored("ai_context", LegacyStorage.JSON_TEXT));
 *     clients.scan(null, 1000);
 * }
 * }</pre>
 *
 * <p>Every connection, the stores' and repositories' own, comes from {@link #connections()}, so calls made
 * inside {@code Cutover.transaction(...)} share one transaction.
 *
 * <p>Thread-safe.
 */
public interface LegacyAdapter extends BackendAdapter {

    /**
     * An adapter that owns a HikariCP pool (named {@code cutover-legacy}) opened with {@code config}; it
     * connects once to fail fast on a wrong URL or credentials, and {@link #close()} closes the pool.
     *
     * @throws dev.cutover.DataAccessException if the database refuses the first connection; the message
     *     names the redacted URL and the user, never the password
     */
    static LegacyAdapter create(LegacyConfig config) {
        return DefaultLegacyAdapter.create(config);
    }

    /**
     * An adapter over a pool the caller owns and closes; {@link #close()} leaves it open.
     *
     * @param dialect the dialect of the database behind {@code dataSource}
     */
    static LegacyAdapter wrap(DataSource dataSource, LegacyDialect dialect) {
        return DefaultLegacyAdapter.wrap(dataSource, dialect);
    }

    @Override
    default Backend backend() {
        return Backend.LEGACY;
    }

    LegacyDialect dialect();

    /**
     * A store for {@code mapping} over the legacy table {@code table}, after checking the binding against the
     * mapping and the legacy table against both.
     *
     * @throws IllegalArgumentException if {@code table} names columns the mapping does not have, or gives a
     *     storage that does not fit a column's logical type
     * @throws dev.cutover.schema.SchemaMismatchException listing every problem with the legacy table: missing
     *     table or columns, incompatible types, no UNIQUE constraint matching the conflict target or the key
     * @throws IllegalStateException if the adapter is closed
     */
    <E, K> LegacyStore<E, K> store(EntityMapping<E, K> mapping, LegacyTable table);

    /** {@link #store(EntityMapping, LegacyTable)} for a legacy table with the mapping's own names and native storage. */
    default <E, K> LegacyStore<E, K> store(EntityMapping<E, K> mapping) {
        return store(mapping, LegacyTable.named(mapping.table()));
    }

    /** Closes the pool if this adapter owns it. Idempotent. */
    @Override
    void close();
}
