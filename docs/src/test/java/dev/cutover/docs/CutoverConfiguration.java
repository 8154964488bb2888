package dev.cutover.docs;

import dev.cutover.Cutover;
import dev.cutover.docs.ReadmeExample.NoteRepository;
import dev.cutover.flags.LiveRoutes;
import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyConfig;
import dev.cutover.postgres.CutoverSchema;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.postgres.PostgresConfig;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

// The Spring Boot embedding of docs/embedding.md, started by SpringBootExampleTest; the page quotes the tagged part.
// tag::spring-boot[]
@Configuration(proxyBeanMethods = false)
class CutoverConfiguration {

    // cutover.legacy.url is also read from CUTOVER_LEGACY_URL (Spring's relaxed names): the cutover command's setting.
    @Bean(destroyMethod = "close")
    LegacyAdapter legacyAdapter(Environment environment) {
        return LegacyAdapter.create(LegacyConfig.custom()
                .jdbcUrl(environment.getRequiredProperty("cutover.legacy.url"))
                .username(environment.getProperty("cutover.legacy.user"))
                .password(environment.getProperty("cutover.legacy.password"))
                .build());
    }

    @Bean(destroyMethod = "close")
    PostgresAdapter postgresAdapter(Environment environment) {
        return PostgresAdapter.create(PostgresConfig.custom()
                .jdbcUrl(environment.getRequiredProperty("cutover.postgres.url"))
                .username(environment.getProperty("cutover.postgres.user"))
                .password(environment.getProperty("cutover.postgres.password"))
                .build());
    }

    // A bean of its own so that an admin endpoint can flip routes (set, rollout, clear: validated and audited).
    @Bean(destroyMethod = "close")
    LiveRoutes liveRoutes(PostgresAdapter postgres) {
        CutoverSchema.migrate(postgres);                 // schema cutover, the flag store's tables among them
        return LiveRoutes.builder(postgres.connections().dataSource()).build();  // CUTOVER_ROUTE* variables beat it
    }

    // Spring closes it first (it depends on the others): handlers, reconciler, route source, then both pools.
    // The adapters' and routes' own close() run after it and do nothing: they are idempotent.
    @Bean(destroyMethod = "close")
    Cutover cutover(LegacyAdapter legacy, PostgresAdapter postgres, LiveRoutes routes, MeterRegistry registry) {
        return NotesMigration.cutover(legacy, postgres, routes, registry);  // the plain Java wiring, unchanged
    }

    @Bean
    NoteRepository noteRepository(Cutover cutover) {     // inject NoteRepository; the routing is invisible
        return cutover.repository(NoteRepository.class);
    }
}
// end::spring-boot[]
