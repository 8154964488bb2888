package dev.cutover.cdc;

import static dev.cutover.cdc.CapturePair.change;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.cdc.CapturePair.ManualFeed;
import dev.cutover.cdc.ops.CaptureBoard;
import dev.cutover.cdc.ops.CaptureReporter;
import dev.cutover.routing.Route;
import dev.cutover.testsupport.Await;
import dev.cutover.testsupport.LogCapture;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A capture run in the application's own process reports to {@code cutover.cdc_capture} as {@code cutover cdc start}
 * does ({@code ChangeCapture.Builder.reportTo}), on real databases: it appears with its state and lag, obeys stop and
 * resume requests, turns STOPPED on close, and keeps capturing while the table cannot be written. The ticks are
 * awaited on what they write, never slept for.
 */
class CaptureReportingTest {
    private static final Duration TICK = Duration.ofMillis(50);
    private static CapturePair pair;

    @BeforeAll
    static void create() {
        pair = new CapturePair("cdc_report");
    }

    @AfterAll
    static void close() {
        if (pair != null) {
            pair.close();
        }
    }

    @BeforeEach
    void reset() {
        pair.reset();
        pair.targetDatabase.execute("DROP TABLE IF EXISTS cutover.cdc_capture_aside");
    }

    private ChangeCapture capture(ManualFeed feed, CaptureReporter.Builder reporting) {
        return pair.captureOf(feed, TableRoutes.fixed(Route.LEGACY_DUAL)).reportTo(reporting).build();
    }

    @Test
    void shouldAppearInTheTableWithItsStateAndLagAndTurnStoppedOnClose() {
        CaptureBoard board = CaptureBoard.open(pair.postgres, "in_app");
        ManualFeed feed = new ManualFeed();
        try (ChangeCapture capture = capture(feed, CaptureReporter.custom(board).every(TICK).instance("app-1:42"))) {
            capture.start();
            pair.insertLegacyClient(1, "one");
            feed.deliver(change(List.of(), List.of(1L), Instant.now().minusSeconds(3)));

            Await.until("the capture reports its key queued", () -> board.read()
                    .filter(r -> r.status().path("keysQueued").asLong() == 1).isPresent());
            CaptureBoard.Report report = board.read().orElseThrow();
            assertThat(report.state()).isEqualTo("RUNNING");
            assertThat(report.instance()).isEqualTo("app-1:42");
            assertThat(report.status().path("lagSeconds").asDouble()).as("committed 3 s before it was queued")
                    .isGreaterThanOrEqualTo(3.0);
            assertThat(report.status().path("position").asText()).startsWith("lsn ");
            assertThat(report.sinceReported()).isLessThan(CaptureBoard.Report.STALE_AFTER);
        }
        CaptureBoard.Report closed = board.read().orElseThrow();
        assertThat(closed.state()).as("reported by close, not by a later tick").isEqualTo("STOPPED");
        assertThat(closed.status().path("keysQueued").asLong()).isEqualTo(1);
        assertThat(feed.closed).isTrue();
    }

    @Test
    void shouldObeyResumeAndStopRequestsAsCutoverCdcStartDoes() {
        CaptureBoard board = CaptureBoard.open(pair.postgres, "in_app_requests");
        ManualFeed feed = new ManualFeed();
        List<String> heard = new CopyOnWriteArrayList<>();
        CaptureReporter.Listener listener = new CaptureReporter.Listener() {
            @Override
            public void resumed(String table, long heldKeys) {
                heard.add("resumed " + table + " " + heldKeys);
            }

            @Override
            public void ended() {
                heard.add("ended");
            }
        };
        try (ChangeCapture capture = capture(feed, CaptureReporter.custom(board).every(TICK).listener(listener))) {
            capture.start();
            pair.insertLegacyClient(4, "four");
            Instant now = Instant.now();
            feed.deliver(change(List.of(), List.of("not a number"), now), change(List.of(), List.of(4L), now));
            Await.until("the paused table is reported", () -> board.read()
                    .filter(r -> r.status().path("pausedTables").size() == 1).isPresent());

            assertThat(board.requestResume("clients")).isTrue();
            Await.until("the table is resumed and reported so", () -> board.read()
                    .filter(r -> r.status().path("pausedTables").isEmpty() && r.resumeRequests().isEmpty()).isPresent());
            assertThat(capture.status().pausedTables()).isEmpty();
            assertThat(pair.legacyDatabase.queryLong("SELECT count(*) FROM cutover_outbox")).as("the held key queued")
                    .isEqualTo(1);

            assertThat(board.requestStop()).isTrue();
            Await.until("the capture stops as asked and says so", () -> heard.contains("ended"));
            assertThat(capture.status().state()).isEqualTo(CaptureStatus.State.STOPPED);
            assertThat(feed.closed).isTrue();
            JsonNode last = board.read().orElseThrow().status();
            assertThat(last.path("state").asText()).isEqualTo("STOPPED");
            assertThat(heard).containsExactly("resumed clients 1", "ended");
        }
    }

