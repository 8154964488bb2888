package dev.cutover.console.internal;

import dev.cutover.flags.AuditEntry;
import dev.cutover.flags.ChangeTool;
import dev.cutover.flags.FlagEntry;
import dev.cutover.flags.RouteChange;
import dev.cutover.flags.RouteChangeRefusedException;
import dev.cutover.flags.RouteFinding;
import dev.cutover.flags.RouteFlags;
import dev.cutover.routing.MethodRoute;
import dev.cutover.routing.Route;
import dev.cutover.routing.RouteConfigurationException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Flip, roll out, clear, roll back: a preview made by a dry run (what changes, the checks' findings), then the change
 * with a required reason, made as the logged-in user through {@link ChangeTool#CONSOLE}, answered with its audit row.
 */
final class ChangePages {
    private final DefaultConsole console;

    ChangePages(DefaultConsole console, ConsoleData data) {
        this.console = console;
    }

    private RouteFlags flags(boolean forced) {
        RouteFlags flags = console.live.via(ChangeTool.CONSOLE);
        return forced ? flags.forced() : flags;
    }

    /** The chooser, or the preview of a complete change. */
    String preview(Exchange exchange) {
        DefaultConsole.Snapshot snapshot = console.snapshot();
        boolean complete = !exchange.param("target").isEmpty()
                && (exchange.param("action").equals("clear") || !exchange.param("route").isEmpty());
        if (!complete) {
            return ChangeForm.chooser(exchange, snapshot);
        }
        Step step;
        try {
            step = Step.parse(exchange);
        } catch (IllegalArgumentException e) {
            return ChangeForm.error(e.getMessage()) + ChangeForm.chooser(exchange, snapshot);
        }
        return previewSteps(exchange, snapshot, List.of(step), "/change", null);
    }

    /** The preview of the rollback of one repository ({@code scope}) or of everything ({@code scope=all}). */
    String rollbackPreview(Exchange exchange) {
        DefaultConsole.Snapshot snapshot = console.snapshot();
        List<Step> steps;
        try {
            steps = rollbackSteps(exchange.param("scope"), snapshot);
        } catch (IllegalArgumentException e) {
            return ChangeForm.error(e.getMessage());
        }
        return previewSteps(exchange, snapshot, steps, "/rollback", exchange.param("scope"));
    }

    /**
     * Everything: the store's override set to legacy, which beats every store entry (not the variables). A repository:
     * its entry set to legacy, then each of its methods' entries cleared (they would beat it).
     */
    private static List<Step> rollbackSteps(String scope, DefaultConsole.Snapshot snapshot) {
        if (scope.equals("all")) {
            return List.of(new Step("set", RouteFlags.OVERRIDE, Route.LEGACY, null));
        }
        TreeSet<String> repositories = new TreeSet<>();
        snapshot.routes().forEach(r -> repositories.add(r.method().repository()));
        if (!repositories.contains(scope)) {
            throw new IllegalArgumentException("scope '" + scope + "' is neither 'all' nor one of the repositories: "
                    + String.join(", ", repositories));
        }
        List<Step> steps = new ArrayList<>();
        steps.add(new Step("set", scope, Route.LEGACY, null));
        for (FlagEntry entry : snapshot.entries()) {
            if (entry.target().startsWith(scope + ".")) {
                steps.add(new Step("clear", entry.target(), null, null));
            }
        }
        return steps;
    }

    private String previewSteps(Exchange exchange, DefaultConsole.Snapshot snapshot, List<Step> steps, String action,
            String scope) {
        Html html = new Html();
        Map<String, String> before = new HashMap<>();
        snapshot.routes().forEach(r -> before.put(r.method().qualifiedName(), r.decision().route().id()));
        List<RouteFinding> findings = new ArrayList<>();
        boolean invalid = false;
        html.raw("<ol class=\"steps\" id=\"steps\">");
        for (Step step : steps) {
            html.raw("<li>").el("strong", null, step.describe());
            try {
                RouteChange change = step.apply(flags(false).dryRun(), exchange.user.name(), "preview");
                html.raw("<p>Store entry of ").el("code", null, change.target()).raw(": ").el("code", null, change.from())
                        .raw(" → ").el("code", "to", change.to()).raw("</p>");
                html.raw(ChangeForm.routesTable(change.routesAfter(), before));
            } catch (RouteChangeRefusedException e) {
                findings.addAll(e.findings());
                html.el("p", "refused", "Refused by the checks (below).");
            } catch (RouteConfigurationException e) {
                invalid = true;
                html.raw("<ul class=\"error\">");
                e.problems().forEach(p -> html.el("li", null, console.scrub(p)));
                html.raw("</ul>");
            } catch (IllegalArgumentException e) {
                invalid = true;
                html.el("p", "error", e.getMessage());
            }
            html.raw("</li>");
        }
        html.raw("</ol>");
        if (steps.size() > 1) {
            html.el("p", "note", "Each step is made, and checked again, in this order; a refused step stops the rest.");
        }
        if (invalid) {
            return html.raw("<p><a" + Html.attr("href", exchange.link("/change")) + ">Choose again</a></p>").toString();
        }
        html.raw(checks(findings));
        if (!exchange.user.canChange()) {
            return html.el("p", "note", exchange.user.name() + " has the read role: changing routes needs the change role.")
                    .toString();
        }
        html.raw("<form method=\"post\" class=\"apply\" id=\"apply-form\"" + Html.attr("action", exchange.link(action))
                + ">").raw(exchange.formFields());
        if (scope != null) {
            html.hidden("scope", scope);
        } else {
            steps.get(0).fields().forEach(html::hidden);
        }
        html.raw("<label>Reason (required, recorded in the audit) <textarea name=\"reason\" id=\"reason\" required"
                + " rows=\"2\" maxlength=\"1000\"></textarea></label>");
        if (findings.isEmpty()) {
            html.raw("<button type=\"submit\" id=\"apply\">Apply</button>");
        } else {
            html.raw("<label class=\"force\"><input type=\"checkbox\" name=\"force\" value=\"yes\" id=\"force\" required>"
                    + " I have read the findings and make this change anyway (recorded in the audit)</label>"
                    + "<button type=\"submit\" class=\"danger\" id=\"apply\">Force this change</button>");
        }
        html.raw(" <a" + Html.attr("href", exchange.link("/routes")) + ">Cancel</a></form>");
        return html.toString();
    }

    /** The checks' findings, or that there are none, for a preview or a refusal. */
    static String checks(List<RouteFinding> findings) {
        Html html = new Html();
        html.raw("<section class=\"checks\" id=\"checks\"><h2>Checks</h2>");
        if (findings.isEmpty()) {
            html.el("p", "ok", "Write loss: none found. Stale reads: none added. The change is safe to make.");
        } else {
            html.el("p", "refused", "Refused: this change can lose writes or serve stale reads. Nothing was written.");
            html.raw("<ul class=\"findings\">");
            for (RouteFinding finding : findings) {
                html.raw("<li>").el("span", "rule", finding.rule() == RouteFinding.Rule.WRITE_LOSS ? "write loss"
                        : "stale read").raw(" ").el("strong", null, finding.method()).raw(": ").text(finding.reason())
                        .raw("<br><em>What to do first:</em> ").el("span", "safe-order", finding.safeOrder()).raw("</li>");
            }
            html.raw("</ul>");
        }
        return html.raw("</section>").toString();
    }

    String apply(Exchange exchange) {
        Step step;
        try {
            step = Step.parse(exchange);
        } catch (IllegalArgumentException e) {
            exchange.response.setStatus(400);
            return ChangeForm.error(e.getMessage());
        }
        return applySteps(exchange, List.of(step));
    }

    String applyRollback(Exchange exchange) {
        try {
            return applySteps(exchange, rollbackSteps(exchange.param("scope"), console.snapshot()));
        } catch (IllegalArgumentException e) {
            return ChangeForm.error(e.getMessage());
        }
    }

    private String applySteps(Exchange exchange, List<Step> steps) {
        String reason = exchange.param("reason");
        if (reason.isEmpty()) {
            return ChangeForm.error("A reason is required: every change is audited with who made it and why. Nothing was"
                    + " changed.");
        }
        boolean forced = exchange.param("force").equals("yes");
        Html html = new Html();
        List<AuditEntry> audit = new ArrayList<>();
        for (Step step : steps) {
            try {
                RouteChange change = step.apply(flags(forced), exchange.user.name(), reason);
                html.raw("<p class=\"ok applied\">").text("Done: " + step.describe() + " (" + change.from() + " → "
                        + change.to() + ")").raw("</p>");
                audit.addAll(console.live.auditLog(change.target(), 1));
            } catch (RouteChangeRefusedException e) {
                html.raw("<p class=\"refused\">").text("Refused: " + step.describe()).raw("</p>").raw(checks(e.findings()));
                html.el("p", "note", "The steps before it were made; this one and the rest were not.");
                break;
            } catch (RouteConfigurationException e) {
                html.raw("<ul class=\"error\">");
                e.problems().forEach(p -> html.el("li", null, console.scrub(p)));
                html.raw("</ul>");
                break;
            } catch (IllegalArgumentException e) {
                html.el("p", "error", e.getMessage());
                break;
            }
        }
        if (!audit.isEmpty()) {
            html.raw("<h2>Audit entry</h2>").raw(AuditPage.table(audit, "change-audit"));
        }
        List<MethodRoute> routes = console.snapshot().routes();
        Map<String, String> none = new LinkedHashMap<>();
        html.raw("<h2>Routes now</h2>").raw(ChangeForm.routesTable(routes, none));
        return html.raw("<p><a" + Html.attr("href", exchange.link("/routes")) + ">Back to routes</a></p>").toString();
    }
}
