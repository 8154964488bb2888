package dev.cutover.shadow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.Backend;
import dev.cutover.Cutover;
import dev.cutover.DataAccessException;
import dev.cutover.compare.ComparisonRules;
import dev.cutover.compare.Difference;
import dev.cutover.routing.RepositoryMethod;
import dev.cutover.routing.Route;
import dev.cutover.testsupport.Await;
import dev.cutover.testsupport.LogCapture;
import dev.cutover.testsupport.ManualClock;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Shadow reads on in-memory repositories: the timing, sampling, bounding and reporting logic. */
class ShadowReadsTest {
    private static final Instant START = Instant.parse("2026-11-21T10:00:00Z");

    public interface Clients {
        Optional<Client> findClient(long id);

        List<Client> listClients(String company);

        Stream<Client> streamClients();

        void saveClient(Client client);
    }

    public record Client(long id, String name, String tone, Instant updatedAt) {
    }

    /** An in-memory side whose reads can be made to wait or fail. */
    static final class Side implements Clients {
        final Map<Long, Client> rows = new ConcurrentHashMap<>();
        final AtomicInteger reads = new AtomicInteger();
        final AtomicInteger answered = new AtomicInteger();
        volatile CountDownLatch gate;
        volatile RuntimeException failure;

        @Override
        public Optional<Client> findClient(long id) {
            reads.incrementAndGet();
            CountDownLatch wait = gate;
            if (wait != null) {
                try {
                    wait.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (failure != null) {
                throw failure;
            }
            answered.incrementAndGet();
            return Optional.ofNullable(rows.get(id));
        }

        @Override
        public List<Client> listClients(String company) {
            reads.incrementAndGet();
            return rows.values().stream().sorted(java.util.Comparator.comparingLong(Client::id)).toList();
        }

        @Override
        public Stream<Client> streamClients() {
            return rows.values().stream();
        }

        @Override
        public void saveClient(Client client) {
            rows.put(client.id(), client);
        }
    }

    private final Side legacy = new Side();
    private final Side postgres = new Side();
    private final SwitchableRoutes routes = new SwitchableRoutes();
    private final List<Cutover> opened = new ArrayList<>();

    @AfterEach
    void closeCutovers() {
        legacy.gate = null;
        postgres.gate = null;
        opened.forEach(Cutover::close);
    }

    private Clients clients(ShadowReads.Builder shadow) {
        Cutover.Builder builder = Cutover.builder().routes(routes).repository(Clients.class, legacy, postgres);
        shadow.build().install(builder);
        Cutover cutover = builder.build();
        opened.add(cutover);
        routes.set(Route.LEGACY_DUAL);
        return cutover.repository(Clients.class);
    }

    private ShadowReads install(ShadowReads.Builder shadow) {
        ShadowReads reads = shadow.build();
        Cutover.Builder builder = Cutover.builder().routes(routes).repository(Clients.class, legacy, postgres);
        reads.install(builder);
        opened.add(builder.build());
        routes.set(Route.LEGACY_DUAL);
        return reads;
    }

    private Clients repository() {
        return opened.get(opened.size() - 1).repository(Clients.class);
    }

    /** The shadow worker threads alive now (other tests' included, until they end). */
    private static Set<Thread> shadowWorkers() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("cutover-shadow-") && !t.getName().startsWith("cutover-shadow-timer-"))
                .collect(Collectors.toSet());
    }

    /** The shadow workers started since {@code before}: those of the shadow reads just installed. */
    private static Set<Thread> started(Set<Thread> before) {
        Set<Thread> started = shadowWorkers();
        started.removeAll(before);
        assertThat(started).as("the installed shadow reads' workers").isNotEmpty();
        return started;
    }

    /**
     * Closing lets the workers finish every read they were given, then stops them: once they have ended, every
     * outcome that will ever be counted has been, and what was not counted never will be.
     */
    private static void closeAndAwaitTheEndOf(ShadowReads shadow, Set<Thread> workers) {
        shadow.close();
        Await.until("the shadow workers to finish their reads and end", () -> workers.stream().noneMatch(Thread::isAlive));
    }

    private void both(Client client) {
        legacy.rows.put(client.id(), client);
        postgres.rows.put(client.id(), client);
    }

