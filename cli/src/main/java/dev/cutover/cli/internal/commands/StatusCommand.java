package dev.cutover.cli.internal.commands;

import dev.cutover.Backend;
import dev.cutover.Cutover;
import dev.cutover.cli.CutoverApplication;
import dev.cutover.cli.internal.CliException;
import dev.cutover.cli.internal.ExitCode;
import dev.cutover.cli.internal.Output;
import dev.cutover.cli.internal.Setting;
import dev.cutover.cli.internal.routes.RouteRows;
import dev.cutover.cli.internal.routes.RouteTables;
import dev.cutover.cli.internal.routes.StoreRoutes;
import dev.cutover.status.Backlog;
import dev.cutover.dual.Outbox;
import dev.cutover.flags.EnvironmentRoutes;
import dev.cutover.flags.FlagStoreStatus;
import dev.cutover.flags.MethodRouting;
import dev.cutover.flags.RouteChangeCheck;
import dev.cutover.flags.RouteFinding;
import dev.cutover.jdbc.Redaction;
import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.outbox.LegacyOutbox;
import dev.cutover.postgres.CutoverSchema;
import dev.cutover.postgres.outbox.PostgresOutbox;
import dev.cutover.routing.MethodRoute;
import dev.cutover.routing.RouteConfigurationException;
import dev.cutover.status.BreakerStatus;
import dev.cutover.status.reports.InstanceStatus;
import dev.cutover.status.reports.ReportedRoute;
import dev.cutover.status.reports.StatusReportException;
import dev.cutover.status.reports.StatusReports;
import dev.cutover.verify.VerifyReports;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.flywaydb.core.api.MigrationInfoService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cutover status}: the routes as an instance would resolve them here, what every instance reports about
 * itself (routes, breakers, backlog, reconciler), and the outbox backlog read from the outbox tables.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Routes and where they came from; each instance's breakers, backlog and reconciler; outbox backlog.",
                "Every repository method with its route and where it came from (this environment and the flag store); "
                + "each instance's report (routes, circuit breakers, outbox backlog, reconciler); the outbox backlog and "
                + "reconciler lag read from the outbox tables. Reads CUTOVER_POSTGRES_URL, and CUTOVER_LEGACY_URL if set.",
                "Exit status: 0 nothing needs attention, 1 something does (an invalid route configuration, listed first, as "
                        + "flags validate lists it; else under Attention: routes that can "
                        + "serve stale reads, an open breaker, an instance routing differently or stale, rows the secondary "
                        + "refuses, an ignored store entry, Cutover's migrations pending), 2 could not read."})
public final class StatusCommand extends CliCommand {
    static final String NO_INSTANCES = "No instance reports: install StatusReports (dev.cutover.status.reports) in the application"
            + " to see breaker states, each instance's own routes and reconciler figures";

    @Option(names = "--json", description = "Print JSON: {valid, problems[], routes[], flagStore, staleReads[], instances[], "
            + "outboxes[], reconcilerLagSeconds, schema, verified[], attention[]}.")
    boolean json;

    /** A part of the status that could not be read: its message, credentials removed. */
    record Failure(String what, String message) {
    }

