package dev.cutover.flags;

import static dev.cutover.flags.TestRepositories.cutover;
import static dev.cutover.flags.TestRepositories.decision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cutover.Cutover;
import dev.cutover.routing.Route;
import dev.cutover.testsupport.LogCapture;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * A notification carries the store's whole new state (migration V203): instances apply a change before, not after,
 * reading the store; a transaction's half-made state is never notified; a state the store does not hold is replaced.
 */
@SuppressWarnings("try") // a Cutover binds each LiveRoutes; the tests read the routes through the Cutover alone
class LiveRoutesNotifiedStateTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static FlagStoreDatabase store;

    @BeforeAll
    static void createStore() {
        store = FlagStoreDatabase.create("live_state");
    }

    @AfterAll
    static void dropStore() {
        store.close();
    }

    @BeforeEach
    void emptyStore() {
        store.reset();
    }

    @Test
    void shouldApplyANotifiedChangeWhileItsReadsOfTheStoreCannotRun() throws Exception {
        CountDownLatch readsAllowed = new CountDownLatch(1);
        DataSource gated = new GatedDataSource(store.dataSource(), readsAllowed);
        try (LiveRoutes writer = store.routes().build(); Cutover one = cutover(writer);
                LiveRoutes reader = LiveRoutes.builder(gated).listenerDataSource(store.dataSource()).environment(Map.of())
                        .pollInterval(Duration.ofMinutes(1)).build(); Cutover two = cutover(reader)) {
            await("listening").atMost(WAIT).until(() -> reader.status().listening());
            ((GatedDataSource) gated).closeGate();

            writer.set("BookingRepository", "postgres", "alice", "bookings to postgres");

            await("the flip, from the notification alone (the reader's reads are held)").atMost(WAIT)
                    .until(() -> decision(two, "BookingRepository.findById").route() == Route.POSTGRES);
            readsAllowed.countDown();
            writer.set("BookingRepository", "postgres-dual", "alice", "and on");
            await("the next flip").atMost(WAIT)
                    .until(() -> decision(two, "BookingRepository.findById").route() == Route.POSTGRES_DUAL);
        }
    }

    @Test
    void shouldNotifyATransactionsLastStateOnlyHoweverManyRowsItChanged() throws Exception {
        try (Connection listening = store.dataSource().getConnection(); Statement listen = listening.createStatement()) {
            listen.execute("LISTEN cutover_route_flag");
            store.execute("BEGIN; INSERT INTO cutover.route_flag (target, route, set_by, set_at, reason)"
                    + " VALUES ('BookingRepository', 'postgres', 'dba', now(), 'first');"
                    + " INSERT INTO cutover.route_flag (target, route, set_by, set_at, reason)"
                    + " VALUES ('ClientRepository', 'postgres', 'dba', now(), 'second');"
                    + " UPDATE cutover.route_flag SET route = 'legacy-dual', reason = 'last' WHERE target = 'BookingRepository';"
                    + " COMMIT");

            List<String> payloads = payloads(listening, 3);
            assertThat(payloads).as("one notification per row changed, each with the committed state").hasSize(3)
                    .allSatisfy(payload -> assertThat(payload)
                            .contains("\"target\" : \"BookingRepository\", \"route\" : \"legacy-dual\"")
                            .contains("\"target\" : \"ClientRepository\", \"route\" : \"postgres\"")
                            .doesNotContain("\"reason\" : \"first\""));
        }
    }

    @Test
    void shouldReadTheStoreWhenTheStateIsTooLongToNotify() throws Exception {
        String longReason = "r".repeat(7_500);
        try (Connection listening = store.dataSource().getConnection(); Statement listen = listening.createStatement();
                LiveRoutes writer = store.routes().build(); Cutover one = cutover(writer);
                LiveRoutes reader = LiveRoutes.builder(store.dataSource()).environment(Map.of())
                        .pollInterval(Duration.ofMinutes(1)).build(); Cutover two = cutover(reader)) {
            listen.execute("LISTEN cutover_route_flag");
            await("listening").atMost(WAIT).until(() -> reader.status().listening());

            writer.set("BookingRepository", "postgres", "alice", longReason);

            assertThat(payloads(listening, 1)).as("a notification that says only: read the table")
                    .singleElement().asString().doesNotContain("rows").contains("version");
            await("the flip, read from the store").atMost(WAIT)
                    .until(() -> decision(two, "BookingRepository.findById").route() == Route.POSTGRES);
        }
    }

    @Test
    void shouldReplaceAStateTheStoreNeverHeldWithTheStoresOwn() {
        try (LogCapture log = new LogCapture(LiveRoutes.class); LiveRoutes writer = store.routes().build();
                Cutover one = cutover(writer);
                LiveRoutes reader = LiveRoutes.builder(store.dataSource()).environment(Map.of())
                        .pollInterval(Duration.ofMinutes(1)).build(); Cutover two = cutover(reader)) {
            await("listening").atMost(WAIT).until(() -> reader.status().listening());
            writer.set("ClientRepository", "legacy-dual", "alice", "clients mirrored");
            await("the flip").atMost(WAIT).until(() -> decision(two, "ClientRepository.findById").route() == Route.LEGACY_DUAL);

            // Anyone who can connect may notify: a forged state, ahead of the store's version, routing clients to postgres
            store.execute("NOTIFY cutover_route_flag, '{\"version\": 999999, \"rows\": [{\"target\": \"ClientRepository\","
                    + " \"route\": \"postgres\", \"rollout_tenants\": [], \"set_by\": \"mallory\", \"set_at_micros\": 0,"
                    + " \"reason\": \"forged\"}]}'");

            await("the forged state found out").atMost(WAIT).until(() -> log.lines().stream()
                    .anyMatch(line -> line.startsWith("ERROR") && line.contains("store version 999999, which the store does not hold")));
            assertThat(decision(two, "ClientRepository.findById").route()).as("the store's own state again")
                    .isEqualTo(Route.LEGACY_DUAL);
            writer.set("ClientRepository", "postgres-dual", "alice", "after the forgery");
            await("genuine changes still apply").atMost(WAIT)
                    .until(() -> decision(two, "ClientRepository.findById").route() == Route.POSTGRES_DUAL);
        }
    }

    /** Waits for {@code count} notifications on a listening connection, each within {@link #WAIT}. */
    private static List<String> payloads(Connection listening, int count) throws SQLException {
        List<String> payloads = new ArrayList<>();
        PGConnection pg = listening.unwrap(PGConnection.class);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (payloads.size() < count && System.nanoTime() < deadline) {
            PGNotification[] received = pg.getNotifications((int) WAIT.toMillis());
            if (received != null) {
                for (PGNotification notification : received) {
                    payloads.add(notification.getParameter());
                }
            }
        }
        return payloads;
    }

    /** Hands out connections of a real data source, except while its gate is closed: then a caller waits for the latch. */
    private static final class GatedDataSource extends DelegatingDataSource {
        private final CountDownLatch opened;
        private volatile boolean closed;

        GatedDataSource(DataSource target, CountDownLatch opened) {
            super(target);
            this.opened = opened;
        }

        void closeGate() {
            closed = true;
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (closed) {
                try {
                    if (!opened.await(30, TimeUnit.SECONDS)) {
                        throw new SQLException("the test never opened the gate");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SQLException("interrupted at the gate", e);
                }
            }
            return super.getConnection();
        }
    }
}