    @Test
    void shouldServeLegacyAndReportTheFieldThatDiffersOnLegacyDual() throws Exception {
        both(new Client(1, "Anna", "warm", START));
        postgres.rows.put(1L, new Client(1, "Anna", "brief", START));
        ShadowReads shadow = install(ShadowReads.custom().sampleRate(1.0).clock(new ManualClock(START)));

        assertThat(repository().findClient(1)).map(Client::tone).contains("warm");

        Await.until("the mismatch", () -> shadow.stats().mismatches() == 1);
        ShadowMismatch mismatch = shadow.recentMismatches().get(0);
        assertThat(mismatch.differences()).containsExactly(new Difference("tone", "warm", "brief"));
        assertThat(mismatch.method().qualifiedName()).isEqualTo("Clients.findClient");
        assertThat(mismatch.arguments()).isEqualTo("1");
        assertThat(mismatch.observedAt()).isEqualTo(START);
        assertThat(mismatch).hasToString("Clients.findClient(1) on legacy-dual (served by legacy, shadow-read postgres): "
                + "1 difference\n  tone: legacy='warm' postgres='brief'");
        assertThat(postgres.reads).hasValue(1);
    }

    @Test
    void shouldServePostgresAndKeepLegacyOnTheLegacySideOfTheDiffOnPostgresDual() throws Exception {
        both(new Client(1, "Anna", "warm", START));
        postgres.rows.put(1L, new Client(1, "Anna", "brief", START));
        ShadowReads shadow = install(ShadowReads.custom().sampleRate(1.0));
        routes.set(Route.POSTGRES_DUAL);

        assertThat(repository().findClient(1)).map(Client::tone).contains("brief");

        Await.until("the mismatch", () -> shadow.stats().mismatches() == 1);
        assertThat(shadow.recentMismatches().get(0).differences()).containsExactly(new Difference("tone", "warm", "brief"));
        assertThat(shadow.recentMismatches().get(0).secondary()).isEqualTo(Backend.LEGACY);
        assertThat(legacy.reads).hasValue(1);
    }

    @Test
    void shouldCountAMatchWhenTheAnswersAreEqualAfterNormalisation() throws Exception {
        both(new Client(1, "Anna", "warm", START));
        ShadowReads shadow = install(ShadowReads.custom().sampleRate(1.0));

        repository().findClient(1);
        repository().findClient(2);
        repository().listClients("any");

        Await.until("three matches", () -> shadow.stats().matches() == 3);
        assertThat(shadow.stats()).isEqualTo(new ShadowReadStats(3, 0, 0, 0, 0, 0));
        assertThat(shadow.recentMismatches()).isEmpty();
    }

    @Test
    void shouldApplyAMethodsOwnRulesAndTheDefaultRulesElsewhere() throws Exception {
        legacy.rows.put(1L, new Client(1, "Anna", "warm", START));
        postgres.rows.put(1L, new Client(1, "Anna", "warm", START.plusSeconds(1)));
        ShadowReads shadow = install(ShadowReads.custom().sampleRate(1.0)
                .rules(Clients.class, "listClients", ComparisonRules.custom().ignore("updatedAt").build()));

        repository().listClients("any");
        repository().findClient(1);

        Await.until("two outcomes", () -> shadow.stats().sampled() == 2);
        assertThat(shadow.stats().matches()).isEqualTo(1);
        assertThat(shadow.recentMismatches()).singleElement()
                .satisfies(m -> assertThat(m.method().method()).isEqualTo("findClient"))
                .satisfies(m -> assertThat(m.differences()).extracting(Difference::path).containsExactly("updatedAt"));
    }

