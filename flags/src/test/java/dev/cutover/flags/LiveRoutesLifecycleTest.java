package dev.cutover.flags;

import dev.cutover.testsupport.ManualClock;
import static dev.cutover.flags.TestRepositories.cutover;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.cutover.Cutover;
import dev.cutover.flags.internal.DefaultLiveRoutes;
import dev.cutover.routing.Route;
import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.LoggerFactory;

/** The refresher's thread, the time a flip takes to reach another instance, and a store that cannot be reached. */
class LiveRoutesLifecycleTest {
    private static FlagStoreDatabase store;
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-21T06:40:00Z"));
    private final Logger logger = (Logger) LoggerFactory.getLogger(LiveRoutes.class);
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();

    @BeforeAll
    static void createStore() {
        store = FlagStoreDatabase.create("live_lifecycle");
    }

    @AfterAll
    static void dropStore() {
        store.close();
    }

    @BeforeEach
    void emptyStoreAndListen() {
        store.reset();
        events.start();
        logger.addAppender(events);
        logger.setLevel(Level.INFO);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(events);
        logger.setLevel(null);
    }

    @Test
    void shouldRunOneDaemonRefresherFromBindToClose() {
        Set<Thread> before = refresherThreads();
        LiveRoutes routes = store.routes().backgroundRefresh(true).build();
        assertThat(refresherThreads()).isEqualTo(before);
        Cutover cutover = cutover(routes);

        List<Thread> started = new ArrayList<>(refresherThreads());
        started.removeAll(before);
        assertThat(started).singleElement().satisfies(thread -> {
            assertThat(thread.isAlive()).isTrue();
            assertThat(thread.isDaemon()).isTrue();
        });

        routes.close();

        assertThat(started.get(0).isAlive()).isFalse();
        assertThat(refresherThreads()).isEqualTo(before);
        routes.close();
        assertThat(cutover.repository(ClientRepository.class).findById(1L)).isEqualTo("legacy");
        cutover.close();
    }

