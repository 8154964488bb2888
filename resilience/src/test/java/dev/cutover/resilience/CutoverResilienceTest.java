package dev.cutover.resilience;

import static dev.cutover.resilience.Accounts.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.Backend;
import dev.cutover.Cutover;
import dev.cutover.DataAccessException;
import dev.cutover.routing.Route;
import dev.cutover.routing.RouteSource;
import dev.cutover.status.BreakerStatus;
import dev.cutover.testsupport.Await;
import dev.cutover.testsupport.LogCapture;
import dev.cutover.testsupport.ManualClock;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Circuit breaker, time limit, retries and fallback on in-memory repositories (pure logic: no database). */
class CutoverResilienceTest {
    private final Accounts.Side legacy = new Accounts.Side(Backend.LEGACY);
    private final Accounts.Side postgres = new Accounts.Side(Backend.POSTGRES);
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-21T10:00:00Z"));
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final CutoverMetrics metrics = CutoverMetrics.of(registry);
    private final List<Cutover> opened = new ArrayList<>();
    private CutoverResilience resilience;

    @AfterEach
    void close() {
        legacy.gate = null;
        postgres.gate = null;
        opened.forEach(Cutover::close);
    }

    private Accounts accounts(Route route, CutoverResilience.Builder settings) {
        Cutover.Builder builder = Cutover.builder().routes(RouteSource.fixed(route)).repository(Accounts.class, legacy, postgres);
        metrics.install(builder);
        resilience = settings.metrics(metrics).clock(clock).build().install(builder);
        Cutover cutover = builder.build();
        opened.add(cutover);
        return cutover.repository(Accounts.class);
    }