    @Override
    public Integer call() {
        CutoverApplication application = session().application();
        DataSource target = session().postgres().connections().dataSource();
        List<String> attention = new ArrayList<>();

        Map<String, Object> flagStore = new LinkedHashMap<>();
        List<RouteFinding> staleReads = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<MethodRoute> routes = routes(application, target, flagStore, attention, staleReads, problems);
        if (!problems.isEmpty() && !json) {
            // First, as flags validate says it: every table below is then partial.
            out().println("Invalid route configuration (" + problems.size() + (problems.size() == 1 ? " problem" : " problems")
                    + "); an instance with this environment would not start:");
            problems.forEach(problem -> out().println("  - " + problem));
            out().println();
        }
        staleReads.forEach(finding -> attention.add("Stale reads possible: " + finding.message()));

        List<InstanceStatus> instances = List.of();
        String instancesNote = null;
        try {
            instances = StatusReports.read(target);
            if (instances.isEmpty()) {
                instancesNote = NO_INSTANCES;
            }
        } catch (StatusReportException e) {
            instancesNote = Redaction.text(e.getMessage());
        }
        Map<String, List<Map<String, Object>>> differences = new LinkedHashMap<>();
        for (InstanceStatus instance : instances) {
            List<Map<String, Object>> differ = differences(routes, instance);
            differences.put(instance.instanceId(), differ);
            if (instance.state().equals("stale")) {
                attention.add("Instance " + instance.instanceId() + " is stale: not seen for " + seconds(instance.sinceSeen())
                        + " s (it reports every " + seconds(instance.interval()) + " s)");
            } else if (instance.isRunning()) {
                if (!differ.isEmpty()) {
                    attention.add("Instance " + instance.instanceId() + " routes " + differ.size()
                            + " method(s) differently from this environment and the store (its own variables?)");
                }
                for (BreakerStatus breaker : instance.breakers()) {
                    if (!breaker.permitsCalls()) {
                        attention.add("Instance " + instance.instanceId() + ": circuit breaker " + breaker.name() + " is "
                                + breaker.state());
                    }
                }
                if (instance.reconciler() != null && instance.reconciler().refused() > 0) {
                    attention.add("Instance " + instance.instanceId() + ": " + instance.reconciler().refused() + " outbox "
                            + (instance.reconciler().refused() == 1 ? "entry's row is" : "entries' rows are")
                            + " refused by the secondary (oldest recorded " + instance.reconciler().oldestRefused()
                            + "); 'cutover reconcile' lists them with the reason");
                }
            }
        }

        List<Object> outboxes = new ArrayList<>();
        outboxes.add(backlog("postgres", () -> Outbox.table(session().postgres().connections(),
                PostgresOutbox.sql(PostgresOutbox.TABLE))));
        if (session().settings().get(Setting.LEGACY_URL).isPresent()) {
            outboxes.add(backlog("legacy", () -> {
                LegacyAdapter legacy = session().legacy();
                return Outbox.table(legacy.connections(), LegacyOutbox.sql(legacy.dialect()));
            }));
        } else {
            outboxes.add(new Failure("legacy", Setting.LEGACY_URL.variable() + " is not set: the legacy outbox ("
                    + LegacyOutbox.TABLE + ") was not read"));
        }
        String schema = schema(target, attention);
        List<VerifyReports.Saved> verified = verified();
        Duration lag = outboxes.stream().filter(Backlog.class::isInstance).map(Backlog.class::cast).map(Backlog::oldestAge)
                .max(Duration::compareTo).orElse(null);

        if (json) {
            Map<String, Object> tree = new LinkedHashMap<>();
            tree.put("valid", problems.isEmpty());
            tree.put("problems", problems);
            tree.put("routes", RouteRows.json(routes));
            tree.put("flagStore", flagStore);
            tree.put("staleReads", staleReads.stream().map(RouteRows::json).toList());
            tree.put("instances", instances.stream().map(i -> json(i, differences.get(i.instanceId()))).toList());
            tree.put("instancesNote", instancesNote);
            tree.put("outboxes", outboxes.stream().map(StatusCommand::json).toList());
            tree.put("reconcilerLagSeconds", lag == null ? null : seconds(lag));
            tree.put("schema", schema);
            tree.put("verified", verified == null ? null : verified.stream().map(StatusCommand::verifiedJson).toList());
            tree.put("attention", attention);
            Output.json(out(), tree);
        } else {
            print(out(), routes, flagStore, instances, differences, instancesNote, outboxes, lag, schema, verified, attention);
        }
        return attention.isEmpty() ? ExitCode.OK : ExitCode.FINDINGS;
    }

