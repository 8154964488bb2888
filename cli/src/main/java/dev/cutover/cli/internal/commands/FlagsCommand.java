package dev.cutover.cli.internal.commands;

import dev.cutover.Cutover;
import dev.cutover.cli.CutoverApplication;
import dev.cutover.cli.internal.CliException;
import dev.cutover.cli.internal.ExitCode;
import dev.cutover.cli.internal.Output;
import dev.cutover.cli.internal.routes.RouteRows;
import dev.cutover.cli.internal.routes.RouteTables;
import dev.cutover.cli.internal.routes.StoreRoutes;
import dev.cutover.flags.AuditEntry;
import dev.cutover.flags.ChangeTool;
import dev.cutover.flags.EnvironmentRoutes;
import dev.cutover.flags.FlagEntry;
import dev.cutover.flags.FlagStoreStatus;
import dev.cutover.flags.LiveRoutes;
import dev.cutover.flags.Rollout;
import dev.cutover.flags.RouteChange;
import dev.cutover.flags.RouteChangeRefusedException;
import dev.cutover.flags.RouteFinding;
import dev.cutover.flags.RouteFlags;
import dev.cutover.routing.MethodRoute;
import dev.cutover.routing.RepositoryDefinitionException;
import dev.cutover.routing.Route;
import dev.cutover.routing.RouteConfigurationException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cutover flags}: validate the route variables, show the routes and the store, change the store (audited). */
@Command(name = "flags", mixinStandardHelpOptions = true,
        description = "Validate the route variables, show the routes, set a route in the shared store (audited).",
        subcommands = {FlagsCommand.Validate.class, FlagsCommand.Show.class, FlagsCommand.SetCommand.class,
                FlagsCommand.RolloutCommand.class, FlagsCommand.ClearCommand.class})
public final class FlagsCommand extends CliCommand {

    @Override
    public Integer call() {
        spec.commandLine().usage(err());
        return ExitCode.ERROR;
    }

