package dev.cutover.postgres.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cutover.Backend;
import dev.cutover.backend.ConnectionSettings;
import dev.cutover.backend.spi.FirstConnection;
import dev.cutover.jdbc.JdbcUrls;
import dev.cutover.mapping.EntityMapping;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.postgres.PostgresConfig;
import dev.cutover.postgres.PostgresStore;
import dev.cutover.tx.TransactionalConnections;
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

    static {
        // jOOQ logs a banner and a "tip of the day" the first time it renders SQL, unless these are set; a library
        // embedded in an application does not advertise. A value the application set is kept.
        for (String property : new String[] {"org.jooq.no-logo", "org.jooq.no-tips"}) {
            if (System.getProperty(property) == null) {
                System.setProperty(property, "true");
            }
        }
    }

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
        ConnectionSettings settings = config.connectionSettings();
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName(POOL_NAME);
        hikari.setJdbcUrl(settings.jdbcUrl());
        hikari.setUsername(settings.username());
        hikari.setPassword(settings.password());
        hikari.setMaximumPoolSize(settings.maximumPoolSize());
        hikari.setConnectionTimeout(settings.connectionTimeout().toMillis());
        hikari.addDataSourceProperty("ApplicationName", settings.applicationName());
        HikariDataSource pool = FirstConnection.open(Backend.POSTGRES, "PostgreSQL", POOL_NAME, settings,
                () -> new HikariDataSource(hikari));
        String where = JdbcUrls.redact(settings.jdbcUrl()) + (settings.username() == null ? "" : " as " + settings.username());
        return new DefaultPostgresAdapter(pool, pool, config.schema(), "pool " + POOL_NAME + " on " + where);
    }

    public static PostgresAdapter wrap(DataSource dataSource, String schema) {
        return new DefaultPostgresAdapter(dataSource, null, schema, "caller's pool " + dataSource.getClass().getName());
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
