package dev.cutover.it.dual;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.Backend;
import dev.cutover.Cutover;
import dev.cutover.dual.DualWrites;
import dev.cutover.dual.MirrorMode;
import dev.cutover.dual.Outbox;
import dev.cutover.it.BothSides;
import dev.cutover.legacy.outbox.LegacyOutbox;
import dev.cutover.postgres.outbox.PostgresOutbox;
import dev.cutover.reference.ReferenceDomain;
import dev.cutover.reference.Client;
import dev.cutover.reference.ClientRepository;
import dev.cutover.reference.ReferenceData;
import dev.cutover.routing.MethodKind;
import dev.cutover.routing.Route;
import dev.cutover.routing.RouteDecision;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every method's route flipped between legacy-dual and postgres-dual hundreds of times a second while four threads
 * write in units of work: each write lands on the primary of the route its unit pinned when it began, no call
 * fails, and both sides end with every row's last written value.
 */
class RouteFlipDualWriteTest {
    private static DualWriteFixture.Databases databases;

    @BeforeAll
    static void createDatabases() {
        databases = DualWriteFixture.Databases.create("dual_flip");
    }

    @AfterAll
    static void dropDatabases() {
        databases.close();
    }

    /** A backend call as the router made it: on which thread's unit, for which method, to which backend. */
    private record Landing(String method, Backend backend) {
    }

    @Test
    void shouldLandEveryWriteOnThePrimaryPinnedByItsUnitOfWorkWhileRoutesFlip() throws Exception {
        FlipRoutes routes = new FlipRoutes();
        ThreadLocal<List<Landing>> landings = ThreadLocal.withInitial(ArrayList::new);
        // The flipper flips after each backend call (so flips land between the calls of running units), and at the
        // latest 2 ms after its last flip when calls are slower than that.
        Semaphore backendCalls = new Semaphore(0);
        var legacyAdapter = DualWriteFixture.legacyAdapter(databases.legacy().jdbcUrl(), databases.legacy().username(),
                databases.legacy().password());
        var postgresAdapter = DualWriteFixture.postgresAdapter(databases.target().jdbcUrl(), databases.target().username(),
                databases.target().password());
        var legacy = new dev.cutover.reference.legacy.LegacyRepositories(legacyAdapter);
        var postgres = new dev.cutover.reference.postgres.PostgresRepositories(postgresAdapter);
        DualWrites dualWrites = ReferenceDomain.dualWrites(DualWrites.custom(), legacy, postgres)
                .outbox(Outbox.table(legacyAdapter.connections(), LegacyOutbox.sql(legacyAdapter.dialect())))
                .outbox(Outbox.table(postgresAdapter.connections(), PostgresOutbox.sql(PostgresOutbox.TABLE)))
                .mode(MirrorMode.SYNCHRONOUS)
                .gracePeriod(Duration.ofSeconds(1))
                .build();
        Cutover cutover = dualWrites.install(ReferenceDomain.repositories(Cutover.builder().legacy(legacyAdapter)
                        .postgres(postgresAdapter).routes(routes), legacy, postgres)
                        .handle(Route.LEGACY_DUAL, MethodKind.READ, call -> call.invoke(call.decision().route().primary()))
                        .handle(Route.POSTGRES_DUAL, MethodKind.READ, call -> call.invoke(call.decision().route().primary()))
                        .decorateBackendCalls((backend, method, call) -> {
                            landings.get().add(new Landing(method.qualifiedName(), backend));
                            backendCalls.release();
                            return call.invoke();
                        }))
                .build();
        try (cutover) {
            routes.set(Route.LEGACY_DUAL);
            ClientRepository clients = cutover.repository(ClientRepository.class);
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicInteger flips = new AtomicInteger();
            Thread flipper = new Thread(() -> {
                while (writing.get()) {
                    try {
                        backendCalls.tryAcquire(2, TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        return;
                    }
                    routes.set(routes.route() == Route.LEGACY_DUAL ? Route.POSTGRES_DUAL : Route.LEGACY_DUAL);
                    flips.incrementAndGet();
                }
            }, "flipper");
            List<Throwable> errors = new CopyOnWriteArrayList<>();
            List<String> misroutes = new CopyOnWriteArrayList<>();
            Map<Long, Client> lastWritten = new ConcurrentHashMap<>();
            Map<Route, AtomicInteger> unitsByRoute = new ConcurrentHashMap<>();
            List<Thread> writers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                writers.add(new Thread(() -> {
                    SplittableRandom random = new SplittableRandom(thread);
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
                    Map<Long, Client> mine = new HashMap<>();
                    while (System.nanoTime() < deadline) {
                        try {
                            List<Client> batch = new ArrayList<>();
                            for (int i = 0; i < 3; i++) {
                                long id = 1 + thread * 10_000L + random.nextInt(60);
                                batch.add(ReferenceData.client(random, id, 1 + thread, id));
                            }
                            landings.get().clear();
                            cutover.transaction(() -> {
                                clients.save(batch.get(0));
                                clients.saveAll(batch.subList(1, 3));
                            });
                            RouteDecision save = routes.seen("ClientRepository.save");
                            RouteDecision saveAll = routes.seen("ClientRepository.saveAll");
                            unitsByRoute.computeIfAbsent(save.route(), r -> new AtomicInteger()).incrementAndGet();
                            for (Landing landing : landings.get()) {
                                RouteDecision pinned = landing.method().endsWith(".save") ? save : saveAll;
                                if (landing.backend() != pinned.route().primary()) {
                                    misroutes.add(landing + " in a unit pinned to " + pinned.route());
                                }
                            }
                            if (landings.get().size() != 2) {
                                misroutes.add("expected 2 backend calls in the unit, got " + landings.get());
                            }
                            batch.forEach(c -> mine.put(c.id(), c));
                        } catch (RuntimeException e) {
                            errors.add(e);
                        }
                    }
                    lastWritten.putAll(mine);
                }, "writer-" + t));
            }
            flipper.start();
            writers.forEach(Thread::start);
            for (Thread writer : writers) {
                writer.join(60_000);
            }
            writing.set(false);
            flipper.join();

            assertThat(errors).as("errors seen by callers").isEmpty();
            assertThat(misroutes).as("writes that missed their unit's pinned primary").isEmpty();
            assertThat(flips.get()).as("route flips in 6 s").isGreaterThan(300);
            assertThat(unitsByRoute.keySet()).as("units ran on both dual routes").containsExactlyInAnyOrder(
                    Route.LEGACY_DUAL, Route.POSTGRES_DUAL);
            assertThat(dualWrites.reconciler().awaitEmpty(Duration.ofSeconds(60))).isTrue();
            List<String> differences = new ArrayList<>();
            BothSides.compare(legacy.clientStore(), postgres.clientStore(), differences);
            assertThat(differences).as("differences between the sides").isEmpty();
            List<Long> ids = new ArrayList<>(lastWritten.keySet());
            assertThat(legacy.clientStore().findByKeys(ids)).as("legacy holds each row's last write")
                    .containsExactlyInAnyOrderElementsOf(lastWritten.values());
            assertThat(postgres.clientStore().findByKeys(ids)).as("postgres holds each row's last write")
                    .containsExactlyInAnyOrderElementsOf(lastWritten.values());
        }
    }
}
