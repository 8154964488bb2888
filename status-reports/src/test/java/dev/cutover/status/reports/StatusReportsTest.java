package dev.cutover.status.reports;

import static dev.cutover.status.reports.Clients.cutover;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cutover.Backend;
import dev.cutover.Cutover;
import dev.cutover.status.Backlog;
import dev.cutover.status.ReconcilerStats;
import dev.cutover.status.BreakerStatus;
import dev.cutover.status.StatusContributor;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Instance status reports on a real PostgreSQL: written, read back, stopped, stale. */
class StatusReportsTest {
    private static final Instant T0 = Instant.parse("2026-11-21T06:40:00Z");
    private static ReportsDatabase store;

    /** A contributor with fixed figures, as CutoverResilience and DualWrites would give. */
    private static final StatusContributor FIGURES = new StatusContributor() {
        @Override
        public List<BreakerStatus> breakerStatus() {
            return List.of(new BreakerStatus(Backend.POSTGRES, "cutover-postgres", "OPEN", 75.0f, 20, 15, 4, 3));
        }

        @Override
        public List<Backlog> outboxBacklog() {
            return List.of(new Backlog(Backend.LEGACY, "table cutover_outbox (legacy)", 12, T0, T0.plusSeconds(30)));
        }

        @Override
        public Optional<ReconcilerStats> reconcilerStats() {
            return Optional.of(new ReconcilerStats(40, 38, 2, 1.5, 3, T0.minusSeconds(90)));
        }
    };

    @BeforeAll
    static void createStore() {
        store = ReportsDatabase.create("status_reports");
    }

    @AfterAll
    static void dropStore() {
        store.close();
    }

    @BeforeEach
    void emptyTable() {
        store.execute("TRUNCATE cutover.instance_status");
    }

    @Test
    void shouldWriteRoutesBreakersBacklogAndReconcilerAndReadThemBack() {
        try (Cutover cutover = cutover(Map.of("CUTOVER_ROUTE__CLIENTS__SAVE", "postgres"));
                StatusReports reports = StatusReports.builder(store.dataSource(), cutover).contributor(FIGURES)
                        .instanceId("pod-1").backgroundReporting(false).build()) {
            List<InstanceStatus> read = StatusReports.read(store.dataSource());

            assertThat(read).hasSize(1);
            InstanceStatus status = read.get(0);
            assertThat(status.instanceId()).isEqualTo("pod-1").isEqualTo(reports.instanceId());
            assertThat(status.pid()).isEqualTo(ProcessHandle.current().pid());
            assertThat(status.state()).isEqualTo("running");
            assertThat(status.interval()).isEqualTo(StatusReports.DEFAULT_INTERVAL);
            assertThat(status.routes()).contains(
                    new ReportedRoute("Clients.save", "write", "postgres", "method", "CUTOVER_ROUTE__CLIENTS__SAVE"),
                    new ReportedRoute("Clients.findById", "read", "legacy", "default", "built-in default"));
            assertThat(status.breakers()).containsExactlyElementsOf(FIGURES.breakerStatus());
            assertThat(status.outboxes()).containsExactlyElementsOf(FIGURES.outboxBacklog());
            assertThat(status.outboxes().get(0).oldestAge()).isEqualTo(Duration.ofSeconds(30));
            assertThat(status.reconciler()).isEqualTo(new ReconcilerStats(40, 38, 2, 1.5, 3, T0.minusSeconds(90)));
            assertThat(status.routesDigest()).hasSize(16);
        }
        assertThat(StatusReports.read(store.dataSource())).singleElement()
                .satisfies(stopped -> assertThat(stopped.state()).isEqualTo("stopped"));
    }