    private static CircuitBreakerConfig smallBreaker() {
        return CircuitBreakerConfig.custom().slidingWindowSize(4).minimumNumberOfCalls(4).failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(10)).permittedNumberOfCallsInHalfOpenState(2).build();
    }

    private double count(String name, String... tags) {
        return registry.find(name).tags(tags).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    @Test
    void shouldOpenHalfOpenAndCloseTheBreakerWithAManualClock() {
        Accounts accounts = accounts(Route.POSTGRES, CutoverResilience.custom().circuitBreaker(smallBreaker()).withoutRetries());
        CircuitBreaker breaker = resilience.circuitBreaker(Backend.POSTGRES);
        postgres.always = failure(Backend.POSTGRES, "08006");
        try (LogCapture log = new LogCapture(CutoverResilience.class)) {
            for (int i = 0; i < 4; i++) {
                assertThatThrownBy(() -> accounts.findName(1)).isSameAs(postgres.always);
            }
            assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);

            assertThatThrownBy(() -> accounts.findName(1)).isInstanceOf(CircuitOpenException.class)
                    .hasMessage("Not calling postgres for Accounts.findName: circuit breaker 'cutover-postgres' is OPEN after a "
                            + "failure rate of 100.0% (threshold 50.0%); a trial call is let through after 10000 ms")
                    .satisfies(e -> assertThat(((CircuitOpenException) e).backend()).isEqualTo(Backend.POSTGRES));
            assertThat(postgres.calls).as("an open breaker does not call").hasValue(4);

            clock.advance(Duration.ofSeconds(9));
            assertThatThrownBy(() -> accounts.findName(1)).isInstanceOf(CircuitOpenException.class);
            clock.advance(Duration.ofMillis(1_001));
            postgres.always = null;
            assertThat(accounts.findName(1)).contains("postgres:1");
            assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
            assertThat(accounts.findName(2)).contains("postgres:2");
            assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);

            assertThat(log.lines()).containsExactly(
                    "WARN Circuit breaker 'cutover-postgres': CLOSED -> OPEN (failure rate 100.0% of the last 4 calls); "
                            + "postgres is not called for a while",
                    "INFO Circuit breaker 'cutover-postgres': OPEN -> HALF_OPEN; trial calls go to postgres",
                    "INFO Circuit breaker 'cutover-postgres': HALF_OPEN -> CLOSED; postgres is called again");
        }
        assertThat(registry.get("cutover.circuit_breaker.state").tags("backend", "postgres", "state", "closed").gauge().value())
                .isEqualTo(1.0);
        assertThat(registry.get("cutover.circuit_breaker.state").tags("backend", "postgres", "state", "open").gauge().value())
                .isEqualTo(0.0);
        assertThat(count("cutover.errors", "backend", "postgres", "error", "08")).isEqualTo(4);
        assertThat(count("cutover.errors", "backend", "postgres", "error", "circuit_open")).isEqualTo(2);
    }

    @Test
    void shouldReportEachBreakersStateFailureRateRefusedCallsAndFallbacks() {
        Accounts accounts = accounts(Route.POSTGRES, CutoverResilience.custom().circuitBreaker(smallBreaker()).withoutRetries()
                .fallbackToLegacy(true));
        assertThat(resilience.breakerStatus()).containsExactly(
                new BreakerStatus(Backend.LEGACY, "cutover-legacy", "CLOSED", -1.0f, 0, 0, 0, 0),
                new BreakerStatus(Backend.POSTGRES, "cutover-postgres", "CLOSED", -1.0f, 0, 0, 0, 0));

        postgres.always = failure(Backend.POSTGRES, "08006");
        for (int i = 0; i < 6; i++) {
            assertThat(accounts.findName(i)).contains("legacy:" + i);
        }

        BreakerStatus status = resilience.breakerStatus().get(1);
        assertThat(status).isEqualTo(new BreakerStatus(Backend.POSTGRES, "cutover-postgres", "OPEN", 100.0f, 4, 4, 2, 6));
        assertThat(status.permitsCalls()).isFalse();
        assertThat(resilience.breakerStatus().get(0).permitsCalls()).isTrue();
    }

    @Test
    void shouldCountOnlySignsOfAnUnavailableBackendAsBreakerFailures() {
        Accounts accounts = accounts(Route.POSTGRES, CutoverResilience.custom().circuitBreaker(smallBreaker()).withoutRetries());
        postgres.always = failure(Backend.POSTGRES, "23505");

        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> accounts.updateName(1, "x")).isSameAs(postgres.always);
        }

        assertThat(resilience.circuitBreaker(Backend.POSTGRES).getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(count("cutover.errors", "backend", "postgres", "error", "23")).isEqualTo(10);
    }

    @Test
    void shouldRetryAReadOnATransientSqlState() {
        Accounts accounts = accounts(Route.POSTGRES, CutoverResilience.custom().retries(3, Duration.ofMillis(1)));
        postgres.next.add(failure(Backend.POSTGRES, "40001"));
        postgres.next.add(failure(Backend.POSTGRES, "08006"));

        assertThat(accounts.findName(7)).contains("postgres:7");

        assertThat(postgres.calls).hasValue(3);
        assertThat(count("cutover.retries", "repository", "Accounts", "method", "findName", "backend", "postgres")).isEqualTo(2);
        assertThat(registry.get("cutover.calls").tags("method", "findName", "backend", "postgres", "outcome", "success")
                .timer().count()).as("one call as the caller saw it").isEqualTo(1);
    }

    @Test
    void shouldGiveUpAfterTheLastAttemptWithTheLastFailure() {
        Accounts accounts = accounts(Route.LEGACY, CutoverResilience.custom().retries(3, Duration.ofMillis(1)));
        DataAccessException last = failure(Backend.LEGACY, "57P01");
        legacy.next.add(failure(Backend.LEGACY, "08006"));
        legacy.next.add(failure(Backend.LEGACY, "40P01"));
        legacy.next.add(last);

        assertThatThrownBy(() -> accounts.findName(7)).isSameAs(last);
        assertThat(legacy.calls).hasValue(3);
    }

    @Test
    void shouldNeverRetryAWriteNotDeclaredIdempotent() {
        Accounts accounts = accounts(Route.POSTGRES, CutoverResilience.custom().retries(3, Duration.ofMillis(1)));
        postgres.next.add(failure(Backend.POSTGRES, "08006"));

        assertThatThrownBy(() -> accounts.updateName(1, "x")).hasMessage("Call to postgres failed: simulated 08006");

        assertThat(postgres.calls).hasValue(1);
        assertThat(count("cutover.retries")).isZero();
    }

    @Test
    void shouldRetryAWriteDeclaredIdempotent() {
        Accounts accounts = accounts(Route.POSTGRES, CutoverResilience.custom().retries(3, Duration.ofMillis(1)));
        postgres.next.add(failure(Backend.POSTGRES, "08006"));

        accounts.saveAccount(1, "x");

        assertThat(postgres.calls).hasValue(2);
    }

    @Test
    void shouldNotRetryStatesThatAreNotTransient() {
        Accounts accounts = accounts(Route.POSTGRES, CutoverResilience.custom().retries(3, Duration.ofMillis(1)));
        for (String state : List.of("23505", "55P03", "57014", "53300", "42P01")) {
            postgres.next.add(failure(Backend.POSTGRES, state));
            assertThatThrownBy(() -> accounts.findName(1)).hasMessage("Call to postgres failed: simulated " + state);
        }
        assertThat(postgres.calls).hasValue(5);
    }

    @Test
    void shouldRetryTheStatesConfigured() {
        Accounts accounts = accounts(Route.POSTGRES, CutoverResilience.custom().retries(2, Duration.ofMillis(1))
                .retrySqlStates("55P03"));
        postgres.next.add(failure(Backend.POSTGRES, "55P03"));
        assertThat(accounts.findName(1)).isPresent();
        postgres.next.add(failure(Backend.POSTGRES, "08006"));
        assertThatThrownBy(() -> accounts.findName(1)).hasMessage("Call to postgres failed: simulated 08006");
        assertThat(postgres.calls).hasValue(3);
    }

    @Test
    void shouldNotRetryInsideAUnitOfWork() {
        Accounts accounts = accounts(Route.POSTGRES, CutoverResilience.custom().retries(3, Duration.ofMillis(1)));
        postgres.next.add(failure(Backend.POSTGRES, "40001"));

        assertThatThrownBy(() -> opened.get(0).transaction(() -> accounts.findName(1)))
                .hasMessage("Call to postgres failed: simulated 40001");
        assertThat(postgres.calls).hasValue(1);
    }

    @Test
    void shouldStopWaitingForASlowReadAtTheTimeLimitButNeverForAWrite() throws Exception {
        Accounts accounts = accounts(Route.POSTGRES, CutoverResilience.custom().timeLimit(Duration.ofMillis(100)));
        postgres.gate = new CountDownLatch(1);
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try {
            // A write that postgres holds until the read below has outlasted the time limit.
            Future<?> write = writer.submit(() -> accounts.saveAccount(1, "x"));
            Await.until("the write to reach postgres", () -> postgres.calls.get() == 1);

            long start = System.nanoTime();
            assertThatThrownBy(() -> accounts.findName(1)).isInstanceOf(BackendTimeoutException.class)
                    .hasMessage("Accounts.findName on postgres did not answer within 100 ms; the caller stopped waiting, the "
                            + "statement may still run: bound it on the server with statement_timeout");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("caller's wait, ms").isBetween(100L, 1_000L);

            assertThat(write).as("the write, held longer than the time limit, still waited").isNotDone();
            postgres.gate.countDown();
            write.get(5, TimeUnit.SECONDS);
            assertThat(count("cutover.errors", "backend", "postgres", "error", "timeout")).isEqualTo(1);
        } finally {
            writer.shutdownNow();
        }
    }

    @Test
    void shouldRefuseATimeLimitedReadAtOnceWhenEveryThreadAndQueueSlotIsBusy() throws Exception {
        Accounts accounts = accounts(Route.POSTGRES, CutoverResilience.custom().timeLimit(Duration.ofSeconds(5))
                .timeLimitThreads(1).timeLimitQueueCapacity(1));
        postgres.gate = new CountDownLatch(1);
        List<Thread> callerThreads = new CopyOnWriteArrayList<>();
        ExecutorService callers = Executors.newFixedThreadPool(2, task -> {
            Thread thread = new Thread(task, "caller-" + (callerThreads.size() + 1));
            callerThreads.add(thread);
            return thread;
        });
        try {
            Future<?> first = callers.submit(() -> accounts.findName(1));
            Future<?> second = callers.submit(() -> accounts.findName(2));
            // One call holds the time-limit thread (postgres holds it at the gate), the other waits in the queue.
            Await.until("the first call to reach postgres", () -> postgres.calls.get() == 1);
            Await.until("both callers to wait on their time-limited calls",
                    () -> callerThreads.size() == 2 && callerThreads.stream().allMatch(CutoverResilienceTest::waitsOnAFuture));

            assertThatThrownBy(() -> accounts.findName(3)).isInstanceOf(BackendBusyException.class)
                    .hasMessage("Accounts.findName on postgres was refused: all 1 time-limit threads are busy and 1 calls "
                            + "wait; the backend is slower than the time limit allows (raise timeLimitThreads or "
                            + "timeLimitQueueCapacity only if it is not)");
            postgres.gate.countDown();
            first.get(5, TimeUnit.SECONDS);
            second.get(5, TimeUnit.SECONDS);
        } finally {
            callers.shutdownNow();
        }
    }

    /** A caller that submitted its call to the time-limit executor and waits for its answer. */
    private static boolean waitsOnAFuture(Thread thread) {
        return Arrays.stream(thread.getStackTrace()).anyMatch(frame -> frame.getClassName().equals(FutureTask.class.getName())
                && frame.getMethodName().equals("get"));
    }

    @Test
    void shouldServeReadsFromLegacyWhilePostgresFailsAndLogOncePerChange() {
        Accounts accounts = accounts(Route.POSTGRES, CutoverResilience.custom().withoutRetries().fallbackToLegacy(true));
        postgres.always = failure(Backend.POSTGRES, "08001");
        try (LogCapture log = new LogCapture(CutoverResilience.class)) {
            for (int i = 0; i < 5; i++) {
                assertThat(accounts.findName(i)).contains("legacy:" + i);
            }
            postgres.always = null;
            assertThat(accounts.findName(9)).contains("postgres:9");
            assertThat(accounts.findName(9)).contains("postgres:9");

            assertThat(log.lines()).containsExactly(
                    "WARN Reads routed to postgres are now served by legacy: Accounts.findName failed on postgres (connection): "
                            + "Call to postgres failed: simulated 08001",
                    "INFO Reads routed to postgres are served by postgres again; legacy served 5 of them meanwhile");
        }
        assertThat(resilience.fallbacks()).isEqualTo(5);
        assertThat(count("cutover.fallbacks", "repository", "Accounts", "method", "findName", "reason", "connection")).isEqualTo(5);
    }

    @Test
    void shouldServeReadsFromLegacyWithoutCallingPostgresWhileItsBreakerIsOpen() {
        Accounts accounts = accounts(Route.POSTGRES, CutoverResilience.custom().circuitBreaker(smallBreaker())
                .withoutRetries().fallbackToLegacy(true));
        postgres.always = failure(Backend.POSTGRES, "57P03");
        for (int i = 0; i < 6; i++) {
            assertThat(accounts.findName(i)).contains("legacy:" + i);
        }

        assertThat(postgres.calls).as("4 failures open the breaker").hasValue(4);
        assertThat(count("cutover.fallbacks", "reason", "unavailable")).isEqualTo(4);
        assertThat(count("cutover.fallbacks", "reason", "circuit_open")).isEqualTo(2);
    }

    @Test
    void shouldNotFallBackOnAnErrorThatProvesPostgresAnswered() {
        Accounts accounts = accounts(Route.POSTGRES, CutoverResilience.custom().fallbackToLegacy(true));
        postgres.always = failure(Backend.POSTGRES, "42703");

        assertThatThrownBy(() -> accounts.findName(1)).isSameAs(postgres.always);
        assertThat(legacy.calls).hasValue(0);
        assertThat(resilience.fallbacks()).isZero();
    }

    @Test
    void shouldNotFallBackInsideAUnitOfWork() {
        Accounts accounts = accounts(Route.POSTGRES, CutoverResilience.custom().withoutRetries().fallbackToLegacy(true));
        postgres.always = failure(Backend.POSTGRES, "08006");

        assertThatThrownBy(() -> opened.get(0).transaction(() -> accounts.findName(1))).isSameAs(postgres.always);
        assertThat(legacy.calls).hasValue(0);
    }

    @Test
    void shouldKeepTheLegacyFailureWithThePostgresOneSuppressed() {
        Accounts accounts = accounts(Route.POSTGRES, CutoverResilience.custom().withoutRetries().fallbackToLegacy(true));
        postgres.always = failure(Backend.POSTGRES, "08006");
        legacy.always = failure(Backend.LEGACY, "08006");

        assertThatThrownBy(() -> accounts.findName(1)).isSameAs(legacy.always)
                .satisfies(e -> assertThat(e.getSuppressed()).containsExactly(postgres.always));
    }

    @Test
    void shouldTimeEveryCallPerMethodBackendAndOutcome() {
        Accounts accounts = accounts(Route.LEGACY, CutoverResilience.custom().withoutRetries());
        accounts.findName(1);
        accounts.findName(2);
        legacy.next.add(failure(Backend.LEGACY, "23505"));
        assertThatThrownBy(() -> accounts.saveAccount(1, "x")).isInstanceOf(DataAccessException.class);

        assertThat(registry.get("cutover.calls").tags("repository", "Accounts", "method", "findName", "kind", "read",
                "backend", "legacy", "outcome", "success").timer().count()).isEqualTo(2);
        assertThat(registry.get("cutover.calls").tags("repository", "Accounts", "method", "saveAccount", "kind", "write",
                "backend", "legacy", "outcome", "error").timer().count()).isEqualTo(1);
        assertThat(count("cutover.errors", "method", "saveAccount", "error", "23")).isEqualTo(1);
        assertThat(registry.getMeters()).allSatisfy(meter -> assertThat(meter.getId().getTags())
                .extracting(tag -> tag.getKey())
                .isSubsetOf("repository", "method", "kind", "backend", "outcome", "error", "reason", "state", "secondary"));
    }

    @Test
    void shouldRefuseBadSettingsNamingTheValue() {
        assertThatThrownBy(() -> CutoverResilience.custom().retries(0, Duration.ofMillis(10)))
                .hasMessage("maxAttempts must be at least 1 (1 means no retries), was '0'");
        assertThatThrownBy(() -> CutoverResilience.custom().retries(2, Duration.ZERO))
                .hasMessage("retry backoff must be at least 1 ms, was 'PT0S'");
        assertThatThrownBy(() -> CutoverResilience.custom().retrySqlStates("0800"))
                .hasMessage("retry SQLState '0800' is neither a class of 2 characters ('08') nor a state of 5 ('40001'), "
                        + "in digits and capital letters");
        assertThatThrownBy(() -> CutoverResilience.custom().timeLimit(Duration.ofNanos(10)))
                .hasMessage("timeLimit must be at least 1 ms, was 'PT0.00000001S'");
        assertThatThrownBy(() -> CutoverResilience.custom().timeLimitThreads(0))
                .hasMessage("timeLimitThreads must be at least 1, was '0'");
    }

    @Test
    void shouldInstallOnlyOnce() {
        CutoverResilience once = CutoverResilience.custom().build();
        once.install(Cutover.builder());
        assertThatThrownBy(() -> once.install(Cutover.builder()))
                .hasMessage("This CutoverResilience is already installed in a Cutover; build another for another Cutover "
                        + "(circuit breakers are per Cutover)");
    }
}
