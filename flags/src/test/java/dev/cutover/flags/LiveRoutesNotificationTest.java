package dev.cutover.flags;

import static dev.cutover.flags.TestRepositories.cutover;
import static dev.cutover.flags.TestRepositories.decision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cutover.Cutover;
import dev.cutover.flags.internal.DefaultLiveRoutes;
import dev.cutover.routing.Route;
import dev.cutover.testsupport.TcpProxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Changes reach other instances by LISTEN/NOTIFY, and by polling only while the listening connection is down. */
@SuppressWarnings("try") // a Cutover binds each LiveRoutes; the tests read the routes of some through LiveRoutes alone
class LiveRoutesNotificationTest {
    private static final Duration AT_REST = Duration.ofMillis(600);
    private static FlagStoreDatabase store;

    @BeforeAll
    static void createStore() {
        store = FlagStoreDatabase.create("live_notify");
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
    void shouldReachAnotherInstanceByNotificationAndNotQueryTheStoreAtRest() {
        CountingDataSource counted = new CountingDataSource(store.dataSource());
        try (LiveRoutes writer = store.routes().build(); Cutover one = cutover(writer);
                LiveRoutes reader = LiveRoutes.builder(counted).environment(Map.of()).pollInterval(Duration.ofMillis(10)).build();
                Cutover two = cutover(reader)) {
            await("listening").atMost(Duration.ofSeconds(10)).until(() -> reader.status().listening());
            int connected = counted.connections.get();
            await("no query at rest, although the poll interval is 10 ms").during(AT_REST).atMost(AT_REST.multipliedBy(3))
                    .until(() -> counted.connections.get() == connected);

            writer.set("BookingRepository", "postgres", "alice", "bookings to postgres");

            await("the flip, notified").atMost(Duration.ofSeconds(5))
                    .until(() -> decision(two, "BookingRepository.findById").route() == Route.POSTGRES);
            assertThat(counted.connections.get()).as("one read of the store per notification, confirming the state it carried").isEqualTo(connected + 1);
            assertThat(reader.status().listening()).isTrue();
        }
    }

    @Test
    void shouldFollowAHandEditInSqlToo() {
        try (LiveRoutes reader = LiveRoutes.builder(store.dataSource()).environment(Map.of()).pollInterval(Duration.ofMinutes(1))
                .build(); Cutover cutover = cutover(reader)) {
            await("listening").atMost(Duration.ofSeconds(10)).until(() -> reader.status().listening());

            store.execute("INSERT INTO cutover.route_flag (target, route, set_by, set_at, reason)"
                    + " VALUES ('BookingRepository', 'postgres', 'dba', now(), 'by hand')");

            await("the hand edit, notified (the poll interval is a minute)").atMost(Duration.ofSeconds(5))
                    .until(() -> decision(cutover, "BookingRepository.deleteById").route() == Route.POSTGRES);
        }
    }

    @Test
    void shouldPollWhileTheListeningConnectionIsCutAndListenAgainOnceItIsBack() {
        try (TcpProxy proxy = new TcpProxy(store.database().jdbcUrl());
                LiveRoutes writer = store.routes().build(); Cutover one = cutover(writer);
                LiveRoutes reader = LiveRoutes.builder(store.dataSource()).environment(Map.of())
                        .listenerDataSource(store.dataSource(proxy.jdbcUrl())).pollInterval(Duration.ofMillis(200)).build();
                Cutover two = cutover(reader)) {
            await("listening through the proxy").atMost(Duration.ofSeconds(10)).until(() -> reader.status().listening());

            proxy.crusher().close(); // cuts the listening connection and refuses new ones: notifications are lost
            await("the cut noticed").atMost(Duration.ofSeconds(10)).until(() -> !reader.status().listening());
            writer.set("BookingRepository", "postgres", "alice", "while not listening");
            await("the flip, polled within the poll bound").atMost(Duration.ofSeconds(2))
                    .until(() -> decision(two, "BookingRepository.findById").route() == Route.POSTGRES);

            proxy.crusher().open();
            await("listening again after the backoff").atMost(Duration.ofSeconds(30)).until(() -> reader.status().listening());
            writer.set("BookingRepository", "postgres-dual", "alice", "listening again");
            await("the flip, notified").atMost(Duration.ofSeconds(5))
                    .until(() -> decision(two, "BookingRepository.findById").route() == Route.POSTGRES_DUAL);
        }
    }

    @Test
    void shouldListenAgainAfterTheServerTerminatesTheListeningConnectionAndCatchUp() {
        try (LiveRoutes writer = store.routes().build(); Cutover one = cutover(writer);
                LiveRoutes reader = LiveRoutes.builder(store.dataSource()).environment(Map.of())
                        .pollInterval(Duration.ofMinutes(1)).build(); Cutover two = cutover(reader)) {
            await("listening").atMost(Duration.ofSeconds(10)).until(() -> reader.status().listening());

            store.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database()"
                    + " AND query LIKE 'LISTEN %'");
            writer.set("BookingRepository", "postgres", "alice", "while reconnecting");

            await("the flip, read on reconnecting (the poll interval is a minute)").atMost(Duration.ofSeconds(5))
                    .until(() -> decision(two, "BookingRepository.findById").route() == Route.POSTGRES);
            await("listening again").atMost(Duration.ofSeconds(5)).until(() -> reader.status().listening());
        }
    }

    @Test
    void shouldPollOnlyWhenNotificationsAreOffAndStopItsThreadOnClose() {
        CountingDataSource counted = new CountingDataSource(store.dataSource());
        try (LiveRoutes polled = LiveRoutes.builder(counted).environment(Map.of()).pollInterval(Duration.ofMillis(20))
                .notifications(false).build(); Cutover cutover = cutover(polled)) {
            int before = counted.connections.get();
            await("polls").atMost(Duration.ofSeconds(5)).until(() -> counted.connections.get() >= before + 5);
            assertThat(polled.status().listening()).isFalse();
        }
        try (LiveRoutes listening = LiveRoutes.builder(store.dataSource()).environment(Map.of()).build();
                Cutover cutover = cutover(listening)) {
            await("listening").atMost(Duration.ofSeconds(10)).until(() -> listening.status().listening());
        }
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .noneMatch(name -> name.startsWith(DefaultLiveRoutes.THREAD_NAME_PREFIX));
        assertThat(store.count("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND query LIKE 'LISTEN %' AND state = 'idle'")).as("the listening connection is closed").isZero();
    }

    /** A data source counting the connections it hands out: one per read of the store. */
    private static final class CountingDataSource extends DelegatingDataSource {
        final AtomicInteger connections = new AtomicInteger();

        CountingDataSource(DataSource target) {
            super(target);
        }

        @Override
        public Connection getConnection() throws SQLException {
            connections.incrementAndGet();
            return super.getConnection();
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            connections.incrementAndGet();
            return super.getConnection(username, password);
        }
    }
}