    /** {@code cutover flags validate}: the check an instance makes at startup, without a database. */
    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = {"Check the CUTOVER_ variables as an instance does at startup (no database).",
                    "Check every CUTOVER_ variable of this environment against the application's repositories, "
                    + "as an instance does at startup; list every problem. Needs no database.",
                    "Exit status: 0 valid, 1 problems found, 2 could not check."})
    static final class Validate extends CliCommand {
        @Option(names = "--json", description = "Print JSON: {valid, problems[], routes[]}.")
        boolean json;

        @Override
        public Integer call() {
            CutoverApplication application = session().application();
            EnvironmentRoutes source = EnvironmentRoutes.builder().environment(cli().environment())
                    .knownVariables(application.knownVariables()).build();
            List<String> problems = new ArrayList<>();
            List<MethodRoute> routes = List.of();
            try (Cutover cutover = RouteTables.bind(application, source)) {
                routes = cutover.routes();
            } catch (RouteConfigurationException e) {
                problems.addAll(e.problems());
            } catch (RepositoryDefinitionException e) {
                problems.add(e.getMessage());
            }
            if (json) {
                Map<String, Object> tree = new LinkedHashMap<>();
                tree.put("valid", problems.isEmpty());
                tree.put("problems", problems);
                tree.put("routes", RouteRows.json(routes));
                Output.json(out(), tree);
            } else if (problems.isEmpty()) {
                out().println("Route variables are valid (" + routeVariables() + " set); routes from this environment:");
                Output.table(out(), "  ", RouteRows.table(routes));
            } else {
                out().println("Invalid route configuration (" + problems.size() + (problems.size() == 1 ? " problem" : " problems")
                        + "); an instance with this environment would not start:");
                problems.forEach(problem -> out().println("  - " + problem));
            }
            return problems.isEmpty() ? ExitCode.OK : ExitCode.FINDINGS;
        }

        private long routeVariables() {
            return cli().environment().keySet().stream()
                    .filter(name -> name.toUpperCase(Locale.ROOT).startsWith("CUTOVER_ROUTE")).count();
        }
    }

    /** {@code cutover flags show}: routes from the environment and the store, the store's entries, the audit log. */
    @Command(name = "show", mixinStandardHelpOptions = true,
            description = {"Show the routes, the flag store's entries and its audit log.",
                    "Show every method's route and where it came from (this environment and the shared flag store), "
                    + "the store's entries and the newest rows of its audit log. Reads CUTOVER_POSTGRES_URL.",
                    "Exit status: 0 shown, 1 the variables or store entries are invalid (listed), 2 could not read."})
    static final class Show extends CliCommand {
        @Option(names = "--json", description = "Print JSON: {routes[], entries[], ignored[], audit[]} (and problems[] if invalid).")
        boolean json;

        @Option(names = "--audit", paramLabel = "N", defaultValue = "10",
                description = "How many rows of the audit log to show, newest first (0 for none; default ${DEFAULT-VALUE}).")
        int audit;

        @Override
        public Integer call() {
            if (audit < 0 || audit > 10_000) {
                throw new CliException("--audit takes 0 to 10000 rows; got " + audit);
            }
            try (StoreRoutes routes = StoreRoutes.open(session().application(), cli().environment(),
                    session().postgres().connections().dataSource())) {
                List<MethodRoute> table = routes.cutover().routes();
                List<FlagEntry> entries = routes.live().entries();
                FlagStoreStatus status = routes.live().status();
                List<AuditEntry> auditLog = audit == 0 ? List.of() : routes.live().auditLog(audit);
                if (json) {
                    Map<String, Object> tree = new LinkedHashMap<>();
                    tree.put("routes", RouteRows.json(table));
                    tree.put("entries", entries.stream().map(RouteRows::json).toList());
                    tree.put("ignored", status.ignored());
                    tree.put("audit", auditLog.stream().map(RouteRows::json).toList());
                    Output.json(out(), tree);
                } else {
                    print(out(), table, entries, status, auditLog);
                }
                return ExitCode.OK;
            } catch (RouteConfigurationException e) {
                // Invalid variables or entries: the entries and the audit log are what the operator needs to see now.
                err().println("cutover flags show: " + e.getMessage());
                try (LiveRoutes store = LiveRoutes.builder(session().postgres().connections().dataSource())
                        .backgroundRefresh(false).build()) {
                    List<FlagEntry> entries = store.entries();
                    List<AuditEntry> auditLog = audit == 0 ? List.of() : store.auditLog(audit);
                    if (json) {
                        Map<String, Object> tree = new LinkedHashMap<>();
                        tree.put("routes", List.of());
                        tree.put("entries", entries.stream().map(RouteRows::json).toList());
                        tree.put("ignored", List.of());
                        tree.put("audit", auditLog.stream().map(RouteRows::json).toList());
                        tree.put("problems", e.problems());
                        Output.json(out(), tree);
                    } else {
                        print(out(), List.of(), entries, new FlagStoreStatus(true, null, null, List.of(), false), auditLog);
                    }
                }
                return ExitCode.FINDINGS;
            }
        }

        private void print(PrintWriter out, List<MethodRoute> table, List<FlagEntry> entries, FlagStoreStatus status,
                List<AuditEntry> auditLog) {
            if (table.isEmpty()) {
                out.println("Routes: none, the configuration is invalid (above)");
            } else {
                out.println("Routes (this environment, then the flag store):");
                Output.table(out, "  ", RouteRows.table(table));
            }
            out.println();
            out.println("Flag store entries:");
            if (entries.isEmpty()) {
                out.println("  (none)");
            } else {
                List<List<String>> rows = new ArrayList<>();
                rows.add(List.of("TARGET", "VALUE", "SET BY", "SET AT", "REASON"));
                entries.forEach(e -> rows.add(List.of(e.target(), e.value(), e.setBy(), e.setAt().toString(), e.reason())));
                Output.table(out, "  ", rows);
            }
            status.ignored().forEach(ignored -> out.println("  ignored: " + ignored));
            if (audit > 0) {
                out.println();
                out.println("Audit log (newest " + audit + "):");
                if (auditLog.isEmpty()) {
                    out.println("  (empty)");
                } else {
                    List<List<String>> rows = new ArrayList<>();
                    rows.add(List.of("ID", "AT", "ACTOR", "RECORDED", "TARGET", "FROM", "TO", "REASON"));
                    auditLog.forEach(a -> rows.add(List.of(Long.toString(a.id()), a.at().toString(), a.actor(),
                            a.identity().describe(), a.target(), a.from(), a.to(), a.reason()
                                    + (a.forced().isEmpty() ? "" : " (forced past " + a.forced().size() + " finding(s))"))));
                    Output.table(out, "  ", rows);
                }
            }
        }
    }

    /** What every change takes: who, why, and whether to write. */
    static final class ChangeOptions {
        @Option(names = "--actor", paramLabel = "NAME", description = "Who makes the change (required: every change is audited).")
        String actor;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why (required: every change is audited).")
        String reason;

        @Option(names = "--dry-run", description = "Validate and show the change and the routes after it; write nothing.")
        boolean dryRun;

        @Option(names = "--json", description = "Print the change as JSON: {target, from, to, actor, reason, at, dryRun, routesAfter[]}.")
        boolean json;

        @Option(names = {"--force", "--accept-write-loss"}, description = "Make a change that can lose writes (postgres to "
                + "legacy*, postgres-dual to legacy, legacy with PostgreSQL's outbox not drained) or serve stale reads (reads "
                + "from a database some write of the repository does not reach), knowingly; the findings are recorded in the "
                + "audit. Without it such a change is refused, naming each method and the safe order.")
        boolean force;

        void check(String command) {
            List<String> missing = new ArrayList<>();
            if (actor == null || actor.isBlank()) {
                missing.add("--actor NAME (who)");
            }
            if (reason == null || reason.isBlank()) {
                missing.add("--reason TEXT (why)");
            }
            if (!missing.isEmpty()) {
                throw new CliException(command + " needs " + String.join(" and ", missing)
                        + ": every change of the flag store is audited with who made it and why");
            }
        }
    }

    /** The common part of set, rollout and clear: open the store, check, change (or dry-run), print. */
    abstract static class Change extends CliCommand {
        @Mixin
        ChangeOptions options;

        abstract RouteChange apply(RouteFlags flags, String actor, String reason);

        @Override
        public final Integer call() {
            options.check("flags " + spec.name());
            try (StoreRoutes routes = StoreRoutes.open(session().application(), cli().environment(),
                    session().postgres().connections().dataSource())) {
                RouteFlags flags = routes.live().via(ChangeTool.CLI);
                flags = options.force ? flags.forced() : flags;
                RouteChange change = apply(options.dryRun ? flags.dryRun() : flags, options.actor.strip(), options.reason.strip());
                if (options.json) {
                    Output.json(out(), RouteRows.json(change));
                } else {
                    print(out(), change);
                }
                return ExitCode.OK;
            } catch (RouteChangeRefusedException e) {
                List<RouteFinding> findings = e.findings();
                throw new CliException("route-change-refused", "refused: the change can lose writes or serve stale reads"
                        + " (docs/runbook.md, Emergency rollback); nothing written. " + (findings.size() == 1 ? ""
                        : findings.size() + " findings: ") + findings.stream().map(RouteFinding::message)
                        .collect(Collectors.joining("; ")) + ". To make it anyway, knowingly: --force (recorded in the audit)",
                        "follow the safe order of each finding, or add --force to make the change knowingly", e);
            } catch (RouteConfigurationException e) {
                throw new CliException("invalid-route-configuration", e.getMessage(), null, e);
            } catch (IllegalArgumentException e) {
                throw new CliException(e.getMessage(), e);
            }
        }

        private static void print(PrintWriter out, RouteChange change) {
            out.println((change.dryRun() ? "Dry run, nothing written: " + change.target() + " would change from "
                    : change.target() + " changed from ") + change.from() + " to " + change.to() + " (actor " + change.actor()
                    + ", reason: " + change.reason() + ", at " + change.at() + ")");
            out.println("Routes " + (change.dryRun() ? "that would follow" : "after the change") + " (this environment, "
                    + "a call without a tenant):");
            Output.table(out, "  ", RouteRows.table(change.routesAfter()));
            if (!change.forced().isEmpty()) {
                out.println("Forced past (recorded in the audit):");
                change.forced().forEach(finding -> out.println("  - " + finding.message()));
            }
        }
    }

    /** {@code cutover flags set <target> <route>}. */
    @Command(name = "set", mixinStandardHelpOptions = true,
            description = {"Set a target's route in the shared flag store (audited).",
                    "Targets: override, Repository.method, Repository or default. Environment variables still beat the store."})
    static final class SetCommand extends Change {
        @Parameters(index = "0", paramLabel = "TARGET", description = "override, Repository.method, Repository or default.")
        String target;

        @Parameters(index = "1", paramLabel = "ROUTE", description = "legacy, legacy-dual, postgres-dual or postgres.")
        String route;

        @Override
        RouteChange apply(RouteFlags flags, String actor, String reason) {
            return flags.set(target, route, actor, reason);
        }
    }

    /** {@code cutover flags rollout <Repository.method> <route> --percent P | --tenants a,b}. */
    @Command(name = "rollout", mixinStandardHelpOptions = true,
            description = {"Roll a method out to a share of tenants and/or listed tenants (audited).",
                    "The tenants in the rollout take ROUTE; every other call takes --otherwise (default legacy). A tenant's"
                            + " share is sticky: raising the percentage only adds tenants."})
    static final class RolloutCommand extends Change {
        @Parameters(index = "0", paramLabel = "Repository.method", description = "The method, e.g. ClientRepository.findById.")
        String method;

        @Parameters(index = "1", paramLabel = "ROUTE", description = "The route of the tenants in the rollout.")
        String route;

        @Option(names = "--percent", paramLabel = "P", description = "Share of tenants, 0 to 100 (sticky per tenant).")
        Integer percent;

        @Option(names = "--tenants", paramLabel = "a,b,c", split = ",", description = "Tenants in the rollout whatever their share.")
        List<String> tenants;

        @Option(names = "--otherwise", paramLabel = "ROUTE", defaultValue = "legacy",
                description = "The route of every other call (default ${DEFAULT-VALUE}).")
        String otherwise;

        @Override
        RouteChange apply(RouteFlags flags, String actor, String reason) {
            if (percent == null && (tenants == null || tenants.isEmpty())) {
                throw new CliException("flags rollout needs --percent P (0 to 100) or --tenants a,b,c, or both");
            }
            Route to = parse("ROUTE", route);
            Route other = parse("--otherwise", otherwise);
            Rollout rollout = new Rollout(to, percent == null ? 0 : percent,
                    tenants == null ? Set.of() : new TreeSet<>(tenants), other);
            return flags.rollout(method, rollout, actor, reason);
        }

        private static Route parse(String what, String value) {
            try {
                return Route.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CliException(what + ": " + e.getMessage());
            }
        }
    }

    /** {@code cutover flags clear <target>}. */
    @Command(name = "clear", mixinStandardHelpOptions = true,
            description = {"Remove a target's entry from the shared flag store (audited).",
                    "The next level of precedence then decides the target's methods."})
    static final class ClearCommand extends Change {
        @Parameters(index = "0", paramLabel = "TARGET", description = "override, Repository.method, Repository or default.")
        String target;

        @Override
        RouteChange apply(RouteFlags flags, String actor, String reason) {
            return flags.clear(target, actor, reason);
        }
    }
}
