package dev.cutover.legacy.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cutover.Backend;
import dev.cutover.backend.ConnectionSettings;
import dev.cutover.backend.spi.FirstConnection;
import dev.cutover.jdbc.JdbcUrls;
import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyConfig;
import dev.cutover.legacy.LegacyDialect;
import dev.cutover.legacy.LegacyStore;
import dev.cutover.legacy.LegacyTable;
import dev.cutover.mapping.EntityMapping;
import dev.cutover.tx.TransactionalConnections;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link LegacyAdapter} of {@link LegacyAdapter#create} and {@link LegacyAdapter#wrap}. Thread-safe. */
public final class DefaultLegacyAdapter implements LegacyAdapter {
    /** The pool's name, in HikariCP's logs and metrics. */
    public static final String POOL_NAME = "cutover-legacy";
    private static final Logger LOG = LoggerFactory.getLogger(LegacyAdapter.class);

    private final LegacyDialect dialect;
    private final HikariDataSource ownedPool;
    private final TransactionalConnections connections;
    private final String description;
    private final AtomicBoolean closed = new AtomicBoolean();

    private DefaultLegacyAdapter(LegacyDialect dialect, DataSource dataSource, HikariDataSource ownedPool,
            String description) {
        this.dialect = dialect;
        this.ownedPool = ownedPool;
        this.connections = new TransactionalConnections(Backend.LEGACY, dataSource);
        this.description = description;
    }

    public static LegacyAdapter create(LegacyConfig config) {
        Objects.requireNonNull(config, "config");
        ConnectionSettings settings = config.connectionSettings();
        String url = JdbcUrls.redact(settings.jdbcUrl());
        checkDriver(settings.jdbcUrl(), url);
        HikariConfig pool = new HikariConfig();
        pool.setPoolName(POOL_NAME);
        pool.setJdbcUrl(settings.jdbcUrl());
        pool.setUsername(settings.username());
        pool.setPassword(settings.password());
        pool.setMaximumPoolSize(settings.maximumPoolSize());
        pool.setConnectionTimeout(settings.connectionTimeout().toMillis());
        config.dialect().connectionProperties(settings.applicationName()).forEach(pool::addDataSourceProperty);
        HikariDataSource dataSource = FirstConnection.open(Backend.LEGACY, "the legacy database", POOL_NAME, settings,
                () -> new HikariDataSource(pool));
        String description = config.dialect().name() + " at " + url + ", pool " + POOL_NAME + " of up to "
                + settings.maximumPoolSize() + " connections";
        LOG.info("Legacy adapter opened: {}", description);
        return new DefaultLegacyAdapter(config.dialect(), dataSource, dataSource, description);
    }

    public static LegacyAdapter wrap(DataSource dataSource, LegacyDialect dialect) {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(dialect, "dialect");
        return new DefaultLegacyAdapter(dialect, dataSource, null, dialect.name() + " through the caller's "
                + dataSource.getClass().getSimpleName());
    }

    /** Hikari's own message for a missing driver shows the URL; this one redacts it and says what to add. */
    private static void checkDriver(String jdbcUrl, String redactedUrl) {
        try {
            DriverManager.getDriver(jdbcUrl);
        } catch (SQLException e) {
            throw new IllegalStateException("No JDBC driver on the classpath accepts jdbcUrl '" + redactedUrl
                    + "'; add the legacy database's driver at runtime (PostgreSQL: org.postgresql:postgresql; MariaDB "
                    + "and MySQL: org.mariadb.jdbc:mariadb-java-client)");
        }
    }

    @Override
    public TransactionalConnections connections() {
        return connections;
    }

    @Override
    public LegacyDialect dialect() {
        return dialect;
    }

    @Override
    public <E, K> LegacyStore<E, K> store(EntityMapping<E, K> mapping, LegacyTable table) {
        if (closed.get()) {
            throw new IllegalStateException("Legacy adapter (" + description + ") is closed; create stores from an "
                    + "open adapter");
        }
        LegacyStore<E, K> store = DefaultLegacyStore.create(connections, dialect, mapping, table);
        LOG.debug("Legacy store ready: {}", store);
        return store;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (ownedPool != null) {
            ownedPool.close();
            LOG.info("Legacy adapter closed: {}", description);
        }
    }

    @Override
    public String toString() {
        return "LegacyAdapter[" + description + (closed.get() ? ", closed" : "") + "]";
    }
}
