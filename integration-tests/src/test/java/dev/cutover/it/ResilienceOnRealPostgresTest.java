package dev.cutover.it;

import dev.cutover.testsupport.LogCapture;
import dev.cutover.testsupport.ManualClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.Backend;
import dev.cutover.Cutover;
import dev.cutover.DataAccessException;
import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.reference.Client;
import dev.cutover.reference.ClientRepository;
import dev.cutover.reference.ReferenceData;
import dev.cutover.reference.legacy.LegacyRepositories;
import dev.cutover.reference.postgres.PostgresRepositories;
import dev.cutover.reference.schema.ReferenceSchemas;
import dev.cutover.resilience.CutoverMetrics;
import dev.cutover.resilience.CutoverResilience;
import dev.cutover.routing.Route;
import dev.cutover.routing.RouteSource;
import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestPostgres;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Resilience against a real PostgreSQL behind a TCP proxy that cuts, refuses and stalls connections: retries of
 * reads on a lost connection (never of an undeclared write), fallback to legacy while PostgreSQL is down or hangs,
 * and the breaker's way back, with metrics and one log line per change.
 */
class ResilienceOnRealPostgresTest {
    private static final String SERVED_BY_LEGACY = "Served by legacy";

    private static TestDatabase legacyDatabase;
    private static TestDatabase targetDatabase;
    private static final ReferenceData DATA = ReferenceData.generate(41, 1, 3);

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-21T10:00:00Z"));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private PostgresBehindProxy proxy;
    private Cutover cutover;
    private CutoverResilience resilience;

    @BeforeAll
    static void createDatabases() {
        legacyDatabase = TestPostgres.server().createDatabase("resilience_legacy");
        targetDatabase = TestPostgres.server().createDatabase("resilience_target");
        try (LegacyAdapter legacy = ReferenceEnvironment.legacyAdapter(legacyDatabase);
                PostgresAdapter postgres = ReferenceEnvironment.postgresAdapter(targetDatabase)) {
            ReferenceSchemas.migrateLegacy(legacy.connections().dataSource());
            ReferenceSchemas.migrateTarget(postgres.connections().dataSource());
            new LegacyRepositories(legacy).clientStore().upsertAll(DATA.clients());
            new PostgresRepositories(postgres).clientStore().upsertAll(DATA.clients());
        }
        legacyDatabase.execute("UPDATE tbl_clients SET full_name = '" + SERVED_BY_LEGACY + "'");
    }

    @AfterAll
    static void dropDatabases() {
        legacyDatabase.close();
        targetDatabase.close();
    }

