package dev.cutover.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.Cutover;
import dev.cutover.docs.ReadmeExample.Note;
import dev.cutover.docs.ReadmeExample.NoteRepository;
import dev.cutover.flags.LiveRoutes;
import dev.cutover.testkit.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Locale;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Spring Boot configuration of docs/embedding.md starts, serves, flips and closes in an ApplicationContext. */
class SpringBootExampleTest {
    private static TestDatabase legacyDatabase;
    private static TestDatabase targetDatabase;

    /** What Spring Boot Actuator would provide. */
    @Configuration(proxyBeanMethods = false)
    static class Metrics {
        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    @BeforeAll
    static void createDatabases() {
        legacyDatabase = NoteDatabases.legacy("spring_legacy");
        targetDatabase = NoteDatabases.target("spring_target");
    }

    @AfterAll
    static void dropDatabases() {
        legacyDatabase.close();
        targetDatabase.close();
    }

    @Test
    void shouldServeTheRoutedRepositoryAsABeanAndCloseEveryPoolWithTheContext() {
        // The deployment's CUTOVER_LEGACY_URL, ... as Spring's relaxed names see them.
        String[] properties = EmbeddingExampleTest.settings(legacyDatabase, targetDatabase).entrySet().stream()
                .map(setting -> setting.getKey().toLowerCase(Locale.ROOT).replace('_', '.') + "=" + setting.getValue())
                .toArray(String[]::new);
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(CutoverConfiguration.class, Metrics.class)
                .web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF).properties(properties).run()) {
            NoteRepository notes = context.getBean(NoteRepository.class);
            assertThat(notes.findById(1)).map(Note::text).contains("from legacy");

            LiveRoutes routes = context.getBean(LiveRoutes.class);
            routes.set("NoteRepository.save", "legacy-dual", "alice", "writes reach both first");
            routes.set("NoteRepository.findById", "postgres", "alice", "canary");
            assertThat(notes.findById(1)).map(Note::text).contains("from postgres");
            assertThat(context.getBean(Cutover.class).routes().stream().map(Object::toString).collect(Collectors.joining("\n")))
                    .contains("NoteRepository.findById (read) -> postgres [method: store: set by alice");
        }
        assertThat(legacyDatabase.openConnectionsAfterClose()).isZero();
        assertThat(targetDatabase.openConnectionsAfterClose()).isZero();
    }

    @Test
    void shouldBeQuotedVerbatimInThePage() {
        DocSnippets.assertQuoted("embedding.md", "CutoverConfiguration.java", "spring-boot", 0);
    }
}
