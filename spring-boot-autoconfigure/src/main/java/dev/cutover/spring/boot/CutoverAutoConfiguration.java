package dev.cutover.spring.boot;

import dev.cutover.Backend;
import dev.cutover.Cutover;
import dev.cutover.dual.DualWrites;
import dev.cutover.dual.Outbox;
import dev.cutover.flags.EnvironmentRoutes;
import dev.cutover.flags.LiveRoutes;
import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.outbox.LegacyOutbox;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.postgres.ShadowMismatchTable;
import dev.cutover.postgres.outbox.PostgresOutbox;
import dev.cutover.resilience.CutoverMetrics;
import dev.cutover.resilience.CutoverResilience;
import dev.cutover.shadow.ShadowReads;
import dev.cutover.spring.boot.internal.Adapters;
import dev.cutover.spring.boot.internal.CutoverMigrations;
import dev.cutover.spring.boot.internal.PropertyRoutes;
import dev.cutover.spring.boot.internal.RoutedRepositories;
import dev.cutover.spring.boot.internal.StarterVariables;
import dev.cutover.status.reports.StatusReports;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Cutover in a Spring Boot application, from {@code cutover.*} properties: both adapters (and their pools), Cutover's
 * own tables, routes (properties, {@code CUTOVER_ROUTE*} variables, the live flag store), resilience, shadow reads,
 * dual-write, metrics on the application's {@code MeterRegistry}, instance status reports, the {@link Cutover} with a
 * routed repository bean for every {@link CutoverRepository} bean, and {@link CutoverTransactionManager} for
 * {@code @Transactional}. Each bean yields to one of the application's of the same type.
 *
 * <p>Closing: Spring destroys the {@code Cutover} bean before what it depends on, and its {@code close()} stops
 * handlers, reconciler and route source before both pools, in that order.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration"})
