package dev.cutover.postgres;

import dev.cutover.Backend;
import dev.cutover.backend.BackendAdapter;
import dev.cutover.mapping.EntityMapping;
import dev.cutover.postgres.internal.DefaultPostgresAdapter;
import dev.cutover.tx.TransactionalConnections;
import java.util.Objects;
import javax.sql.DataSource;
import org.jooq.DSLContext;

/**
 * The PostgreSQL side of a migration: a connection pool, a jOOQ {@link DSLContext} and one
 * {@link PostgresStore} per entity mapping, all getting their connections through
 * {@link #connections()}, so that every query (store call or hand-written jOOQ) joins the current
 * {@link dev.cutover.Cutover#transaction unit of work}.
 *
 * <pre>{@code
 * PostgresAdapter postgres = PostgresAdapter.create(PostgresConfig.custom()
 *         .jdbcUrl("jdbc:postgresql://db.internal:5432/booking").username("booking_app").password(secret).build());
 * PostgresStore<Client, Long> clients = postgres.store(CLIENTS);   // checks the table against the mapping
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} is idempotent.
 */
public interface PostgresAdapter extends BackendAdapter {

    /**
     * Starts a HikariCP pool (named {@code cutover-postgres}) that this adapter owns and {@link #close()}
     * releases. Connects once before returning, so a wrong URL, password or host fails here.
     *
     * @throws dev.cutover.DataAccessException if the database cannot be reached; the message names the
     *         redacted URL and the user, never the password
     */
    static PostgresAdapter create(PostgresConfig config) {
        Objects.requireNonNull(config, "config");
        return DefaultPostgresAdapter.create(config);
    }

    /**
     * Uses the caller's pool for tables in {@code schema}. {@link #close()} leaves that pool open: its
     * owner closes it.
     */
    static PostgresAdapter wrap(DataSource dataSource, String schema) {
        Objects.requireNonNull(dataSource, "dataSource");
        return DefaultPostgresAdapter.wrap(dataSource, PostgresConfig.checkSchema(schema));
    }

    @Override
    default Backend backend() {
        return Backend.POSTGRES;
    }

    /** The schema of the mapped tables. */
    String schema();

    @Override
    TransactionalConnections connections();

    /**
     * jOOQ for hand-written queries in repositories ({@code SQLDialect.POSTGRES}). Its connections come
     * from {@link #connections()}: inside a unit of work every query joins it; outside, each query runs
     * on its own pooled connection in autocommit. {@code dsl().transaction(...)} inside a unit of work
     * becomes a savepoint of it rather than committing it; outside one it is a transaction of jOOQ's own,
     * which store calls do not join (group them with {@link dev.cutover.Cutover#transaction}). SQL failures
     * surface as {@link dev.cutover.DataAccessException} (with the SQLState), like every other Cutover call.
     */
    DSLContext dsl();

    /**
     * The store of a mapping. The first call per mapping checks the table against it (columns, types,
     * nullability, the UNIQUE constraint behind the conflict target) and later calls return the same store.
     *
     * @throws dev.cutover.schema.SchemaMismatchException listing every problem found for the table
     */
    <E, K> PostgresStore<E, K> store(EntityMapping<E, K> mapping);

    /** Closes the pool if this adapter created it; a wrapped pool stays open. Idempotent. */
    @Override
    void close();
}
