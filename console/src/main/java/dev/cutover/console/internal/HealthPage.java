package dev.cutover.console.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.status.Backlog;
import dev.cutover.status.BreakerStatus;
import dev.cutover.status.reports.InstanceStatus;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The health of the move: the outboxes and their backlog over time; per instance its report; per change data capture
 * its last report ({@link CaptureSection}); per method the shadow mismatches with their field differences and their
 * rate over time; per table the latest verify, backfill runs and the quarantine.
 */
final class HealthPage {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DefaultConsole console;
    private final ConsoleData data;
    private final HealthTables tables;
    private final CaptureSection captures;

    HealthPage(DefaultConsole console, ConsoleData data) {
        this.console = console;
        this.data = data;
        this.tables = console.tables;
        this.captures = new CaptureSection(console, console.tables);
    }

    String render(Exchange exchange) {
        Html html = new Html();
        html.raw("<div id=\"health\"" + Html.attr("hx-get", exchange.link("/health"))
                + " hx-trigger=\"every 10s\" hx-select=\"#health\" hx-swap=\"outerHTML\">");
        outboxes(html);
        instances(html);
        captures.render(html);
        mismatches(html);
        tablesSection(html);
        return html.raw("</div>").toString();
    }

    private void outboxes(Html html) {
        Instant now = console.config.clock.instant();
        html.raw("<h2>Outboxes</h2><table id=\"outboxes\"><thead><tr><th>Outbox</th><th>Entries</th><th>Oldest entry age</th>"
                + "</tr></thead><tbody>");
        Duration lag = Duration.ZERO;
        List<Backlog> backlogs = new ArrayList<>();
        try {
            backlogs.add(tables.postgresBacklog(now));
            Backlog legacy = tables.legacyBacklog(now);
            if (legacy != null) {
                backlogs.add(legacy);
            }
        } catch (RuntimeException e) {
            html.raw("<tr><td colspan=\"3\" class=\"error\">").text(console.describe(e)).raw("</td></tr>");
        }
        for (Backlog backlog : backlogs) {
            lag = backlog.oldestAge().compareTo(lag) > 0 ? backlog.oldestAge() : lag;
            html.raw("<tr>").el("td", null, backlog.outbox()).el("td", backlog.isEmpty() ? "ok" : "warn",
                    backlog.entries()).el("td", null, backlog.oldestAge().toSeconds() + " s").raw("</tr>");
        }
        html.raw("</tbody></table>").el("p", lag.isZero() ? "ok" : "warn", "Reconciler lag (the oldest entry's age): "
                + lag.toSeconds() + " s");
        List<Charts.Point> points = new ArrayList<>();
        for (BacklogSamples.Sample sample : console.samples.samples()) {
            if (sample.postgres() >= 0) {
                points.add(new Charts.Point(sample.at(), sample.postgres() + Math.max(0, sample.legacy())));
            }
        }
        html.raw(Charts.chart("backlog-chart", "Outbox backlog (entries, every outbox), as this console sampled it every "
                + BacklogSamples.INTERVAL.toSeconds() + " s", points, false, ""));
    }

    private void instances(Html html) {
        ConsoleData.Instances instances = data.instances();
        html.raw("<h2>Instances</h2>");
        if (instances.note() != null) {
            html.el("p", "note", instances.note());
        }
        if (instances.all().isEmpty()) {
            return;
        }
        html.raw("<table id=\"instances\"><thead><tr><th>Instance</th><th>State</th><th>Last seen</th><th>Breakers</th>"
                + "<th>Outbox backlog</th><th>Oldest entry age</th><th>Reconciler</th><th>Refused rows</th></tr></thead><tbody>");
        for (InstanceStatus instance : instances.all()) {
            html.raw("<tr>").el("td", null, instance.instanceId()).el("td", "state-" + instance.state(), instance.state())
                    .el("td", null, instance.lastSeen() + " (" + instance.sinceSeen().toSeconds() + " s ago)").raw("<td>");
            for (BreakerStatus breaker : instance.breakers()) {
                html.el("div", breaker.permitsCalls() ? "ok" : "bad", breaker.name() + ": " + breaker.state()
                        + (breaker.failureRate() < 0 ? "" : ", " + breaker.failureRate() + "% failed")
                        + (breaker.fallbacks() == 0 ? "" : ", " + breaker.fallbacks() + " fallbacks"));
            }
            html.raw("</td><td>");
            for (Backlog backlog : instance.outboxes()) {
                html.el("div", backlog.isEmpty() ? "ok" : "warn", backlog.primary().name().toLowerCase(Locale.ROOT)
                        + ": " + backlog.entries());
            }
            html.raw("</td><td>");
            for (Backlog backlog : instance.outboxes()) {
                html.el("div", null, backlog.oldestAge().toSeconds() + " s");
            }
            html.raw("</td>");
            if (instance.reconciler() == null) {
                html.raw("<td class=\"note\">no dual-write</td><td></td>");
            } else {
                html.el("td", null, instance.reconciler().settled() + " settled, " + instance.reconciler().failed()
                        + " failed, " + String.format(Locale.ROOT, "%.1f", instance.reconciler().settledPerSecond()) + "/s")
                        .el("td", instance.reconciler().refused() > 0 ? "bad" : null,
                                Long.toString(instance.reconciler().refused()));
            }
            html.raw("</tr>");
        }
        html.raw("</tbody></table>");
    }

