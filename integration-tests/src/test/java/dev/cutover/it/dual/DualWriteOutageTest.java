package dev.cutover.it.dual;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.dual.MirrorMode;
import dev.cutover.dual.Reconciler;
import dev.cutover.status.ReconcilerStats;
import dev.cutover.it.PostgresBehindProxy;
import dev.cutover.reference.Client;
import dev.cutover.reference.ClientRepository;
import dev.cutover.reference.ReferenceData;
import dev.cutover.routing.Route;
import dev.cutover.testsupport.Await;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Legacy primary (route legacy-dual), PostgreSQL behind a TCP proxy in this JVM that cuts its live connections and
 * refuses new ones while writers run: no caller sees an error, and once PostgreSQL is back the reconciler
 * converges it to legacy, row for row.
 */
class DualWriteOutageTest {
    private static DualWriteFixture.Databases databases;

    @BeforeAll
    static void createDatabases() {
        databases = DualWriteFixture.Databases.create("dual_outage");
    }

    @AfterAll
    static void dropDatabases() {
        databases.close();
    }

    @Test
    void shouldConvergePostgresAfterItsConnectionsAreCutAndRefusedDuringWrites() throws Exception {
        try (PostgresBehindProxy proxy = new PostgresBehindProxy(databases.target());
                DualWriteFixture fixture = new DualWriteFixture(databases, MirrorMode.SYNCHRONOUS, proxy.jdbcUrl(), builder -> builder)) {
            fixture.routes.set(Route.LEGACY_DUAL);
            ClientRepository clients = fixture.clients();
            List<Throwable> errors = new CopyOnWriteArrayList<>();
            AtomicInteger calls = new AtomicInteger();
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch done = new CountDownLatch(3);
            for (int t = 0; t < 3; t++) {
                int thread = t;
                Thread writer = new Thread(() -> {
                    SplittableRandom random = new SplittableRandom(thread);
                    try {
                        for (int i = 0; !stop.get(); i++) {
                            long id = 1 + thread * 100_000L + random.nextInt(400);
                            try {
                                if (i % 9 == 8) {
                                    clients.delete(id);
                                } else {
                                    clients.save(ReferenceData.client(random, id, 1 + thread, id));
                                }
                                calls.incrementAndGet();
                            } catch (RuntimeException e) {
                                errors.add(e);
                            }
                        }
                    } finally {
                        done.countDown();
                    }
                }, "writer-" + t);
                writer.start();
            }
            // The outage is scripted by what the writers and the reconciler have done, not by the clock.
            Reconciler reconciler = fixture.dualWrites.reconciler();
            try {
                awaitMoreCalls(calls, 100, "writes before the outage");
                proxy.crusher.closeAllPairs();          // live connections cut: 08006 on their next use
                awaitMoreCalls(calls, 30, "writes after the live connections were cut");
                long failedBefore = reconciler.stats().failed();
                proxy.crusher.close();                  // PostgreSQL unreachable: new connections refused (08001)
                proxy.crusher.closeAllPairs();
                Await.until("a mirror attempt failing while PostgreSQL is unreachable", Duration.ofSeconds(30),
                        () -> reconciler.stats().failed() > failedBefore);
                awaitMoreCalls(calls, 10, "writes while PostgreSQL is unreachable");
                long mirroredBefore = reconciler.stats().mirrored();
                proxy.crusher.open();
                Await.until("mirrors reaching PostgreSQL again", Duration.ofSeconds(30),
                        () -> reconciler.stats().mirrored() >= mirroredBefore + 20);
                proxy.crusher.closeAllPairs();
                awaitMoreCalls(calls, 30, "writes after the second cut");
            } finally {
                stop.set(true);
            }
            assertThat(done.await(60, TimeUnit.SECONDS)).as("writers finished").isTrue();

            assertThat(errors).as("errors seen by callers").isEmpty();
            assertThat(calls.get()).isPositive();
            ReconcilerStats duringOutage = reconciler.stats();
            assertThat(duringOutage.failed()).as("mirror attempts that failed during the outage").isPositive();
            assertThat(fixture.dualWrites.reconciler().awaitEmpty(Duration.ofSeconds(60))).as("outboxes drained").isTrue();
            assertThat(fixture.differences()).as("differences after convergence").isEmpty();
            assertThat(databases.legacy().queryLong("SELECT count(*) FROM tbl_clients")).isPositive();
        }
    }

    @Test
    void shouldConvergeWritesMadeWhilePostgresWasDownInAsynchronousMode() throws Exception {
        databases.reset();
        try (PostgresBehindProxy proxy = new PostgresBehindProxy(databases.target());
                DualWriteFixture fixture = new DualWriteFixture(databases, MirrorMode.ASYNCHRONOUS, proxy.jdbcUrl(), builder -> builder)) {
            fixture.routes.set(Route.LEGACY_DUAL);
            proxy.crusher.close();
            proxy.crusher.closeAllPairs();
            ReferenceData data = ReferenceData.generate(3, 3, 100);
            long started = System.nanoTime();
            for (Client client : data.clients()) {
                fixture.clients().save(client);
            }
            long perCallMicros = (System.nanoTime() - started) / 1_000 / data.clients().size();
            assertThat(perCallMicros).as("an asynchronous write does not wait for the secondary").isLessThan(100_000);
            assertThat(fixture.dualWrites.reconciler().awaitEmpty(Duration.ofSeconds(2))).as("cannot drain while down").isFalse();
            assertThat(databases.legacy().queryLong("SELECT count(*) FROM cutover_outbox")).isEqualTo(data.clients().size());

            proxy.crusher.open();

            assertThat(fixture.dualWrites.reconciler().awaitEmpty(Duration.ofSeconds(60))).isTrue();
            assertThat(fixture.differences()).isEmpty();
            assertThat(fixture.postgres.clientStore().count()).isEqualTo(data.clients().size());
        }
    }

    /** Waits until the writers have made {@code more} calls beyond those made so far. */
    private static void awaitMoreCalls(AtomicInteger calls, int more, String what) {
        int target = calls.get() + more;
        Await.until(more + " " + what, Duration.ofSeconds(60), () -> calls.get() >= target);
    }
}
