package dev.cutover.cli.internal;

import dev.cutover.cli.CutoverApplication;
import dev.cutover.cli.MovedTable;
import dev.cutover.jdbc.JdbcUrls;
import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyConfig;
import dev.cutover.legacy.LegacyDialect;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.postgres.PostgresConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * What one command run works with: the settings, the application, and the two adapters, each opened on first
 * use with a small pool and closed by {@link #close()}.
 */
public final class Session implements AutoCloseable {
    private static final String APPLICATION_NAME = "cutover-cli";

    private final Settings settings;
    private CutoverApplication application;
    private LegacyAdapter legacy;
    private PostgresAdapter postgres;
    private int poolSize = 4;

    public Session(Settings settings) {
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    /** The application: the class {@link Setting#APPLICATION} names, or the only one registered as a service. */
    public synchronized CutoverApplication application() {
        if (application == null) {
            application = loadApplication(settings);
        }
        return application;
    }

    /** The moved table named {@code name}, or an error listing the application's tables. */
    public MovedTable<?, ?> table(String name) {
        List<String> names = new ArrayList<>();
        for (MovedTable<?, ?> table : application().tables()) {
            if (table.name().equalsIgnoreCase(name)) {
                return table;
            }
            names.add(table.name());
        }
        throw new CliException("Unknown table '" + name + "'; the application's tables: " + String.join(", ", names));
    }

    /**
     * Raises the pool size of adapters not opened yet (a backfill with N workers holds N connections on each side,
     * plus one for its bookkeeping).
     */
    public synchronized void minimumPoolSize(int size) {
        poolSize = Math.max(poolSize, size);
    }

    public synchronized LegacyAdapter legacy() {
        if (legacy == null) {
            String url = settings.require(Setting.LEGACY_URL, "This command");
            LegacyConfig.Builder config = LegacyConfig.custom().jdbcUrl(checked(Setting.LEGACY_URL, url))
                    .maximumPoolSize(poolSize).connectionTimeout(Duration.ofSeconds(10)).applicationName(APPLICATION_NAME);
            namedDialect().ifPresent(config::dialect);
            settings.get(Setting.LEGACY_USER).ifPresent(config::username);
            settings.get(Setting.LEGACY_PASSWORD).ifPresent(config::password);
            LegacyConfig built;
            try {
                built = config.build(); // the dialect follows the URL unless named
            } catch (IllegalStateException e) {
                throw new CliException("Cannot tell the legacy database's dialect from its URL (" + JdbcUrls.redact(url)
                        + "); set " + Setting.LEGACY_DIALECT.variable() + " to one of: " + Setting.LEGACY_DIALECT.allowed(), e);
            }
            legacy = LegacyAdapter.create(built);
        }
        return legacy;
    }

    public synchronized PostgresAdapter postgres() {
        if (postgres == null) {
            PostgresConfig.Builder config = PostgresConfig.custom()
                    .jdbcUrl(checked(Setting.POSTGRES_URL, settings.require(Setting.POSTGRES_URL, "This command")))
                    .maximumPoolSize(poolSize).connectionTimeout(Duration.ofSeconds(10)).applicationName(APPLICATION_NAME);
            settings.get(Setting.POSTGRES_USER).ifPresent(config::username);
            settings.get(Setting.POSTGRES_PASSWORD).ifPresent(config::password);
            postgres = PostgresAdapter.create(config.build());
        }
        return postgres;
    }

    /** {@code url}, if a driver accepts its form; else the setting's refusal, naming the form the driver accepts. */
    private static String checked(Setting setting, String url) {
        try {
            JdbcUrls.requireAcceptedForm(url);
            return url;
        } catch (IllegalArgumentException e) {
            throw new CliException("invalid-setting", setting.variable() + ": " + e.getMessage(), null, e);
        }
    }

    /** The dialect {@link Setting#LEGACY_DIALECT} names, if it is set. */
    private Optional<LegacyDialect> namedDialect() {
        return settings.get(Setting.LEGACY_DIALECT).map(named -> switch (named.toLowerCase(Locale.ROOT)) {
            case "postgresql" -> LegacyDialect.postgresql();
            case "mariadb", "mysql" -> LegacyDialect.mariadb();
            default -> throw new CliException(Setting.LEGACY_DIALECT.variable() + "='" + named + "' is not a dialect; allowed: "
                    + Setting.LEGACY_DIALECT.allowed());
        });
    }

    private static CutoverApplication loadApplication(Settings settings) {
        String className = settings.get(Setting.APPLICATION).orElse(null);
        if (className != null) {
            try {
                Class<?> type = Class.forName(className, true, Thread.currentThread().getContextClassLoader());
                if (!CutoverApplication.class.isAssignableFrom(type)) {
                    throw new CliException(Setting.APPLICATION.variable() + "='" + className + "' does not implement "
                            + CutoverApplication.class.getName());
                }
                return (CutoverApplication) type.getConstructor().newInstance();
            } catch (ClassNotFoundException e) {
                throw new CliException(Setting.APPLICATION.variable() + "='" + className + "' is not on the class path; add "
                        + "the application's jar to it (bin/cutover reads CUTOVER_CLASSPATH)");
            } catch (ReflectiveOperationException e) {
                throw new CliException("Cannot create " + className + ": it needs a public no-argument constructor (" + e + ")", e);
            }
        }
        List<CutoverApplication> found = new ArrayList<>();
        ServiceLoader.load(CutoverApplication.class).forEach(found::add);
        if (found.size() == 1) {
            return found.get(0);
        }
        if (found.isEmpty()) {
            throw new CliException("No application found: put a jar with a " + CutoverApplication.class.getName()
                    + " implementation (registered in META-INF/services) on the class path (bin/cutover adds"
                    + " CUTOVER_CLASSPATH to it), or name the class in " + Setting.APPLICATION.variable());
        }
        List<String> names = found.stream().map(a -> a.getClass().getName()).toList();
        throw new CliException("Several applications found (" + String.join(", ", names) + "); choose one with "
                + Setting.APPLICATION.variable());
    }

    @Override
    public synchronized void close() {
        RuntimeException failure = null;
        for (AutoCloseable adapter : new AutoCloseable[] {legacy, postgres}) {
            if (adapter == null) {
                continue;
            }
            try {
                adapter.close();
            } catch (Exception e) {
                RuntimeException wrapped = e instanceof RuntimeException r ? r : new IllegalStateException(e);
                if (failure == null) {
                    failure = wrapped;
                } else {
                    failure.addSuppressed(wrapped);
                }
            }
        }
        legacy = null;
        postgres = null;
        if (failure != null) {
            throw failure;
        }
    }
}