    private void mismatches(Html html) {
        html.raw("<h2>Shadow reads</h2>");
        HealthTables.Rows perHour = tables.mismatchesPerHour();
        List<Charts.Point> points = new ArrayList<>();
        perHour.rows().forEach(r -> points.add(new Charts.Point(Instant.parse(r.get(0)), Double.parseDouble(r.get(1)))));
        html.raw(Charts.chart("mismatch-chart", "Shadow-read mismatches per hour, last 24 hours", points, true, ""));
        HealthTables.Rows perMethod = tables.mismatchesPerMethod();
        table(html, "mismatches-per-method", List.of("Method", "Mismatches (24 h)", "Newest"), perMethod);
        html.el("p", "note", "How many reads were compared is counted by each instance (metrics cutover.shadow.*); the"
                + " tables hold the mismatches, each with its field differences:");
        HealthTables.Rows latest = tables.latestMismatches(10);
        if (latest.note() != null) {
            html.el("p", "note", latest.note());
            return;
        }
        html.raw("<table id=\"latest-mismatches\"><thead><tr><th>When</th><th>Method</th><th>Route</th><th>Arguments</th>"
                + "<th>Differences</th></tr></thead><tbody>");
        if (latest.rows().isEmpty()) {
            html.raw("<tr><td colspan=\"5\" class=\"note\">No mismatch.</td></tr>");
        }
        for (List<String> row : latest.rows()) {
            html.raw("<tr>").el("td", null, row.get(0)).el("td", "method", row.get(1)).el("td", null, row.get(2))
                    .el("td", "source", console.scrub(row.get(3))).raw("<td><ul class=\"diffs\">");
            try {
                for (JsonNode difference : JSON.readTree(row.get(5))) {
                    html.raw("<li>").el("code", null, difference.path("path").asText()).raw(": legacy ")
                            .el("code", null, console.scrub(difference.path("legacy").toString())).raw(", postgres ")
                            .el("code", null, console.scrub(difference.path("postgres").toString())).raw("</li>");
                }
            } catch (IOException e) {
                html.el("li", null, console.scrub(row.get(5)));
            }
            html.raw("</ul>").text(Integer.parseInt(row.get(4)) > 0 ? row.get(4) + " difference(s)" : "").raw("</td></tr>");
        }
        html.raw("</tbody></table>");
    }

    private void tablesSection(Html html) {
        html.raw("<h2>Tables</h2><h3>Latest verify</h3>");
        HealthTables.Rows verify = tables.latestVerify();
        table(html, "verify", List.of("Table", "Verdict", "Started", "Method", "Legacy rows", "PostgreSQL rows", "Missing",
                "Extra", "Different", "Report"), verify);
        html.raw("<h3>Backfill runs</h3>");
        HealthTables.Rows runs = tables.backfillRuns();
        if (runs.note() != null) {
            html.el("p", "note", runs.note());
        } else if (runs.rows().isEmpty()) {
            html.el("p", "note", "No backfill run.");
        } else {
            html.raw("<table id=\"backfill\"><thead><tr><th>Run</th><th>Table</th><th>Progress</th><th>Rows copied</th>"
                    + "<th>Quarantined</th><th>Planned</th></tr></thead><tbody>");
            for (List<String> r : runs.rows()) {
                html.raw("<tr>").el("td", null, r.get(0)).el("td", null, r.get(1)).raw("<td><progress"
                        + Html.attr("max", r.get(3)) + Html.attr("value", r.get(2)) + "></progress> ").text(r.get(2) + " of "
                        + r.get(3) + " chunks").raw("</td>").el("td", null, r.get(4) + " of about " + r.get(5))
                        .el("td", "0".equals(r.get(6)) ? null : "warn", r.get(6)).el("td", null, r.get(7)).raw("</tr>");
            }
            html.raw("</tbody></table>");
        }
        html.raw("<h3>Quarantine</h3>");
        HealthTables.Rows quarantine = tables.quarantine(50);
        table(html, "quarantine", List.of("Run", "Table", "Key", "Reason", "SQLState", "When"), quarantine);
        if (!quarantine.rows().isEmpty()) {
            html.el("p", "note", "Fix the rows (or the mapping), then copy them again with: cutover quarantine retry --run "
                    + quarantine.rows().get(0).get(0) + " (each run's rows: cutover quarantine list).");
        }
    }

    private void table(Html html, String id, List<String> headers, HealthTables.Rows rows) {
        if (rows.note() != null) {
            html.el("p", "note", rows.note());
            return;
        }
        html.raw("<table" + Html.attr("id", id) + "><thead><tr>");
        headers.forEach(h -> html.el("th", null, h));
        html.raw("</tr></thead><tbody>");
        if (rows.rows().isEmpty()) {
            html.raw("<tr><td class=\"note\"" + Html.attr("colspan", headers.size()) + ">None.</td></tr>");
        }
        for (List<String> row : rows.rows()) {
            html.raw("<tr>");
            row.forEach(cell -> html.el("td", cell.equals("EQUAL") ? "ok" : cell.equals("DIFFERENT") || cell.equals("FAILED")
                    ? "bad" : null, console.scrub(cell)));
            html.raw("</tr>");
        }
        html.raw("</tbody></table>");
    }
}