    @Test
    void shouldKeepCapturingWhileItCannotReportAndReportAgainOnceItCan() {
        CaptureBoard board = CaptureBoard.open(pair.postgres, "in_app_outage");
        ManualFeed feed = new ManualFeed();
        try (LogCapture log = new LogCapture(CaptureReporter.class);
                ChangeCapture capture = capture(feed, CaptureReporter.custom(board).every(TICK))) {
            pair.targetDatabase.execute("ALTER TABLE cutover.cdc_capture RENAME TO cdc_capture_aside");
            capture.start();
            Await.until("the failed report is logged", () -> log.lines().stream()
                    .anyMatch(line -> line.contains("could not report to cutover.cdc_capture")));

            pair.insertLegacyClient(7, "seven");
            feed.deliver(change(List.of(), List.of(7L), Instant.now()));
            assertThat(capture.status().state()).isEqualTo(CaptureStatus.State.RUNNING);
            assertThat(pair.legacyDatabase.queryLong("SELECT count(*) FROM cutover_outbox")).as("captured all the same")
                    .isEqualTo(1);

            pair.targetDatabase.execute("ALTER TABLE cutover.cdc_capture_aside RENAME TO cdc_capture");
            Await.until("the next tick reports", () -> board.read()
                    .filter(r -> r.status().path("keysQueued").asLong() == 1).isPresent());
            Await.until("the recovery is logged", () -> log.lines().stream()
                    .anyMatch(line -> line.contains("reports to cutover.cdc_capture again")));
            assertThat(log.lines()).as("one warning for the whole outage, however many ticks failed")
                    .filteredOn(line -> line.contains("could not report")).hasSize(1);
            if (pair.targetDatabase.password() != null && !pair.targetDatabase.password().isEmpty()) {
                assertThat(String.join("\n", log.lines())).doesNotContain(pair.targetDatabase.password());
            }
        }
        assertThat(board.read().orElseThrow().state()).isEqualTo("STOPPED");
    }

    @Test
    void shouldRefuseToStartWhereAnotherProcessReportsTheCaptureRunning() {
        CaptureBoard board = CaptureBoard.open(pair.postgres, "in_app_twice");
        CaptureStatus running = new CaptureStatus(CaptureStatus.State.RUNNING, null, null, Duration.ZERO, 0, 0, 0, 0,
                java.util.Map.of(), List.of(), null);
        board.publish("other-host:7", Instant.now(), running, Instant.now());
        try (ChangeCapture capture = capture(new ManualFeed(), CaptureReporter.custom(board).every(TICK))) {
            assertThatThrownBy(capture::start).isInstanceOf(IllegalStateException.class).hasMessageStartingWith(
                    "Capture 'in_app_twice' runs already, on other-host:7 (reported ")
                    .hasMessageEndingWith("stop it first ('cutover cdc stop --name in_app_twice'), or report under "
                            + "another name");
            assertThat(capture.status().state()).isEqualTo(CaptureStatus.State.NEW);
        }
        assertThat(board.read().orElseThrow().instance()).as("the other process's row untouched").isEqualTo("other-host:7");
    }

    @Test
    void shouldRefuseAReportIntervalThatWouldReadAsStale() {
        CaptureBoard board = CaptureBoard.open(pair.postgres, "in_app_interval");
        assertThatThrownBy(() -> CaptureReporter.custom(board).every(Duration.ofSeconds(10))).hasMessage(
                "A capture's report interval must be at least 10 ms and under 10 s (after that it reads as STALE): PT10S");
    }
}
