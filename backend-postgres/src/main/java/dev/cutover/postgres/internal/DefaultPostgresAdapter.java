package dev.cutover.postgres.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cutover.Backend;
import dev.cutover.DataAccessException;
import dev.cutover.backend.JdbcUrls;
import dev.cutover.mapping.EntityMapping;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.postgres.PostgresConfig;
import dev.cutover.postgres.PostgresStore;
import dev.cutover.tx.TransactionalConnections;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.jooq.ConnectionProvider;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;
import org.jooq.impl.DefaultExecuteListenerProvider;

/** The {@link PostgresAdapter} of {@link PostgresAdapter#create} and {@link PostgresAdapter#wrap}. Thread-safe. */
public final class DefaultPostgresAdapter implements PostgresAdapter {
    /** The HikariCP pool name of pools this adapter creates. */
    public static final String POOL_NAME = "cutover-postgres";

    private final String schema;
    private final HikariDataSource ownedPool;
    private final TransactionalConnections connections;
    private final DSLContext dsl;
    private final String description;
    private final Map<EntityMapping<?, ?>, PostgresStore<?, ?>> stores = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private DefaultPostgresAdapter(DataSource dataSource, HikariDataSource ownedPool, String schema, String description) {
        this.schema = schema;
        this.ownedPool = ownedPool;
        this.description = description;
        this.connections = new TransactionalConnections(Backend.POSTGRES, dataSource);
        ConnectionProvider connectionProvider = new UnitOfWorkConnectionProvider(connections);
        this.dsl = DSL.using(new DefaultConfiguration()
                .set(SQLDialect.POSTGRES)
                .set(connectionProvider)
                .set(new UnitOfWorkTransactionProvider(connections, connectionProvider))
                .set(new DefaultExecuteListenerProvider(new Failures.Translator())));
    }

    public static PostgresAdapter create(PostgresConfig config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName(POOL_NAME);
        hikari.setJdbcUrl(config.jdbcUrl());
        hikari.setUsername(config.username());
        hikari.setPassword(config.password());
        hikari.setMaximumPoolSize(config.maximumPoolSize());
        hikari.setConnectionTimeout(config.connectionTimeout().toMillis());
        hikari.addDataSourceProperty("ApplicationName", config.applicationName());
        String where = JdbcUrls.redact(config.jdbcUrl()) + (config.username() == null ? "" : " as " + config.username());
        HikariDataSource pool;
        try {
            // Connects once, so a wrong password or host fails here rather than on the first request.
            pool = new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            throw connectFailure(where, config.password(), e);
        }
        return new DefaultPostgresAdapter(pool, pool, config.schema(), "pool " + POOL_NAME + " on " + where);
    }

    public static PostgresAdapter wrap(DataSource dataSource, String schema) {
        return new DefaultPostgresAdapter(dataSource, null, schema, "caller's pool " + dataSource.getClass().getName());
    }

    private static DataAccessException connectFailure(String where, String password, RuntimeException failure) {
        SQLException sql = Failures.sqlException(failure);
        String state = sql == null ? null : sql.getSQLState();
        String detail = sql == null ? failure.getMessage() : sql.getMessage();
        if (password != null && !password.isEmpty() && detail != null) {
            detail = detail.replace(password, "***"); // belt and braces: no server or driver message should echo it
        }
        return new DataAccessException(Backend.POSTGRES, "Cannot connect to PostgreSQL at " + where
                + (state == null ? "" : " (SQLState " + state + ")") + ": " + detail, sql != null ? sql : failure);
    }

    @Override
    public String schema() {
        return schema;
    }

    @Override
    public TransactionalConnections connections() {
        return connections;
    }

    @Override
    public DSLContext dsl() {
        return dsl;
    }

    @Override
    public <E, K> PostgresStore<E, K> store(EntityMapping<E, K> mapping) {
        checkOpen();
        @SuppressWarnings("unchecked") // stores are keyed by their own mapping, so the types agree
        PostgresStore<E, K> existing = (PostgresStore<E, K>) stores.get(mapping);
        if (existing != null) {
            return existing;
        }
        // Checked outside the map's lock: the catalog queries may take a while; a race only checks twice.
        PostgresStore<E, K> store = JooqPostgresStore.create(this, mapping);
        @SuppressWarnings("unchecked")
        PostgresStore<E, K> winner = (PostgresStore<E, K>) stores.putIfAbsent(mapping, store);
        return winner != null ? winner : store;
    }

    void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("The PostgreSQL adapter (" + description + ") is closed");
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true) && ownedPool != null) {
            ownedPool.close();
        }
    }

    @Override
    public String toString() {
        return "PostgresAdapter[" + description + ", schema " + schema + (closed.get() ? ", closed" : "") + "]";
    }
}
