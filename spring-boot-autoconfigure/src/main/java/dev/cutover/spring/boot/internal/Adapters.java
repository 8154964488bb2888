package dev.cutover.spring.boot.internal;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.cutover.CutoverException;
import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyConfig;
import dev.cutover.legacy.LegacyDialect;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.postgres.PostgresConfig;
import dev.cutover.spring.boot.CutoverProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.BeanFactory;

/** The two adapters from {@code cutover.legacy.*} and {@code cutover.postgres.*}: a pool of their own, or a DataSource bean. */
public final class Adapters {
    private static final Logger LOG = LoggerFactory.getLogger(Adapters.class);

    private Adapters() {
    }

    public static LegacyAdapter legacy(CutoverProperties.Legacy settings, BeanFactory beans, MeterRegistry registry) {
        LegacyDialect dialect = dialect(settings.getDialect());
        if (settings.getDataSource() != null) {
            if (dialect == null) {
                throw new CutoverException("cutover.legacy.data-source='" + settings.getDataSource() + "' needs"
                        + " cutover.legacy.dialect (postgresql or mariadb): a DataSource bean has no URL to take it from");
            }
            return LegacyAdapter.wrap(dataSource(beans, "cutover.legacy.data-source", settings.getDataSource()), dialect);
        }
        LegacyConfig.Builder config = LegacyConfig.custom().jdbcUrl(url("legacy", settings.getUrl()))
                .username(settings.getUser()).password(settings.getPassword())
                .maximumPoolSize(settings.getPool().getMaximumSize())
                .connectionTimeout(settings.getPool().getConnectionTimeout());
        if (dialect != null) {
            config.dialect(dialect);
        }
        LegacyAdapter adapter = LegacyAdapter.create(config.build());
        bindPoolMetrics(adapter.connections().dataSource(), registry);
        return adapter;
    }

    public static PostgresAdapter postgres(CutoverProperties.Postgres settings, BeanFactory beans, MeterRegistry registry) {
        if (settings.getDataSource() != null) {
            return PostgresAdapter.wrap(dataSource(beans, "cutover.postgres.data-source", settings.getDataSource()),
                    settings.getSchema());
        }
        PostgresAdapter adapter = PostgresAdapter.create(PostgresConfig.custom().jdbcUrl(url("postgres", settings.getUrl()))
                .username(settings.getUser()).password(settings.getPassword()).schema(settings.getSchema())
                .maximumPoolSize(settings.getPool().getMaximumSize())
                .connectionTimeout(settings.getPool().getConnectionTimeout()).build());
        bindPoolMetrics(adapter.connections().dataSource(), registry);
        return adapter;
    }

    private static String url(String side, String url) {
        if (url == null || url.isBlank()) {
            throw new CutoverException("cutover." + side + ".url is not set: set it (or the variable CUTOVER_"
                    + side.toUpperCase(Locale.ROOT) + "_URL) to the " + side + " database's JDBC URL, or cutover." + side
                    + ".data-source to the name of a DataSource bean");
        }
        return url;
    }

    private static LegacyDialect dialect(String name) {
        if (name == null) {
            return null;
        }
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "postgresql" -> LegacyDialect.postgresql();
            case "mariadb", "mysql" -> LegacyDialect.mariadb();
            default -> throw new CutoverException("cutover.legacy.dialect='" + name + "' is not a legacy dialect; allowed:"
                    + " postgresql, mariadb (also for MySQL)");
        };
    }

    private static DataSource dataSource(BeanFactory beans, String property, String name) {
        if (!beans.containsBean(name)) {
            throw new CutoverException(property + "='" + name + "' names no bean; name a DataSource bean of the"
                    + " application, or set the URL instead");
        }
        return beans.getBean(name, DataSource.class);
    }

    /** HikariCP's own meters (hikaricp.connections, ... tagged pool=cutover-legacy or cutover-postgres). */
    private static void bindPoolMetrics(DataSource dataSource, MeterRegistry registry) {
        if (registry == null || !(dataSource instanceof HikariDataSource pool) || pool.getMetricsTrackerFactory() != null
                || pool.getMetricRegistry() != null) {
            return;
        }
        try {
            pool.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
        } catch (RuntimeException e) {
            LOG.warn("No HikariCP meters for pool {}: {}", pool.getPoolName(), e.getMessage());
        }
    }
}