    @AfterEach
    void close() {
        if (proxy != null && proxy.crusher.isFrozen()) {
            proxy.crusher.unfreeze();
        }
        if (cutover != null) {
            cutover.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    private ClientRepository clients(CutoverResilience.Builder settings) {
        proxy = new PostgresBehindProxy(targetDatabase);
        LegacyAdapter legacyAdapter = ReferenceEnvironment.legacyAdapter(legacyDatabase);
        PostgresAdapter postgresAdapter = proxy.adapter(Duration.ofMillis(500));
        CutoverMetrics metrics = CutoverMetrics.of(registry);
        Cutover.Builder builder = Cutover.builder().legacy(legacyAdapter).postgres(postgresAdapter)
                .routes(RouteSource.fixed(Route.POSTGRES))
                .repository(ClientRepository.class, new LegacyRepositories(legacyAdapter).clients(),
                        new PostgresRepositories(postgresAdapter).clients());
        metrics.install(builder);
        resilience = settings.metrics(metrics).clock(clock).build().install(builder);
        cutover = builder.build();
        return cutover.repository(ClientRepository.class);
    }

    private static CircuitBreakerConfig breakerOfFour() {
        return CircuitBreakerConfig.custom().slidingWindowSize(4).minimumNumberOfCalls(4).failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(10)).permittedNumberOfCallsInHalfOpenState(1).build();
    }

    private double count(String name, String... tags) {
        return registry.find(name).tags(tags).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private static String nameOf(ClientRepository clients, long id) {
        return clients.findById(id).map(Client::name).orElseThrow();
    }

    @Test
    void shouldRetryAReadWhoseConnectionWasCutAndServeItFromPostgres() {
        ClientRepository clients = clients(CutoverResilience.custom().retries(3, Duration.ofMillis(5)));
        String name = DATA.clients().get(0).name();
        assertThat(nameOf(clients, 1)).isEqualTo(name);

        proxy.crusher.closeAllPairs();

        assertThat(nameOf(clients, 1)).isEqualTo(name);
        assertThat(count("cutover.retries", "method", "findById", "backend", "postgres")).isEqualTo(1);
        assertThat(registry.get("cutover.calls").tags("method", "findById", "backend", "postgres", "outcome", "success")
                .timer().count()).isEqualTo(2);
    }

    @Test
    void shouldNeverRetryAWriteThatIsNotDeclaredIdempotent() {
        ClientRepository clients = clients(CutoverResilience.custom().retries(3, Duration.ofMillis(5)));
        assertThat(nameOf(clients, 1)).isNotEqualTo(SERVED_BY_LEGACY);

        proxy.crusher.closeAllPairs();

        assertThatThrownBy(() -> clients.save(DATA.clients().get(1))).isInstanceOf(DataAccessException.class)
                .satisfies(e -> assertThat(((DataAccessException) e).sqlState()).isEqualTo("08006"));
        assertThat(count("cutover.retries")).isZero();
        assertThat(count("cutover.errors", "method", "save", "backend", "postgres", "error", "08")).isEqualTo(1);
    }

    @Test
    void shouldServeReadsFromLegacyWhilePostgresRefusesConnectionsAndComeBackThroughTheBreaker() {
        ClientRepository clients = clients(CutoverResilience.custom().circuitBreaker(breakerOfFour()).withoutRetries()
                .fallbackToLegacy(true));
        assertThat(nameOf(clients, 1)).isNotEqualTo(SERVED_BY_LEGACY);
        try (LogCapture log = new LogCapture(CutoverResilience.class)) {
            proxy.crusher.close();

            for (int i = 0; i < 6; i++) {
                assertThat(nameOf(clients, 1)).isEqualTo(SERVED_BY_LEGACY);
            }
            CircuitBreaker breaker = resilience.circuitBreaker(Backend.POSTGRES);
            assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
            // The window holds the warm-up success and 3 failures: 75% >= 50% opens it; the other 3 reads meet it open.
            assertThat(count("cutover.fallbacks", "method", "findById", "reason", "connection")).isEqualTo(3);
            assertThat(count("cutover.fallbacks", "method", "findById", "reason", "circuit_open")).isEqualTo(3);
            assertThat(resilience.fallbacks()).isEqualTo(6);
            assertThat(registry.get("cutover.circuit_breaker.state").tags("backend", "postgres", "state", "open").gauge().value())
                    .isEqualTo(1.0);

            proxy.crusher.open();
            clock.advance(Duration.ofSeconds(11));

            assertThat(nameOf(clients, 1)).isEqualTo(DATA.clients().get(0).name());
            assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
            assertThat(log.lines()).hasSize(5);
            assertThat(log.lines().get(0)).startsWith("WARN Reads routed to postgres are now served by legacy: "
                    + "ClientRepository.findById failed on postgres (connection): ");
            assertThat(log.lines().subList(1, 5)).containsExactly(
                    "WARN Circuit breaker 'cutover-postgres': CLOSED -> OPEN (failure rate 75.0% of the last 4 calls); "
                            + "postgres is not called for a while",
                    "INFO Circuit breaker 'cutover-postgres': OPEN -> HALF_OPEN; trial calls go to postgres",
                    "INFO Circuit breaker 'cutover-postgres': HALF_OPEN -> CLOSED; postgres is called again",
                    "INFO Reads routed to postgres are served by postgres again; legacy served 6 of them meanwhile");
        }
    }

    @Test
    void shouldServeAReadFromLegacyWhenPostgresHangsPastTheTimeLimit() {
        ClientRepository clients = clients(CutoverResilience.custom().withoutRetries().fallbackToLegacy(true)
                .timeLimit(Backend.POSTGRES, Duration.ofMillis(300)));
        assertThat(nameOf(clients, 1)).isNotEqualTo(SERVED_BY_LEGACY);

        proxy.crusher.freeze();
        long start = System.nanoTime();
        String name = nameOf(clients, 2);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(name).isEqualTo(SERVED_BY_LEGACY);
        assertThat(millis).as("the time limit, then legacy").isBetween(300L, 2_000L);
        assertThat(count("cutover.fallbacks", "reason", "timeout")).isEqualTo(1);
        assertThat(count("cutover.errors", "backend", "postgres", "error", "timeout")).isEqualTo(1);
    }
}