    @Test
    void shouldReachAnIndependentInstanceWithinOneSecond() {
        try (LiveRoutes writer = store.routes().build(); Cutover one = cutover(writer);
                LiveRoutes reader = LiveRoutes.builder(store.dataSource()).environment(Map.of()).build();
                Cutover two = cutover(reader)) {
            ClientRepository clients = two.repository(ClientRepository.class);
            // Warm the writer's path (class loading, first connection) on another target, not measured.
            writer.forced().set("BookingRepository.findById", "legacy", "alice", "warm-up");
            // Each flip starts right after the reader's read that saw the previous one, so each figure is
            // close to the worst case: the change, one full poll interval, one read.
            List<Long> latencies = new ArrayList<>();
            List<Long> writes = new ArrayList<>();
            for (int flip = 0; flip < 10; flip++) {
                String target = flip % 2 == 0 ? "postgres" : "legacy";
                long start = System.nanoTime();
                writer.forced().set("ClientRepository.findById", target, "alice", "flip " + flip);
                writes.add((System.nanoTime() - start) / 1_000_000);
                assertThat(one.repository(ClientRepository.class).findById(1L)).isEqualTo(target);
                long deadline = start + 5_000_000_000L;
                while (!clients.findById(1L).equals(target) && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                latencies.add((System.nanoTime() - start) / 1_000_000);
                assertThat(clients.findById(1L)).isEqualTo(target);
            }

            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            System.out.println("[live-flags] flip to a second instance (poll 250 ms), 10 flips: median " + sorted.get(5)
                    + " ms, max " + sorted.get(9) + " ms, all " + latencies + "; of which set() itself " + writes + " ms");
            assertThat(sorted.get(9)).isLessThan(1000);
        }
    }

    @Test
    void shouldFailToStartWhenTheStoreCannotBeReached() {
        PGSimpleDataSource nowhere = store.dataSource("jdbc:postgresql://127.0.0.1:1/flags?connectTimeout=2");
        Set<Thread> before = refresherThreads();
        LiveRoutes routes = LiveRoutes.builder(nowhere).environment(Map.of()).build();

        assertThatThrownBy(() -> cutover(routes))
                .isInstanceOf(FlagStoreException.class)
                .hasMessage("Cannot start: the route flag store could not be read: Connection to 127.0.0.1:1 refused. Check"
                        + " that the hostname and port are correct and that the postmaster is accepting TCP/IP connections."
                        + " [SQLState 08001]. Cutover does not start without its routes: make the store's database reachable,"
                        + " or set CUTOVER_ROUTE_OVERRIDE, which starts without it")
                .satisfies(e -> assertThat(((FlagStoreException) e).sqlState()).isEqualTo("08001"));
        assertThat(refresherThreads()).isEqualTo(before);
        routes.close();
    }

    @Test
    void shouldStartOnTheOverrideVariableEvenWhenTheStoreCannotBeReached() {
        PGSimpleDataSource nowhere = store.dataSource("jdbc:postgresql://127.0.0.1:1/flags?connectTimeout=2");
        try (LiveRoutes routes = LiveRoutes.builder(nowhere).environment(Map.of("CUTOVER_ROUTE_OVERRIDE", "legacy"))
                .backgroundRefresh(false).build(); Cutover cutover = cutover(routes)) {
            String failure = "Connection to 127.0.0.1:1 refused. Check that the hostname and port are correct and that the"
                    + " postmaster is accepting TCP/IP connections. [SQLState 08001]";

            assertThat(cutover.repository(ClientRepository.class).findById(1L)).isEqualTo("legacy");
            assertThat(routes.status()).isEqualTo(new FlagStoreStatus(false, null, failure, List.of(), false));
            assertThat(events.list).singleElement().satisfies(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.WARN);
                assertThat(event.getFormattedMessage()).isEqualTo("Route flag store unreachable at startup: " + failure
                        + "; starting anyway, since environment variables decide every route");
            });
            routes.refresh();
            assertThat(events.list).hasSize(1);
        }
    }

    @Test
    void shouldFailToStartWithoutTheMigrations() {
        try (FlagStoreDatabase empty = FlagStoreDatabase.createEmpty("live_unmigrated")) {
            LiveRoutes routes = LiveRoutes.builder(empty.dataSource()).environment(Map.of()).build();

            assertThatThrownBy(() -> cutover(routes))
                    .isInstanceOf(FlagStoreException.class)
                    .hasMessage("Cannot start: the route flag store could not be read: table cutover.route_flag does not"
                            + " exist [SQLState 42P01]; run Cutover's migrations first (Flyway locations"
                            + " classpath:db/cutover/postgres, schema cutover, history table cutover_schema_history)."
                            + " Cutover does not start without its routes: make the store's database reachable, or set"
                            + " CUTOVER_ROUTE_OVERRIDE, which starts without it");
            routes.close();
        }
    }

    @Test
    void shouldKeepTheLastRoutesWhileTheStoreIsUnreachable() throws SQLException {
        try (LiveRoutes routes = store.routes().clock(clock).build(); Cutover cutover = cutover(routes);
                LiveRoutes other = store.routes().clock(clock).build(); Cutover elsewhere = cutover(other);
                TestDatabase neighbour = TestPostgres.server().createDatabase("live_neighbour");
                Connection admin = neighbour.connect()) {
            routes.forced().set("ClientRepository.findById", "postgres", "alice", "canary");
            String name = store.database().name();
            events.list.clear();

            allowConnections(admin, name, false);
            try {
                FlagStoreStatus down = routes.refresh();
                routes.refresh();

                assertThat(down.reachable()).isFalse();
                assertThat(down.lastRead()).isEqualTo(clock.instant());
                assertThat(down.failure()).isEqualTo("FATAL: database \"" + name + "\" is not currently accepting"
                        + " connections [SQLState 55000]");
                assertThat(cutover.repository(ClientRepository.class).findById(1L)).isEqualTo("postgres");
                assertThat(events.list).singleElement().satisfies(event -> {
                    assertThat(event.getLevel()).isEqualTo(Level.WARN);
                    assertThat(event.getFormattedMessage()).isEqualTo("Route flag store unreachable: " + down.failure()
                            + "; keeping the routes read at 2026-11-21T06:40:00Z");
                });
                assertThatThrownBy(() -> routes.set("ClientRepository.findById", "legacy", "bob", "rollback"))
                        .isInstanceOf(FlagStoreException.class)
                        .hasMessage("Could not change ClientRepository.findById in the route flag store, so nothing changed: "
                                + down.failure());
            } finally {
                allowConnections(admin, name, true);
            }
            other.set("ClientRepository.findById", Route.LEGACY, "bob", "rollback from another instance");
            events.list.clear();

            FlagStoreStatus up = routes.refresh();

            assertThat(up.reachable()).isTrue();
            assertThat(up.failure()).isNull();
            assertThat(cutover.repository(ClientRepository.class).findById(1L)).isEqualTo("legacy");
            assertThat(events.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                    "Route flag store reachable again; routes follow it again",
                    "Route of ClientRepository.findById is now legacy [store: set by bob at 2026-11-21T06:40:00Z]");
            assertThat(elsewhere.routes()).isNotEmpty();
        }
    }

    @Test
    void shouldBindOnlyOneSetOfMethods() {
        try (LiveRoutes routes = store.routes().build(); Cutover cutover = cutover(routes)) {
            assertThat(routes.bind(cutover.routes().stream().map(r -> r.method()).toList())).hasSize(5);
            assertThatThrownBy(() -> routes.bind(List.of(cutover.routes().get(0).method())))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("This LiveRoutes is already bound to the methods of [ClientRepository, BookingRepository];"
                            + " its switches and refresher belong to one Cutover, so create one LiveRoutes per Cutover");
        }
    }

    private static void allowConnections(Connection admin, String database, boolean allowed) throws SQLException {
        try (Statement statement = admin.createStatement()) {
            statement.execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS " + allowed);
        }
    }

    private static Set<Thread> refresherThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith(DefaultLiveRoutes.THREAD_NAME_PREFIX))
                .collect(Collectors.toSet());
    }
}