@ConditionalOnProperty(prefix = "cutover", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(CutoverProperties.class)
public class CutoverAutoConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(CutoverAutoConfiguration.class);

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    LegacyAdapter cutoverLegacyAdapter(CutoverProperties properties, BeanFactory beans,
            ObjectProvider<MeterRegistry> registry) {
        return Adapters.legacy(properties.getLegacy(), beans, registry.getIfAvailable());
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    PostgresAdapter cutoverPostgresAdapter(CutoverProperties properties, BeanFactory beans,
            ObjectProvider<MeterRegistry> registry) {
        return Adapters.postgres(properties.getPostgres(), beans, registry.getIfAvailable());
    }

    @Bean
    @ConditionalOnMissingBean
    CutoverMigrations cutoverMigrations(CutoverProperties properties, LegacyAdapter legacy, PostgresAdapter postgres) {
        return CutoverMigrations.atStart(properties.getMigrations().isRunAtStart(), legacy, postgres,
                properties.getDualWrite().getLegacyJournal() == null);
    }

    /** Routes: properties merged under the variables, into the live flag store (or the variables alone). */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    PropertyRoutes cutoverRoutes(CutoverProperties properties, PostgresAdapter postgres, CutoverMigrations migrations) {
        Map<String, String> environment = System.getenv();
        CutoverProperties.FlagStore store = properties.getFlagStore();
        return new PropertyRoutes(properties.getRoutes(), environment, merged -> store.isEnabled()
                ? LiveRoutes.builder(postgres.connections().dataSource()).environment(merged)
                        .knownVariables(StarterVariables.in(environment)).pollInterval(store.getPollInterval()).build()
                : EnvironmentRoutes.builder().environment(merged).knownVariables(StarterVariables.in(environment)).build());
    }

    /** Cutover's meters ({@code cutover.calls}, ...), on the application's registry when it has one. */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(MeterRegistry.class)
    CutoverMetrics cutoverMetrics(MeterRegistry registry) {
        return CutoverMetrics.of(registry);
    }

    @Bean
    @ConditionalOnMissingBean
    CutoverResilience cutoverResilience(CutoverProperties properties, ObjectProvider<CutoverMetrics> metrics) {
        CutoverProperties.Resilience settings = properties.getResilience();
        CutoverResilience.Builder builder = CutoverResilience.custom().fallbackToLegacy(settings.isFallbackToLegacy());
        if (settings.getPostgresTimeLimit() != null) {
            builder.timeLimit(Backend.POSTGRES, settings.getPostgresTimeLimit());
        }
        if (settings.getLegacyTimeLimit() != null) {
            builder.timeLimit(Backend.LEGACY, settings.getLegacyTimeLimit());
        }
        if (settings.getMaxAttempts() <= 1) {
            builder.withoutRetries();
        } else {
            builder.retries(settings.getMaxAttempts(), CutoverResilience.Builder.DEFAULT_RETRY_BACKOFF);
        }
        metrics.ifAvailable(builder::metrics);
        return builder.build();
    }

    @Bean
    @ConditionalOnMissingBean
    ShadowReads cutoverShadowReads(CutoverProperties properties, PostgresAdapter postgres,
            ObjectProvider<CutoverMetrics> metrics) {
        CutoverProperties.Shadow settings = properties.getShadow();
        ShadowReads.Builder builder = ShadowReads.custom().sampleRate(settings.getSampleRate())
                .timeout(settings.getTimeLimit()).listener(ShadowMismatchTable.of(postgres));
        metrics.ifAvailable(m -> builder.listener(m.shadowReadListener()));
        return builder.build();
    }

    /** Dual-write, when a repository declares the tables its writes change ({@link CutoverRepository#mirrors}). */
    @Bean
    @ConditionalOnMissingBean
    DualWritesHolder cutoverDualWrites(CutoverProperties properties, LegacyAdapter legacy, PostgresAdapter postgres,
            CutoverMigrations migrations, ObjectProvider<CutoverRepository<?>> repositories,
            ObjectProvider<MeterRegistry> registry) {
        List<CutoverRepository<?>> declared = repositories.orderedStream().toList();
        if (!properties.getDualWrite().isEnabled() || declared.stream().allMatch(r -> r.mirrors().isEmpty())) {
            LOG.info("Dual-write not installed: {}", properties.getDualWrite().isEnabled()
                    ? "no CutoverRepository bean declares the tables its writes change (mirrors(...))"
                    : "cutover.dual-write.enabled=false");
            return new DualWritesHolder(null);
        }
        DualWrites.Builder builder = DualWrites.custom()
                .outbox(properties.getDualWrite().getLegacyJournal() != null
                        ? Outbox.journal(Backend.LEGACY, properties.getDualWrite().getLegacyJournal())
                        : Outbox.table(legacy.connections(), LegacyOutbox.sql(legacy.dialect())))
                .outbox(Outbox.table(postgres.connections(), PostgresOutbox.sql(PostgresOutbox.TABLE)));
        for (CutoverRepository<?> repository : declared) {
            for (CutoverRepository.Mirror mirror : repository.mirrors()) {
                mirror(builder, repository.type(), mirror);
            }
            repository.keys().forEach((method, keys) -> builder.keys(repository.type(), method, keys));
        }
        MeterRegistry meters = registry.getIfAvailable();
        if (meters != null) {
            builder.meterRegistry(meters);
        }
        return new DualWritesHolder(builder.build());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void mirror(DualWrites.Builder builder, Class<?> type, CutoverRepository.Mirror mirror) {
        dev.cutover.store.EntityStore legacyStore = mirror.legacyStore();
        dev.cutover.store.EntityStore postgresStore = mirror.postgresStore();
        builder.repository(type, legacyStore.mapping(), legacyStore, postgresStore);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    Cutover cutover(CutoverProperties properties, LegacyAdapter legacy, PostgresAdapter postgres, PropertyRoutes routes,
            CutoverResilience resilience, ShadowReads shadowReads, DualWritesHolder dualWrites,
            ObjectProvider<CutoverRepository<?>> repositories,
            ObjectProvider<CutoverMetrics> metrics, ObjectProvider<CircuitBreakerRegistry> breakers) {
        Cutover.Builder builder = Cutover.builder().legacy(legacy).postgres(postgres).routes(routes);
        repositories.orderedStream().forEach(r -> register(builder, r));
        metrics.ifAvailable(m -> m.install(builder));        // outermost: times what callers see
        if (properties.getResilience().isEnabled()) {
            resilience.install(builder);
        }
        if (properties.getShadow().isEnabled()) {
            shadowReads.install(builder);
        }
        if (dualWrites.dualWrites() != null) {
            dualWrites.dualWrites().install(builder);
        }
        Cutover cutover = builder.build();
        // Resilience4j's registry (resilience4j-spring-boot3) shows them in /actuator/circuitbreakers and its metrics.
        breakers.ifAvailable(registry -> {
            for (Backend backend : Backend.values()) {
                CircuitBreaker breaker = resilience.circuitBreaker(backend);
                registry.circuitBreaker(breaker.getName(), breaker.getCircuitBreakerConfig());
                registry.replace(breaker.getName(), breaker);
            }
        });
        return cutover;
    }

    private static <R> void register(Cutover.Builder builder, CutoverRepository<R> repository) {
        builder.repository(repository.type(), repository.legacy(), repository.postgres());
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "cutover.status", name = "enabled", matchIfMissing = true)
    StatusReports cutoverStatusReports(CutoverProperties properties, PostgresAdapter postgres, Cutover cutover,
            CutoverResilience resilience, DualWritesHolder dualWrites) {
        StatusReports.Builder builder = StatusReports.builder(postgres.connections().dataSource(), cutover)
                .contributor(resilience);
        if (dualWrites.dualWrites() != null) {
            builder.contributor(dualWrites.dualWrites());
        }
        if (properties.getStatus().getInstanceId() != null) {
            builder.instanceId(properties.getStatus().getInstanceId());
        }
        return builder.build();
    }

    @Bean
    @ConditionalOnMissingBean(name = "cutoverTransactionManager")
    CutoverTransactionManager cutoverTransactionManager(Cutover cutover) {
        return new CutoverTransactionManager(cutover);
    }

    /** Registers, for every {@link CutoverRepository} bean, its routed repository as the interface's primary bean. */
    @Bean
    static RoutedRepositories cutoverRoutedRepositories() {
        return new RoutedRepositories();
    }

    /**
     * The dual-write of this application, or none when no repository declares mirrored tables: a bean either way, so
     * that what needs it (the health indicator, the status reports) can ask.
     *
     * @param dualWrites the installed dual-write, or {@code null}
     */
    public record DualWritesHolder(DualWrites dualWrites) {
    }
}