    @Test
    void shouldNotDelayTheCallerWhileTheSecondaryHangs() throws Exception {
        both(new Client(1, "Anna", "warm", START));
        postgres.gate = new CountDownLatch(1);
        Set<Thread> before = shadowWorkers();
        ShadowReads shadow = install(ShadowReads.custom().sampleRate(1.0).timeout(Duration.ofMillis(200)));
        Set<Thread> workers = started(before);
        Clients clients = repository();

        long start = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            assertThat(clients.findClient(1)).isPresent();
        }
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        // The secondary would hold each call for 10 s; the caller's five calls take microseconds each.
        assertThat(elapsedMillis).as("caller's time for 5 calls, ms").isLessThan(100);
        Await.until("time-outs", () -> shadow.stats().timeouts() == 5);
        postgres.gate.countDown();
        closeAndAwaitTheEndOf(shadow, workers);
        assertThat(postgres.answered).as("hung reads answered late").hasPositiveValue();
        assertThat(shadow.stats()).as("late answers are ignored").isEqualTo(new ShadowReadStats(0, 0, 0, 5, 0, 0));
    }

    @Test
    void shouldReturnThePrimarysExceptionUnchangedAndNotShadowReadIt() {
        RuntimeException down = new DataAccessException(Backend.LEGACY, "legacy is down", new SQLException("refused", "08001"));
        legacy.failure = down;
        ShadowReads shadow = install(ShadowReads.custom().sampleRate(1.0));

        assertThatThrownBy(() -> repository().findClient(1)).isSameAs(down);
        assertThat(postgres.reads).hasValue(0);
        assertThat(shadow.stats().sampled()).isZero();
    }

    @Test
    void shouldRecordAndLogTheSecondarysFailureAndNeverThrowIt() throws Exception {
        both(new Client(1, "Anna", "warm", START));
        postgres.failure = new DataAccessException(Backend.POSTGRES, "Call to postgres failed: connection refused",
                new SQLException("connection refused", "08001"));
        try (LogCapture log = new LogCapture(ShadowReads.class)) {
            ShadowReads shadow = install(ShadowReads.custom().sampleRate(1.0));

            assertThat(repository().findClient(1)).isPresent();

            Await.until("the failure", () -> shadow.stats().failures() == 1);
            // The count is taken before the line is logged, on the shadow thread: wait for the line too.
            Await.until("the failure's log line", () -> !log.lines().isEmpty());
            assertThat(log.lines()).containsExactly("WARN Shadow read of Clients.findClient(1) on postgres failed "
                    + "(the caller got legacy's answer): dev.cutover.DataAccessException: Call to postgres failed: connection refused");
        }
    }

    @Test
    void shouldSampleExactlyTheCallsTheSamplerChooses() throws Exception {
        both(new Client(1, "Anna", "warm", START));
        ShadowReads shadow = install(ShadowReads.custom().sampler(ShadowSampler.rate(0.25, new Random(42))));
        Random same = new Random(42);
        int expected = 0;
        for (int i = 0; i < 400; i++) {
            expected += same.nextDouble() < 0.25 ? 1 : 0;
        }
        Clients clients = repository();

        for (int i = 0; i < 400; i++) {
            clients.findClient(1);
        }

        int sampled = expected;
        Await.until("the sampled reads", () -> shadow.stats().matches() == sampled);
        assertThat(postgres.reads).hasValue(expected);
        assertThat(expected).as("a quarter, give or take").isBetween(80, 120);
    }

    @Test
    void shouldGiveTheSamplerTheMethodAndArguments() throws Exception {
        both(new Client(1, "Anna", "warm", START));
        both(new Client(2, "Boris", "brief", START));
        Set<Thread> before = shadowWorkers();
        ShadowReads shadow = install(ShadowReads.custom()
                .sampler((method, arguments) -> method.method().equals("findClient") && (long) arguments[0] == 2));
        Set<Thread> workers = started(before);

        repository().findClient(1);
        repository().findClient(2);
        repository().listClients("any");

        Await.until("one match", () -> shadow.stats().matches() == 1);
        closeAndAwaitTheEndOf(shadow, workers);
        assertThat(shadow.stats().sampled()).isEqualTo(1);
        assertThat(postgres.reads).hasValue(1);
    }

    @Test
    void shouldDropShadowReadsRatherThanBlockWhenTheExecutorIsFull() throws Exception {
        both(new Client(1, "Anna", "warm", START));
        postgres.gate = new CountDownLatch(1);
        ShadowReads shadow = install(ShadowReads.custom().sampleRate(1.0).threads(1).queueCapacity(2)
                .timeout(Duration.ofSeconds(10)));
        Clients clients = repository();

        long start = System.nanoTime();
        clients.findClient(1);
        Await.until("the first shadow read to start", () -> postgres.reads.get() == 1);
        for (int i = 0; i < 9; i++) {
            clients.findClient(1);
        }
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(elapsedMillis).as("caller's time for 10 calls, ms").isLessThan(500);
        assertThat(shadow.stats().dropped()).as("1 running, 2 queued, the rest dropped").isEqualTo(7);
        postgres.gate.countDown();
        Await.until("the three reads taken", () -> shadow.stats().matches() == 3);
    }

    @Test
    void shouldSkipCallsInsideAUnitOfWork() throws Exception {
        both(new Client(1, "Anna", "warm", START));
        ShadowReads shadow = install(ShadowReads.custom().sampleRate(1.0));
        Cutover cutover = opened.get(0);

        cutover.transaction(() -> repository().findClient(1));

        assertThat(shadow.stats()).isEqualTo(new ShadowReadStats(0, 0, 0, 0, 0, 1));
        assertThat(postgres.reads).hasValue(0);
    }

    @Test
    void shouldSkipResultsThatCanBeReadOnlyOnce() {
        both(new Client(1, "Anna", "warm", START));
        ShadowReads shadow = install(ShadowReads.custom().sampleRate(1.0));

        assertThat(repository().streamClients()).hasSize(1);

        assertThat(shadow.stats().skipped()).isEqualTo(1);
    }

    @Test
    void shouldLogAtMostTheLimitPerMinuteAndSumUpTheRest() throws Exception {
        legacy.rows.put(1L, new Client(1, "Anna", "warm", START));
        postgres.rows.put(1L, new Client(1, "Anna", "brief", START));
        ManualClock clock = new ManualClock(START);
        try (LogCapture log = new LogCapture(ShadowReads.class)) {
            ShadowReads shadow = install(ShadowReads.custom().sampleRate(1.0).logLinesPerMinute(2).clock(clock));
            Clients clients = repository();
            for (int i = 0; i < 5; i++) {
                clients.findClient(1);
            }
            Await.until("five mismatches", () -> shadow.stats().mismatches() == 5);
            Await.until("two lines", () -> log.lines().size() >= 2);
            assertThat(log.lines()).hasSize(2).allMatch(line -> line.startsWith("WARN Shadow read mismatch: Clients.findClient(1)"));

            clock.advance(Duration.ofSeconds(61));
            clients.findClient(1);
            Await.until("the sixth mismatch", () -> shadow.stats().mismatches() == 6);
            // counted before it is logged, on the worker thread: wait for the line too
            Await.until("the summary and the sixth line", () -> log.lines().size() >= 4);

            assertThat(log.lines()).hasSize(4);
            assertThat(log.lines().get(2)).isEqualTo("WARN Suppressed 3 shadow-read log lines in the minute from "
                    + "2026-11-21T10:00:00Z (limit: 2 per minute); every outcome is still counted");
            assertThat(log.lines().get(3)).startsWith("WARN Shadow read mismatch: Clients.findClient(1)");
        }
    }

    @Test
    void shouldKeepTheMostRecentMismatchesNewestFirst() throws Exception {
        for (long id = 1; id <= 5; id++) {
            legacy.rows.put(id, new Client(id, "Anna", "warm", START));
            postgres.rows.put(id, new Client(id, "Anna", "brief", START));
        }
        ShadowReads shadow = install(ShadowReads.custom().sampleRate(1.0).threads(1).recentMismatches(3));

        for (long id = 1; id <= 5; id++) {
            repository().findClient(id);
        }

        Await.until("five mismatches", () -> shadow.stats().mismatches() == 5);
        assertThat(shadow.recentMismatches()).extracting(ShadowMismatch::arguments).containsExactly("5", "4", "3");
    }

    @Test
    void shouldTellListenersAndSurviveAListenerThatThrows() throws Exception {
        legacy.rows.put(1L, new Client(1, "Anna", "warm", START));
        postgres.rows.put(1L, new Client(1, "Anna", "brief", START));
        List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        ShadowReads shadow = install(ShadowReads.custom().sampleRate(1.0)
                .listener(new ShadowReadListener() {
                    @Override
                    public void outcome(RepositoryMethod method, Backend secondary, ShadowOutcome outcome) {
                        throw new IllegalStateException("listener bug");
                    }
                })
                .listener(new ShadowReadListener() {
                    @Override
                    public void outcome(RepositoryMethod method, Backend secondary, ShadowOutcome outcome) {
                        heard.add(method.method() + " " + secondary + " " + outcome.tag());
                    }

                    @Override
                    public void mismatch(ShadowMismatch mismatch) {
                        heard.add("mismatch " + mismatch.differences());
                    }
                }));

        assertThat(repository().findClient(1)).isPresent();

        Await.until("the outcome", () -> heard.size() == 2);
        assertThat(heard).containsExactly("mismatch [tone: legacy='warm' postgres='brief']", "findClient postgres mismatch");
        assertThat(shadow.stats().mismatches()).isEqualTo(1);
    }

    /** Tests and operators wait on stats; once an outcome is counted, every listener (metrics, tables) has it. */
    @Test
    void shouldCountAnOutcomeOnlyAfterEveryListenerHeardIt() throws Exception {
        both(new Client(1, "Anna", "warm", START));
        legacy.rows.put(2L, new Client(2, "Boris", "warm", START));
        postgres.rows.put(2L, new Client(2, "Boris", "brief", START));
        List<String> countedWhileTold = new java.util.concurrent.CopyOnWriteArrayList<>();
        ShadowReads[] self = new ShadowReads[1];
        ShadowReads shadow = install(ShadowReads.custom().sampleRate(1.0).listener(new ShadowReadListener() {
            @Override
            public void outcome(RepositoryMethod method, Backend secondary, ShadowOutcome outcome) {
                countedWhileTold.add(outcome.tag() + " " + self[0].stats().sampled());
            }
        }));
        self[0] = shadow;

        assertThat(repository().findClient(1)).isPresent();
        Await.until("the match", () -> shadow.stats().sampled() == 1);
        assertThat(repository().findClient(2)).isPresent();
        Await.until("the mismatch", () -> shadow.stats().sampled() == 2);

        assertThat(countedWhileTold).containsExactly("match 0", "mismatch 1");
    }

    @Test
    void shouldStopItsThreadsWhenTheCutoverCloses() throws Exception {
        both(new Client(1, "Anna", "warm", START));
        ShadowReads shadow = install(ShadowReads.custom().sampleRate(1.0).timeout(Duration.ofMillis(300)));
        repository().findClient(1);
        Await.until("the match", () -> shadow.stats().matches() == 1);
        assertThat(shadowThreads()).isPositive();

        opened.get(0).close();

        Await.until("no shadow thread", () -> shadowThreads() == 0);
        assertThat(repository().findClient(1)).as("still served by the primary").isPresent();
        assertThat(shadow.stats().sampled()).isEqualTo(1);
    }

    private static long shadowThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("cutover-shadow-")).count();
    }

    @Test
    void shouldRenderArgumentsShortenedAndNeverWhole() {
        List<Integer> many = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            many.add(i);
        }
        assertThat(dev.cutover.shadow.internal.Arguments.render(new Object[] {7L, "x".repeat(100), many, null,
                new Client(1, "Anna", "warm", START), new byte[4096]}))
                .isEqualTo("7, 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...', [0, 1, 2, ... (1000 items)], null, "
                        + "Client(id=1, name='Anna', tone='warm', updatedAt=2026-11-21T10:00:00Z), byte[4096]");
        assertThat(dev.cutover.shadow.internal.Arguments.render(new Object[] {"y".repeat(30), "y".repeat(30), "y".repeat(30),
                "y".repeat(30), "y".repeat(30), "y".repeat(30), "y".repeat(30)})).hasSize(200).endsWith("...");
    }

    @Test
    void shouldRefuseBadSettingsNamingTheValue() {
        assertThatThrownBy(() -> ShadowReads.custom().sampleRate(1.5))
                .hasMessage("sampleRate must be between 0.0 and 1.0, was '1.5'");
        assertThatThrownBy(() -> ShadowReads.custom().timeout(Duration.ZERO))
                .hasMessage("timeout must be positive, was 'PT0S'");
        assertThatThrownBy(() -> ShadowReads.custom().queueCapacity(0))
                .hasMessage("queueCapacity must be at least 1, was '0'");
        assertThatThrownBy(() -> ShadowReads.custom().rules(Clients.class, "findById", ComparisonRules.ofDefaults()))
                .hasMessage("Clients has no method 'findById'; its methods: [findClient, listClients, saveClient, streamClients]");
        ThreadPoolExecutor callerRuns = new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1),
                new ThreadPoolExecutor.CallerRunsPolicy());
        ThreadPoolExecutor unbounded = new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
        try {
            assertThatThrownBy(() -> ShadowReads.custom().executor(callerRuns))
                    .hasMessage("The shadow executor runs rejected work on the caller's thread (CallerRunsPolicy), which "
                            + "would add the secondary's latency to callers; use AbortPolicy");
            assertThatThrownBy(() -> ShadowReads.custom().executor(unbounded))
                    .hasMessage("The shadow executor's queue is unbounded, so shadow reads would pile up when the "
                            + "secondary is slow; give it a bounded queue (new ArrayBlockingQueue<>(100))");
        } finally {
            callerRuns.shutdown();
            unbounded.shutdown();
        }
    }

    @Test
    void shouldInstallOnlyOnce() {
        ShadowReads shadow = ShadowReads.custom().build();
        shadow.install(Cutover.builder());
        assertThatThrownBy(() -> shadow.install(Cutover.builder()))
                .hasMessage("These shadow reads are already installed in a Cutover; build another ShadowReads for another Cutover");
        shadow.close();
    }

    @Test
    void shouldLeaveWritesAndSingleRoutesAlone() {
        ShadowReads shadow = install(ShadowReads.custom().sampleRate(1.0));
        routes.set(Route.LEGACY);
        repository().findClient(1);
        routes.set(Route.POSTGRES);
        repository().findClient(1);

        assertThat(shadow.stats().sampled()).isZero();
        assertThat(legacy.reads.get() + postgres.reads.get()).isEqualTo(2);
    }
}