    /**
     * The routes from this environment and the store; from the environment alone if the store cannot be read. Adds
     * their stale reads (rollouts included) to {@code staleReads}.
     */
    private List<MethodRoute> routes(CutoverApplication application, DataSource target, Map<String, Object> flagStore,
            List<String> attention, List<RouteFinding> staleReads, List<String> problems) {
        try (StoreRoutes store = StoreRoutes.open(application, cli().environment(), target)) {
            FlagStoreStatus status = store.live().status();
            flagStore.put("readable", status.reachable());
            if (status.reachable()) {
                flagStore.put("entries", store.live().entries().size());
            } else { // bound anyway: CUTOVER_ROUTE_OVERRIDE (or a variable per method) decides every route
                flagStore.put("failure", status.failure());
                attention.add("The flag store could not be read (" + status.failure() + "); the routes shown are from this"
                        + " environment alone");
            }
            flagStore.put("ignored", status.ignored());
            status.ignored().forEach(ignored -> attention.add("Flag store: " + ignored));
            staleReads.addAll(store.live().findings());
            return store.cutover().routes();
        } catch (CliException e) {
            flagStore.put("readable", false);
            flagStore.put("failure", e.getMessage());
            attention.add(e.getMessage() + "; the routes shown are from this environment alone");
        } catch (RouteConfigurationException e) {
            flagStore.put("readable", true);
            flagStore.put("failure", e.getMessage());
            problems.addAll(e.problems());
            attention.add("The route configuration is invalid (listed first): an instance would not start with it");
        }
        EnvironmentRoutes environment = EnvironmentRoutes.builder().environment(cli().environment())
                .knownVariables(application.knownVariables()).build();
        try (Cutover cutover = RouteTables.bind(application, environment)) {
            staleReads.addAll(RouteChangeCheck.staleReads(MethodRouting.of(cutover.routes())));
            return cutover.routes();
        } catch (RouteConfigurationException e) {
            if (problems.isEmpty()) {
                problems.addAll(e.problems());
                attention.add("The route configuration is invalid (listed first): an instance would not start with it");
            }
            return List.of();
        }
    }

    private static List<Map<String, Object>> differences(List<MethodRoute> here, InstanceStatus instance) {
        Map<String, ReportedRoute> theirs = new LinkedHashMap<>();
        instance.routes().forEach(route -> theirs.put(route.method(), route));
        List<Map<String, Object>> differences = new ArrayList<>();
        for (MethodRoute route : here) {
            ReportedRoute reported = theirs.remove(route.method().qualifiedName());
            String mine = route.decision().route().id();
            // A method the instance does not route (another service, an older release) is no conflict: not listed.
            if (reported != null && !reported.route().equals(mine)) {
                Map<String, Object> difference = new LinkedHashMap<>();
                difference.put("method", route.method().qualifiedName());
                difference.put("here", mine);
                difference.put("instance", reported.route());
                difference.put("instanceSource", reported.origin() + ": " + reported.source());
                differences.add(difference);
            }
        }
        theirs.values().forEach(reported -> {
            Map<String, Object> difference = new LinkedHashMap<>();
            difference.put("method", reported.method());
            difference.put("here", null);
            difference.put("instance", reported.route());
            difference.put("instanceSource", reported.origin() + ": " + reported.source() + " (not in this application)");
            differences.add(difference);
        });
        return differences;
    }

