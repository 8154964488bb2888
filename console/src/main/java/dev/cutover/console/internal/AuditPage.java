package dev.cutover.console.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cutover.flags.AuditEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The audit log: who, when, from what to what, why, the recorded identity beside the declared actor; filters; export. */
final class AuditPage {
    static final int DEFAULT_LIMIT = 200;
    static final int MAX_LIMIT = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final DefaultConsole console;

    AuditPage(DefaultConsole console) {
        this.console = console;
    }

    private List<AuditEntry> filtered(Exchange exchange) {
        int limit = DEFAULT_LIMIT;
        if (!exchange.param("limit").isEmpty()) {
            try {
                limit = Math.max(1, Math.min(MAX_LIMIT, Integer.parseInt(exchange.param("limit"))));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("limit '" + exchange.param("limit") + "' is not a number of rows (1 to "
                        + MAX_LIMIT + ")");
            }
        }
        String target = exchange.param("target");
        String actor = exchange.param("actor").toLowerCase(Locale.ROOT);
        String text = exchange.param("q").toLowerCase(Locale.ROOT);
        List<AuditEntry> rows = target.isEmpty() ? console.live.auditLog(limit) : console.live.auditLog(target, limit);
        List<AuditEntry> kept = new ArrayList<>();
        for (AuditEntry entry : rows) {
            if (!actor.isEmpty() && !entry.actor().toLowerCase(Locale.ROOT).contains(actor)) {
                continue;
            }
            if (!text.isEmpty() && !(entry.reason() + " " + entry.from() + " " + entry.to() + " " + entry.target()
                    + " " + entry.identity().describe()).toLowerCase(Locale.ROOT).contains(text)) {
                continue;
            }
            kept.add(entry);
        }
        return kept;
    }

    String render(Exchange exchange) {
        Html html = new Html();
        html.raw("<form method=\"get\" class=\"filters\" id=\"audit-filters\"" + Html.attr("action", exchange.link("/audit"))
                + Html.attr("hx-get", exchange.link("/audit")) + " hx-trigger=\"change, keyup changed delay:300ms\""
                + " hx-target=\"#audit\" hx-select=\"#audit\" hx-swap=\"outerHTML\" hx-push-url=\"true\">");
        for (String[] field : new String[][] {{"target", "Target", "ClientRepository.findById"}, {"actor", "Actor", "alice"},
                {"q", "Text", "canary"}, {"limit", "Newest", Integer.toString(DEFAULT_LIMIT)}}) {
            html.raw("<label>" + field[1] + " <input" + Html.attr("name", field[0]) + Html.attr("id", "audit-" + field[0])
                    + Html.attr("value", exchange.param(field[0])) + Html.attr("placeholder", field[2]) + "></label>");
        }
        html.raw("<button type=\"submit\">Filter</button></form>");
        Map<String, String> query = new LinkedHashMap<>();
        for (String name : List.of("target", "actor", "q", "limit")) {
            query.put(name, exchange.param(name));
        }
        html.raw("<p class=\"actions\">Export these rows: <a id=\"export-csv\"" + Html.attr("href", exchange.link("/audit.csv")
                + Html.query(query)) + ">CSV</a> <a id=\"export-json\"" + Html.attr("href", exchange.link("/audit.json")
                + Html.query(query)) + ">JSON</a></p>");
        List<AuditEntry> rows;
        try {
            rows = filtered(exchange);
        } catch (IllegalArgumentException e) {
            return html.el("p", "error", e.getMessage()).toString();
        }
        return html.raw(table(rows, "audit")).toString();
    }

    /** The rows as a table: the declared actor, and beside it who the database and the process recorded. */
    static String table(List<AuditEntry> rows, String id) {
        Html html = new Html();
        html.raw("<table" + Html.attr("id", id) + " class=\"audit\"><thead><tr><th>#</th><th>When</th><th>Actor</th>"
                + "<th>Recorded identity</th><th>Target</th><th>From</th><th>To</th><th>Why</th></tr></thead><tbody>");
        if (rows.isEmpty()) {
            html.raw("<tr><td colspan=\"8\" class=\"note\">No entry.</td></tr>");
        }
        for (AuditEntry entry : rows) {
            html.raw("<tr" + Html.attr("data-id", entry.id()) + ">").el("td", null, entry.id()).el("td", null, entry.at())
                    .el("td", "actor", entry.actor()).el("td", "recorded", entry.identity().describe())
                    .el("td", null, entry.target()).el("td", null, entry.from()).el("td", null, entry.to())
                    .raw("<td>").text(entry.reason());
            if (!entry.forced().isEmpty()) {
                html.raw("<div class=\"forced\">Forced past: ");
                entry.forced().forEach(f -> html.el("div", null, f));
                html.raw("</div>");
            }
            html.raw("</td></tr>");
        }
        return html.raw("</tbody></table>").toString();
    }

    void export(Exchange exchange, String format) throws IOException {
        List<AuditEntry> rows = filtered(exchange);
        String body;
        if (format.equals("csv")) {
            StringBuilder csv = new StringBuilder("id,at,actor,target,from,to,reason,forced,database_user,session_user,"
                    + "client_address,os_user,host,tool\r\n");
            for (AuditEntry e : rows) {
                List<String> cells = List.of(Long.toString(e.id()), e.at().toString(), e.actor(), e.target(), e.from(),
                        e.to(), e.reason(), String.join(" | ", e.forced()), nz(e.identity().databaseUser()),
                        nz(e.identity().sessionUser()), nz(e.identity().clientAddress()), nz(e.identity().osUser()),
                        nz(e.identity().host()), nz(e.identity().tool()));
                for (int i = 0; i < cells.size(); i++) {
                    csv.append(i == 0 ? "" : ",").append(csv(cells.get(i)));
                }
                csv.append("\r\n");
            }
            body = csv.toString();
            exchange.response.setContentType("text/csv; charset=utf-8");
        } else {
            List<Map<String, Object>> json = new ArrayList<>();
            for (AuditEntry e : rows) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", e.id());
                row.put("at", e.at().toString());
                row.put("actor", e.actor());
                row.put("target", e.target());
                row.put("from", e.from());
                row.put("to", e.to());
                row.put("reason", e.reason());
                row.put("forced", e.forced());
                Map<String, Object> recorded = new LinkedHashMap<>();
                recorded.put("databaseUser", e.identity().databaseUser());
                recorded.put("sessionUser", e.identity().sessionUser());
                recorded.put("clientAddress", e.identity().clientAddress());
                recorded.put("osUser", e.identity().osUser());
                recorded.put("host", e.identity().host());
                recorded.put("tool", e.identity().tool());
                row.put("recorded", recorded);
                json.add(row);
            }
            body = JSON.writeValueAsString(json);
            exchange.response.setContentType("application/json");
        }
        exchange.response.setHeader("Content-Disposition", "attachment; filename=\"cutover-audit." + format + "\"");
        byte[] bytes = console.scrub(body).getBytes(StandardCharsets.UTF_8);
        exchange.response.setContentLength(bytes.length);
        exchange.response.getOutputStream().write(bytes);
    }

    private static String nz(String value) {
        return value == null ? "" : value;
    }

    /** A CSV cell, quoted when needed; a leading = + - @ is prefixed with ' so that spreadsheets do not run it. */
    static String csv(String value) {
        String cell = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r")) {
            return "\"" + cell.replace("\"", "\"\"") + "\"";
        }
        return cell;
    }
}
