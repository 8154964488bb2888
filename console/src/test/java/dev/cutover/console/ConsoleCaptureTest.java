package dev.cutover.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.cdc.CaptureStatus;
import dev.cutover.cdc.ops.CaptureBoard;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The health page's change data capture section over the table the cdc module creates (its migration V530) and writes
 * (its {@link CaptureBoard}): the console reads the table and never loads the module, so these tests hold the two to
 * one contract.
 */
class ConsoleCaptureTest {
    static final Instant PAUSED_AT = Instant.parse("2026-12-07T18:05:40Z");

    static ConsoleFixture fixture;

    @BeforeAll
    static void start() {
        fixture = new ConsoleFixture("console_capture", Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    static CaptureStatus running(long eventsBehind, List<CaptureStatus.PausedTable> paused) {
        return new CaptureStatus(CaptureStatus.State.RUNNING, "mariadb-bin.000003:81234", Instant.now(),
                Duration.ofMillis(600), eventsBehind, 1204, 1206, 0, Map.of(), paused, null);
    }

    static CaptureStatus.PausedTable clientsPaused() {
        return new CaptureStatus.PausedTable("clients", "shop.clients", "ALTER TABLE clients ADD COLUMN email VARCHAR(80)"
                + " at mariadb-bin.000003:80011", PAUSED_AT, 12, List.of());
    }

    private static String healthPage() {
        HttpSession bob = new HttpSession(fixture);
        bob.login("bob", ConsoleFixture.BOB_PASSWORD);
        HttpResponse<String> page = bob.get("/health");
        assertThat(page.statusCode()).isEqualTo(200);
        return page.body();
    }

    @Test
    void shouldShowEachCaptureWithItsStatePositionLagBacklogAndPausedTablesWithTheirReason() {
        fixture.reportCapture("default", running(12, List.of(clientsPaused())), Instant.now());
        fixture.reportCapture("orders-db", new CaptureStatus(CaptureStatus.State.FAILED, "mariadb-bin.000009:4",
                null, Duration.ZERO, 0, 3, 3, 0, Map.of(), List.of(), "The binlog position mariadb-bin.000009:4 is no"
                + " longer on the server"), Instant.now());

        String html = healthPage();

        assertThat(html).contains("<h2>Change data capture</h2>", "<table id=\"captures\">");
        assertThat(html).containsPattern("<td>default<div class=\"note\">on app-3:4711, started [^<]+</div></td>"
                + "<td class=\"state-running ok\">RUNNING</td>");
        assertThat(html).contains("<code>mariadb-bin.000003:81234</code>", "<td>0.6 s</td>",
                "<td class=\"warn\">12</td><td>1206</td>");
        assertThat(html).contains("<strong class=\"bad\">clients</strong> (legacy shop.clients) since 2026-12-07T18:05:40Z:"
                + " ALTER TABLE clients ADD COLUMN email VARCHAR(80) at mariadb-bin.000003:80011; 12 changes held",
                "cutover cdc resume clients --name default");
        assertThat(html).contains("<td class=\"state-failed bad\">FAILED<div class=\"bad\">The binlog position"
                + " mariadb-bin.000009:4 is no longer on the server</div>");
    }

    @Test
    void shouldShowACaptureThatStoppedReportingAsStaleNotRunning() {
        Duration stale = CaptureBoard.Report.STALE_AFTER;
        fixture.reportCapture("crashed", running(0, List.of()), Instant.now().minus(stale.plusSeconds(3)));
        fixture.reportCapture("slow-report", running(0, List.of()), Instant.now().minus(stale.minusSeconds(3)));

        String html = healthPage();

        assertThat(html).containsPattern("<td>crashed<div[^>]*>[^<]*</div></td><td class=\"state-stale bad\">STALE"
                + "<div class=\"note\">reported RUNNING, then nothing for over " + stale.toSeconds() + " s: its process"
                + " is gone or hung</div>");
        assertThat(html).containsPattern("<td>slow-report<div[^>]*>[^<]*</div></td><td class=\"state-running ok\">"
                + "RUNNING</td><td>[^<]+ \\((7|8|9)\\.\\d s ago\\)</td>");
    }

    @Test
    void shouldSayWhenNoCaptureReportedAndWhenNoCaptureIsSetUp() {
        try (ConsoleFixture bare = new ConsoleFixture("console_no_cdc", Clock.systemUTC())) {
            HttpSession bob = new HttpSession(bare);
            bob.login("bob", ConsoleFixture.BOB_PASSWORD);
            assertThat(bob.get("/health").body()).contains("No capture has reported: start one with").doesNotContain(
                    "id=\"captures\"");

            // As where the cdc module's migrations never ran (this class path has the module, so they ran here).
            bare.db.execute("DROP TABLE cutover.cdc_capture");
            HttpResponse<String> page = bob.get("/health");

            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("No change data capture set up: table cutover.cdc_capture is not in this"
                    + " database").doesNotContain("id=\"captures\"", "class=\"error\"");
            assertThat(page.body()).contains("<h2>Outboxes</h2>", "<h2>Shadow reads</h2>", "<h3>Quarantine</h3>");
        }
    }
}