    /** The latest saved verify report of each table, or {@code null} if they cannot be read (not migrated). */
    private List<VerifyReports.Saved> verified() {
        try {
            return VerifyReports.latest(session().postgres());
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Map<String, Object> verifiedJson(VerifyReports.Saved report) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("table", report.entity());
        json.put("status", report.status());
        json.put("startedAt", report.startedAt().toString());
        json.put("missing", report.missing());
        json.put("extra", report.extra());
        json.put("different", report.different());
        json.put("unreadable", report.unreadable());
        json.put("reportId", report.id());
        return json;
    }

    /** The state of Cutover's own tables in PostgreSQL, in a line; pending migrations need attention. */
    private static String schema(DataSource target, List<String> attention) {
        try {
            MigrationInfoService info = CutoverSchema.info(target);
            String version = Objects.requireNonNullElse(MigrateCommand.version(info.current()), "none");
            List<MigrateCommand.Step> pending = MigrateCommand.steps(info.pending());
            if (pending.isEmpty()) {
                return "version " + version + ", up to date";
            }
            String line = "version " + version + ", " + pending.size() + " migration(s) pending ("
                    + pending.stream().map(step -> step.version() + " " + step.description()).collect(Collectors.joining(", "))
                    + ")";
            attention.add("Cutover's tables: " + line + ": run 'cutover migrate' (instances with dual-write also run them"
                    + " at startup)");
            return line;
        } catch (RuntimeException e) {
            return "not readable: " + Redaction.text(String.valueOf(e.getMessage())).replace('\n', ' ');
        }
    }

    private Object backlog(String side, Supplier<Outbox> outbox) {
        try {
            return outbox.get().backlog(Instant.now());
        } catch (RuntimeException e) {
            return new Failure(side, Redaction.text(String.valueOf(e.getMessage())).replace('\n', ' '));
        }
    }

    private static void print(PrintWriter out, List<MethodRoute> routes, Map<String, Object> flagStore,
            List<InstanceStatus> instances, Map<String, List<Map<String, Object>>> differences, String instancesNote,
            List<Object> outboxes, Duration lag, String schema, List<VerifyReports.Saved> verified, List<String> attention) {
        out.println("Routes (this environment, then the flag store" + (flagStore.get("entries") != null
                ? ", " + flagStore.get("entries") + " entries" : Boolean.TRUE.equals(flagStore.get("readable"))
                ? ": the configuration is invalid, see above" : ": not readable, see Attention") + "):");
        Output.table(out, "  ", RouteRows.table(routes));
        out.println();
        out.println("Instances:");
        if (instancesNote != null) {
            out.println("  " + instancesNote);
        }
        for (InstanceStatus instance : instances) {
            out.println("  " + instance.instanceId() + "  " + instance.state() + "  (host " + instance.host() + ", pid "
                    + instance.pid() + ", started " + instance.startedAt() + ", last seen " + seconds(instance.sinceSeen())
                    + " s ago" + (instance.stoppedAt() == null ? "" : ", stopped " + instance.stoppedAt()) + ")");
            List<Map<String, Object>> differ = differences.get(instance.instanceId());
            if (!instance.isRunning() && !instance.state().equals("stale")) {
                out.println("    routes when it stopped: " + (differ.isEmpty() ? "the same as above" : differ.size()
                        + " differ from above") + " (digest " + instance.routesDigest() + ")");
            } else if (differ.isEmpty()) {
                out.println("    routes: the same as above (digest " + instance.routesDigest() + ")");
            } else {
                out.println("    routes: " + differ.size() + " differ from above (digest " + instance.routesDigest() + "):");
                differ.forEach(d -> out.println("      " + d.get("method") + ": " + d.get("instance") + " there [" + d.get("instanceSource")
                        + "], " + d.get("here") + " here"));
            }
            if (instance.breakers().isEmpty()) {
                out.println("    breakers: none reported (CutoverResilience not among its contributors)");
            }
            for (BreakerStatus breaker : instance.breakers()) {
                out.println("    breaker " + breaker.name() + ": " + breaker.state() + " ("
                        + (breaker.failureRate() < 0 ? "too few calls for a failure rate: " + breaker.bufferedCalls()
                                : String.format(Locale.ROOT, "failure rate %.1f%% of the last %d calls", breaker.failureRate(),
                                        breaker.bufferedCalls())) + ", "
                        + breaker.notPermittedCalls() + " refused"
                        + (breaker.backend() == Backend.POSTGRES ? ", " + breaker.fallbacks() + " reads fell back to legacy" : "")
                        + ")");
            }
            for (Backlog backlog : instance.outboxes()) {
                out.println("    outbox " + describe(backlog));
            }
            if (instance.reconciler() != null) {
                out.println("    reconciler: " + instance.reconciler().settled() + " settled, " + instance.reconciler().mirrored()
                        + " mirrored, " + instance.reconciler().failed() + " failed, " + instance.reconciler().refused()
                        + " refused; "
                        + String.format(Locale.ROOT, "%.1f", instance.reconciler().settledPerSecond()) + " settled/s over 10 s");
            }
        }
        out.println();
        out.println("Outbox backlog (read from the outbox tables now):");
        for (Object outbox : outboxes) {
            out.println("  " + (outbox instanceof Backlog backlog ? describe(backlog)
                    : ((Failure) outbox).what() + ": " + ((Failure) outbox).message()));
        }
        out.println("Reconciler lag (age of the oldest unsettled write): " + (lag == null ? "unknown" : seconds(lag) + " s"));
        out.println("Cutover's tables (schema " + CutoverSchema.SCHEMA + "): " + schema);
        out.println();
        out.println("Verified (the latest report each table saved with 'cutover verify --save'):");
        if (verified == null || verified.isEmpty()) {
            out.println("  " + (verified == null ? "not readable" : "none saved yet"));
        }
        List<List<String>> rows = new ArrayList<>();
        for (VerifyReports.Saved report : verified == null ? List.<VerifyReports.Saved>of() : verified) {
            rows.add(List.of(report.entity(), report.status(), "at " + report.startedAt(), report.status().equals("EQUAL") ? ""
                    : "(" + report.missing() + " missing, " + report.extra() + " extra, " + report.different() + " different, "
                            + report.unreadable() + " unreadable)"));
        }
        Output.table(out, "  ", rows);
        out.println();
        if (attention.isEmpty()) {
            out.println("Attention: nothing");
        } else {
            out.println("Attention:");
            attention.forEach(line -> out.println("  - " + line));
        }
    }

    private static String describe(Backlog backlog) {
        return backlog.outbox() + ": " + backlog.entries() + " entries"
                + (backlog.oldestEntry() == null ? "" : ", oldest " + seconds(backlog.oldestAge()) + " s old (" + backlog.oldestEntry() + ")");
    }

    private static Map<String, Object> json(InstanceStatus instance, List<Map<String, Object>> differences) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("instanceId", instance.instanceId());
        json.put("state", instance.state());
        json.put("host", instance.host());
        json.put("pid", instance.pid());
        json.put("startedAt", instance.startedAt().toString());
        json.put("lastSeen", instance.lastSeen().toString());
        json.put("secondsSinceSeen", seconds(instance.sinceSeen()));
        json.put("intervalSeconds", seconds(instance.interval()));
        json.put("stoppedAt", instance.stoppedAt() == null ? null : instance.stoppedAt().toString());
        json.put("routesDigest", instance.routesDigest());
        json.put("routesMatch", differences.isEmpty());
        json.put("routeDifferences", differences);
        List<Map<String, Object>> breakers = new ArrayList<>();
        for (BreakerStatus breaker : instance.breakers()) {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("backend", breaker.backend().id());
            b.put("name", breaker.name());
            b.put("state", breaker.state());
            b.put("failureRate", breaker.failureRate());
            b.put("bufferedCalls", breaker.bufferedCalls());
            b.put("failedCalls", breaker.failedCalls());
            b.put("notPermittedCalls", breaker.notPermittedCalls());
            b.put("fallbacks", breaker.fallbacks());
            breakers.add(b);
        }
        json.put("breakers", breakers);
        json.put("outboxes", instance.outboxes().stream().map(StatusCommand::json).toList());
        if (instance.reconciler() == null) {
            json.put("reconciler", null);
        } else {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("mirrored", instance.reconciler().mirrored());
            r.put("settled", instance.reconciler().settled());
            r.put("failed", instance.reconciler().failed());
            r.put("settledPerSecond", instance.reconciler().settledPerSecond());
            r.put("refused", instance.reconciler().refused());
            r.put("oldestRefused", instance.reconciler().oldestRefused() == null ? null
                    : instance.reconciler().oldestRefused().toString());
            json.put("reconciler", r);
        }
        return json;
    }

    private static Map<String, Object> json(Object outbox) {
        Map<String, Object> json = new LinkedHashMap<>();
        if (outbox instanceof Backlog backlog) {
            json.put("primary", backlog.primary().id());
            json.put("outbox", backlog.outbox());
            json.put("entries", backlog.entries());
            json.put("oldestEntry", backlog.oldestEntry() == null ? null : backlog.oldestEntry().toString());
            json.put("oldestAgeSeconds", seconds(backlog.oldestAge()));
            json.put("error", null);
        } else {
            Failure failure = (Failure) outbox;
            json.put("primary", failure.what());
            json.put("outbox", null);
            json.put("entries", null);
            json.put("oldestEntry", null);
            json.put("oldestAgeSeconds", null);
            json.put("error", failure.message());
        }
        return json;
    }

    private static double seconds(Duration duration) {
        return Math.round(duration.toMillis() / 100.0) / 10.0;
    }
}
