package dev.cutover.console.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The health page's change data capture section: what each capture last reported in table {@code cutover.cdc_capture}.
 * That table is the seam with the optional cdc module (docs/cdc.md, "The capture table"): the console reads its
 * columns and its status JSON's documented keys, and never loads the module (Debezium stays off its class path).
 * Thread-safe (stateless).
 */
final class CaptureSection {
    /**
     * A running capture that has not reported for this long is shown {@code STALE}: its process is gone or hung. The
     * same threshold as {@code cutover cdc status} ({@code CaptureBoard.Report.STALE_AFTER}; a test holds them equal).
     */
    static final Duration STALE_AFTER = Duration.ofSeconds(10);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DefaultConsole console;
    private final HealthTables tables;

    CaptureSection(DefaultConsole console, HealthTables tables) {
        this.console = console;
        this.tables = tables;
    }

    void render(Html html) {
        html.raw("<h2>Change data capture</h2>");
        HealthTables.Rows captures = tables.captures();
        if (captures.absent()) {
            html.el("p", "note", "No change data capture set up: table cutover.cdc_capture is not in this database (the"
                    + " optional module cutover-cdc creates it; docs/cdc.md).");
            return;
        }
        if (captures.note() != null) {
            html.el("p", "note", captures.note());
            return;
        }
        if (captures.rows().isEmpty()) {
            html.el("p", "note", "No capture has reported: start one with 'cutover cdc start' (docs/cdc.md).");
            return;
        }
        html.raw("<table id=\"captures\"><thead><tr><th>Capture</th><th>State</th><th>Last report</th><th>Position</th>"
                + "<th>Lag</th><th>Events behind</th><th>Keys queued</th><th>Paused tables</th></tr></thead><tbody>");
        for (List<String> row : captures.rows()) {
            capture(html, row);
        }
        html.raw("</tbody></table>");
    }

    /** One row of {@link HealthTables#captures}: name, instance, started, reported, seconds since, status JSON. */
    private void capture(Html html, List<String> row) {
        JsonNode status;
        try {
            status = JSON.readTree(row.get(5));
        } catch (JsonProcessingException e) {
            html.raw("<tr>").el("td", null, row.get(0)).raw("<td colspan=\"7\" class=\"error\">").text("Its status is not"
                    + " JSON as docs/cdc.md describes it: " + e.getOriginalMessage()).raw("</td></tr>");
            return;
        }
        double since = Double.parseDouble(row.get(4));
        String state = state(status.path("state").asText(), since);
        html.raw("<tr>").raw("<td>").text(row.get(0)).el("div", "note", "on " + row.get(1) + ", started " + row.get(2))
                .raw("</td><td" + Html.attr("class", "state-" + state.toLowerCase(Locale.ROOT) + " " + stateClass(state))
                        + ">").text(state);
        if (state.equals("STALE")) {
            html.el("div", "note", "reported " + status.path("state").asText() + ", then nothing for over "
                    + STALE_AFTER.toSeconds() + " s: its process is gone or hung");
        }
        if (!status.path("failure").isNull() && !status.path("failure").isMissingNode()) {
            html.el("div", "bad", console.scrub(status.path("failure").asText()));
        }
        long eventsBehind = status.path("eventsBehind").asLong();
        html.raw("</td>").el("td", null, row.get(3) + " (" + String.format(Locale.ROOT, "%.1f", since) + " s ago)")
                .raw("<td><code>").text(status.path("position").isNull() ? "none yet" : console.scrub(status.path(
                        "position").asText())).raw("</code></td>")
                .el("td", null, String.format(Locale.ROOT, "%.1f s", status.path("lagSeconds").asDouble()))
                .el("td", eventsBehind > 0 ? "warn" : null, eventsBehind)
                .el("td", null, status.path("keysQueued").asLong()).raw("<td>");
        JsonNode paused = status.path("pausedTables");
        if (paused.isEmpty()) {
            html.el("span", "ok", "none");
        } else {
            html.raw("<ul class=\"paused\">");
            for (JsonNode table : paused) {
                html.raw("<li>").el("strong", "bad", table.path("table").asText()).text(" (legacy "
                        + table.path("legacyTable").asText() + ") since " + table.path("since").asText() + ": "
                        + console.scrub(table.path("reason").asText()) + "; " + table.path("heldChanges").asLong()
                        + " changes held. Resume once 'cutover schema-check' passes: cutover cdc resume "
                        + table.path("table").asText() + " --name " + row.get(0)).raw("</li>");
            }
            html.raw("</ul>");
        }
        html.raw("</td></tr>");
    }

    /** The state to show: as reported, or {@code STALE} when a running (or starting) capture stopped reporting. */
    static String state(String reported, double secondsSinceReport) {
        boolean live = reported.equals("RUNNING") || reported.equals("NEW");
        return live && secondsSinceReport > STALE_AFTER.toSeconds() ? "STALE" : reported;
    }

    private static String stateClass(String state) {
        return switch (state) {
            case "RUNNING" -> "ok";
            case "NEW", "STOPPED" -> "warn";
            default -> "bad";
        };
    }
}