    @Test
    void shouldGiveEqualDigestsForEqualRoutesAndShowStaleInstances() {
        try (Cutover a = cutover(Map.of()); Cutover b = cutover(Map.of("CUTOVER_ROUTE_OVERRIDE", "legacy"));
                Cutover c = cutover(Map.of("CUTOVER_ROUTE_DEFAULT", "postgres"));
                StatusReports ra = StatusReports.builder(store.dataSource(), a).instanceId("a").backgroundReporting(false).build();
                StatusReports rb = StatusReports.builder(store.dataSource(), b).instanceId("b").backgroundReporting(false).build();
                StatusReports rc = StatusReports.builder(store.dataSource(), c).instanceId("c").backgroundReporting(false).build()) {
            store.execute("UPDATE cutover.instance_status SET last_seen = now() - interval '16 seconds' WHERE instance_id = 'c'");

            List<InstanceStatus> read = StatusReports.read(store.dataSource());
            assertThat(read).extracting(InstanceStatus::instanceId).containsExactly(ra.instanceId(), rb.instanceId(), "c");
            assertThat(read.get(0).routesDigest()).isEqualTo(read.get(1).routesDigest()).isNotEqualTo(read.get(2).routesDigest());
            assertThat(read.get(0).breakers()).isEmpty();
            assertThat(read.get(0).reconciler()).isNull();
            assertThat(read).extracting(InstanceStatus::state).containsExactly("running", "running", "stale");
            assertThat(read.get(2).sinceSeen()).isGreaterThanOrEqualTo(Duration.ofSeconds(16));

            rc.report();
            assertThat(StatusReports.read(store.dataSource()).get(2).state()).isEqualTo("running");
        }
    }

    @Test
    void shouldReportAgainEveryIntervalOnItsThread() {
        try (Cutover cutover = cutover(Map.of());
                StatusReports reports = StatusReports.builder(store.dataSource(), cutover).instanceId("ticking")
                        .interval(Duration.ofSeconds(1)).build()) {
            Instant first = StatusReports.read(store.dataSource()).get(0).lastSeen();
            await("a second report of " + reports.instanceId()).atMost(Duration.ofSeconds(30))
                    .until(() -> StatusReports.read(store.dataSource()).get(0).lastSeen().isAfter(first));
            assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName).contains("cutover-status-reports");
        }
        assertThat(StatusReports.read(store.dataSource()).get(0).state()).isEqualTo("stopped");
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName).doesNotContain("cutover-status-reports");
    }

    @Test
    void shouldWriteALastReportWhenClosedSoTheStoppedRowShowsTheEnd() {
        java.util.concurrent.atomic.AtomicLong settled = new java.util.concurrent.atomic.AtomicLong(1);
        StatusContributor live = new StatusContributor() {
            @Override
            public Optional<ReconcilerStats> reconcilerStats() {
                return Optional.of(new ReconcilerStats(settled.get(), settled.get(), 0, 0));
            }
        };
        try (Cutover cutover = cutover(Map.of())) {
            StatusReports reports = StatusReports.builder(store.dataSource(), cutover).instanceId("closing").contributor(live)
                    .backgroundReporting(false).build();
            settled.set(42);

            reports.close();
        }

        InstanceStatus status = StatusReports.read(store.dataSource()).get(0);
        assertThat(status.state()).isEqualTo("stopped");
        assertThat(status.reconciler().settled()).isEqualTo(42);
    }

    @Test
    void shouldRefuseBadSettingsAndNameTheMissingTable() {
        try (Cutover cutover = cutover(Map.of())) {
            assertThatThrownBy(() -> StatusReports.builder(store.dataSource(), cutover).interval(Duration.ofMillis(10)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("A status report interval is 1 second to 5 minutes; got PT0.01S");
            assertThatThrownBy(() -> StatusReports.builder(store.dataSource(), cutover).instanceId(" "))
                    .hasMessage("An instance id is 1 to 200 characters, not blank; got ' '");
            try (ReportsDatabase empty = ReportsDatabase.createEmpty("status_reports_empty")) {
                assertThatThrownBy(() -> StatusReports.builder(empty.dataSource(), cutover).build())
                        .isInstanceOf(StatusReportException.class)
                        .hasMessageStartingWith("Could not remove old status reports: table cutover.instance_status does not exist"
                                + " [SQLState 42P01]; run Cutover's migrations first");
            }
        }
    }
}
