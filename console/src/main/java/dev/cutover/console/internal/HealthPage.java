package dev.cutover.console.internal;

import dev.cutover.status.Backlog;
import dev.cutover.status.BreakerStatus;
import dev.cutover.status.reports.InstanceStatus;

/** The health of the move: per instance, per method, per table. */
final class HealthPage {
    private final DefaultConsole console;
    private final ConsoleData data;

    HealthPage(DefaultConsole console, ConsoleData data) {
        this.console = console;
        this.data = data;
    }

    String render(Exchange exchange) {
        Html html = new Html();
        html.raw("<div id=\"health\"" + Html.attr("hx-get", exchange.link("/health"))
                + " hx-trigger=\"every 10s\" hx-select=\"#health\" hx-swap=\"outerHTML\">");
        instances(html);
        return html.raw("</div>").toString();
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
                html.el("div", backlog.isEmpty() ? "ok" : "warn", backlog.primary().name().toLowerCase(java.util.Locale.ROOT)
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
                        + " failed, " + String.format(java.util.Locale.ROOT, "%.1f", instance.reconciler().settledPerSecond())
                        + "/s").el("td", instance.reconciler().refused() > 0 ? "bad" : null,
                        Long.toString(instance.reconciler().refused()));
            }
            html.raw("</tr>");
        }
        html.raw("</tbody></table>");
    }
}
