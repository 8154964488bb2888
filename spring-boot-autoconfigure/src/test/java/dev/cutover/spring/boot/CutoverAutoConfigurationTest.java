package dev.cutover.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.Backend;
import dev.cutover.Cutover;
import dev.cutover.resilience.CutoverResilience;
import dev.cutover.spring.boot.Notes.Note;
import dev.cutover.spring.boot.Notes.NoteRepository;
import dev.cutover.spring.boot.Notes.NoteService;
import dev.cutover.spring.boot.actuate.CutoverActuatorAutoConfiguration;
import dev.cutover.spring.boot.actuate.CutoverEndpoint;
import dev.cutover.spring.boot.actuate.CutoverHealthIndicator;
import dev.cutover.spring.boot.internal.CutoverFailureAnalyzer;
import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestPostgres;
import dev.cutover.tx.UnitOfWorkRolledBackException;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.autoconfigure.transaction.TransactionAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.transaction.UnexpectedRollbackException;

/** The auto-configuration on real PostgreSQL servers (legacy and target), with Cutover's dependency versions. */
class CutoverAutoConfigurationTest {
    private static TestDatabase legacy;
    private static TestDatabase postgres;

    @BeforeAll
    static void databases() {
        legacy = TestPostgres.server().createDatabase("starter_legacy");
        postgres = TestPostgres.server().createDatabase("starter_target");
        Notes.createTables(legacy, postgres);
    }

    @AfterAll
    static void dropDatabases() {
        legacy.close();
        postgres.close();
    }

    private static ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(CutoverAutoConfiguration.class,
                        CutoverActuatorAutoConfiguration.class, TransactionAutoConfiguration.class, AopAutoConfiguration.class))
                .withUserConfiguration(Notes.NotesConfiguration.class)
                .withPropertyValues("cutover.legacy.url=" + legacy.jdbcUrl(), "cutover.legacy.user=" + legacy.username(),
                        "cutover.legacy.password=" + legacy.password(), "cutover.postgres.url=" + postgres.jdbcUrl(),
                        "cutover.postgres.user=" + postgres.username(), "cutover.postgres.password=" + postgres.password(),
                        "cutover.status.enabled=false", "management.endpoints.web.exposure.include=cutover,health");
    }

    private static void clear() {
        legacy.execute("DELETE FROM tbl_notes");
        postgres.execute("DELETE FROM notes");
        postgres.execute("DELETE FROM cutover.route_flag");
    }

    @Test
    void shouldInjectTheRoutedRepositoryWhereTheInterfaceIsAskedForWithRoutesFromProperties() {
        clear();
        runner().withPropertyValues("cutover.routes.NoteRepository.findById=postgres").run(context -> {
            assertThat(context).hasNotFailed();
            NoteRepository notes = context.getBean(NoteRepository.class);
            notes.save(new Note(1, "written to legacy"));
            postgres.execute("INSERT INTO notes VALUES (1, 'read from postgres')");

            assertThat(notes.findById(1)).contains(new Note(1, "read from postgres"));
            assertThat(legacy.queryLong("SELECT count(*) FROM tbl_notes WHERE text = 'written to legacy'")).isEqualTo(1);
            assertThat(context.getBean(Cutover.class).routes()).extracting(Object::toString).contains(
                    "NoteRepository.findById (read) -> postgres [method: CUTOVER_ROUTE__NOTE_REPOSITORY__FIND_BY_ID]",
                    "NoteRepository.save (write) -> legacy [default: built-in default]");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> routes = (List<Map<String, Object>>) context.getBean(CutoverEndpoint.class).state()
                    .get("routes");
            assertThat(routes).anySatisfy(r -> assertThat(r).containsEntry("method", "NoteRepository.findById")
                    .containsEntry("source", "cutover.routes.NoteRepository.findById (as"
                            + " CUTOVER_ROUTE__NOTE_REPOSITORY__FIND_BY_ID)"));
        });
    }

    @Test
    void shouldRefuseToStartOnAnUnknownRouteKeyOrValueNamingThePropertyWithADidYouMean() {
        runner().withPropertyValues("cutover.routes.NoteRepositry=postgres", "cutover.routes.NoteRepository.findByIdd=postgres",
                "cutover.routes.noterepository.SAVE=postgres", "cutover.routes.default=treu").run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = new CutoverFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).isEqualTo("Invalid route configuration (3 problems):\n"
                            + "  - cutover.routes.NoteRepository.findByIdd names method findByIdd, which NoteRepository does"
                            + " not have; did you mean cutover.routes.NoteRepository.findById?\n"
                            + "  - cutover.routes.NoteRepositry is not a route target; expected cutover.routes.override,"
                            + " cutover.routes.default, cutover.routes.<Repository> or cutover.routes.<Repository>.<method>"
                            + " (routed: NoteRepository); did you mean cutover.routes.NoteRepository?\n"
                            + "  - cutover.routes.default='treu' is not a route; allowed: legacy, legacy-dual, postgres-dual,"
                            + " postgres");
                    assertThat(analysis.getAction()).startsWith("Correct each route setting listed above");
                });
    }

    @Test
    void shouldRollBackBothWritesOfATransactionalMethodWhenTheSecondFails() {
        clear();
        runner().run(context -> {
            NoteService service = context.getBean(NoteService.class);

            assertThatThrownBy(() -> service.saveBoth(new Note(10, "first"), new Note(11, null)))
                    .isInstanceOf(RuntimeException.class);
            assertThat(legacy.queryLong("SELECT count(*) FROM tbl_notes")).isZero();

            service.saveBoth(new Note(10, "first"), new Note(11, "second"));
            assertThat(legacy.queryLong("SELECT count(*) FROM tbl_notes")).isEqualTo(2);
        });
    }

    @Test
    void shouldRaiseUnexpectedRollbackWhenATransactionalMethodCaughtAFailedRepositoryCall() {
        clear();
        runner().run(context -> {
            NoteService service = context.getBean(NoteService.class);

            assertThatThrownBy(() -> service.saveBothIgnoringAFailure(new Note(20, "first"), new Note(21, null)))
                    .isInstanceOf(UnexpectedRollbackException.class)
                    .hasMessageStartingWith("The unit of work was rolled back, not committed: a repository call in it "
                            + "failed (NoteRepository.save")
                    .hasCauseInstanceOf(UnitOfWorkRolledBackException.class);
            assertThat(legacy.queryLong("SELECT count(*) FROM tbl_notes")).as("the first note was not committed").isZero();

            service.saveBothIgnoringAFailure(new Note(20, "first"), new Note(21, "second"));
            assertThat(legacy.queryLong("SELECT count(*) FROM tbl_notes")).isEqualTo(2);
        });
    }

    @Test
    void shouldBindMetersPoolsAndBreakersToTheApplicationsRegistries() {
        clear();
        runner().withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withBean(CircuitBreakerRegistry.class, CircuitBreakerRegistry::ofDefaults).run(context -> {
                    context.getBean(NoteRepository.class).findById(1);
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    assertThat(registry.find("cutover.calls").timers()).isNotEmpty();
                    assertThat(registry.find("hikaricp.connections").tag("pool", "cutover-postgres").gauge()).isNotNull();
                    assertThat(registry.find("hikaricp.connections").tag("pool", "cutover-legacy").gauge()).isNotNull();
                    CircuitBreakerRegistry breakers = context.getBean(CircuitBreakerRegistry.class);
                    assertThat(breakers.find("cutover-postgres")).containsSame(
                            context.getBean(CutoverResilience.class).circuitBreaker(Backend.POSTGRES));
                });
    }

    @Test
    void shouldReportDownWithWhatToDoWhileABreakerIsOpen() {
        clear();
        runner().run(context -> {
            CutoverHealthIndicator health = context.getBean(CutoverHealthIndicator.class);
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);

            context.getBean(CutoverResilience.class).circuitBreaker(Backend.POSTGRES).transitionToOpenState();
            Health down = health.health();

            assertThat(down.getStatus()).isEqualTo(Status.DOWN);
            assertThat((List<?>) down.getDetails().get("problems")).singleElement().asString()
                    .startsWith("Circuit breaker cutover-postgres is OPEN: calls to postgres are refused");
        });
    }

    @Test
    void shouldChangeARouteThroughTheEndpointWithTheUserAsActorAndRefuseItWithoutOne() {
        clear();
        runner().run(context -> {
            CutoverEndpoint endpoint = context.getBean(CutoverEndpoint.class);
            NoteRepository notes = context.getBean(NoteRepository.class);
            postgres.execute("INSERT INTO notes VALUES (5, 'on postgres')");
            assertThat(notes.findById(5)).isEmpty();

            WebEndpointResponse<Map<String, Object>> anonymous = endpoint.change(user(null), "set",
                    "NoteRepository.findById", "postgres", null, null, null, "canary");
            assertThat(anonymous.getStatus()).isEqualTo(400);
            assertThat(anonymous.getBody().get("error")).asString().startsWith("Route changes through the actuator need an"
                    + " authenticated user");
            WebEndpointResponse<Map<String, Object>> typo = endpoint.change(user("alice"), "set", "NoteRepository.findByIdd",
                    "postgres", null, null, null, "canary");
            assertThat(typo.getStatus()).isEqualTo(400);
            assertThat(typo.getBody().get("error")).asString().contains("did you mean NoteRepository.findById?");

            WebEndpointResponse<Map<String, Object>> stale = endpoint.change(user("alice"), "set", "NoteRepository.findById",
                    "postgres", null, null, null, "canary");
            assertThat(stale.getStatus()).as("reads on postgres while writes stay on legacy alone").isEqualTo(400);
            assertThat(stale.getBody().get("error")).asString().contains("NoteRepository.findById: reads served by postgres");
            assertThat(endpoint.change(user("alice"), "set", "NoteRepository.save", "legacy-dual", null, null, null,
                    "writes reach both first").getStatus()).isEqualTo(200);

            WebEndpointResponse<Map<String, Object>> set = endpoint.change(user("alice"), "set", "NoteRepository.findById",
                    "postgres", null, null, null, "canary");

            assertThat(set.getStatus()).isEqualTo(200);
            assertThat(set.getBody().get("audit")).asString().contains("actor=alice (actuator)", "to=postgres",
                    "reason=canary");
            assertThat(notes.findById(5)).contains(new Note(5, "on postgres"));
        });
    }

    @Test
    void shouldExplainAnUnreachableDatabaseAsDescriptionAndAction() {
        runner().withPropertyValues("cutover.postgres.url=jdbc:postgresql://127.0.0.1:1/app?password=secret").run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new CutoverFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("127.0.0.1:1").doesNotContain("secret");
            assertThat(analysis.getAction()).startsWith("Make the database reachable, or correct its URL (cutover.postgres.*");
        });
    }

    private static SecurityContext user(String name) {
        return new SecurityContext() {
            @Override
            public Principal getPrincipal() {
                return name == null ? null : () -> name;
            }

            @Override
            public boolean isUserInRole(String role) {
                return false;
            }
        };
    }
}
