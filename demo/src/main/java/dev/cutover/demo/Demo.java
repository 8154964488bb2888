package dev.cutover.demo;

import dev.cutover.flags.RouteVariables;
import dev.cutover.routing.RouteConfigurationException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The README's main command: the whole migration of the reference domain from a legacy database to PostgreSQL
 * on two real PostgreSQL servers, in fifteen phases (seed, dual-write, backfill, verify, shadow reads, flip, an
 * outage of PostgreSQL, recovery, writes on postgres-dual, an outage of legacy, writes back on legacy-dual, verify
 * again, rollback, everything on postgres, final state), each with a line of narrative while it
 * runs, then a table of every phase with its time and checks. Exits 0 when every check passed, 1 when one failed,
 * 2 when the demo could not start as configured (settings, variables, servers).
 *
 * <p>{@value #CLIENTS_PROPERTY} sets the number of clients seeded (default {@value #DEFAULT_CLIENTS});
 * {@code CUTOVER_DEMO_LEGACY_URL} and {@code CUTOVER_DEMO_POSTGRES_URL} replace the embedded servers; on those,
 * {@value #KEEP_DATABASES} keeps the demo's two databases at the end and prints the commands that run the
 * {@code cutover} command line on them. {@value DemoDatabases#LEGACY_PROPERTY} and {@value DemoDatabases#TARGET_PROPERTY}
 * name the two databases (see {@link DemoDatabases}).
 */
public final class Demo {
    static final String CLIENTS_PROPERTY = "cutover.demo.clients";
    static final int DEFAULT_CLIENTS = 100_000;
    static final String KEEP_DATABASES = "--keep-databases";
    private static final String LOGBACK_CONFIGURATION = "logback.configurationFile";

    private final PrintStream out;
    private final int clients;
    private final Map<String, String> environment;
    private final boolean keepDatabases;
    private final DemoDatabases databases;
    private final List<PhaseResult> results = new ArrayList<>();

    Demo(PrintStream out, int clients, Map<String, String> environment) {
        this(out, clients, environment, false, DemoDatabases.DEFAULT);
    }

    Demo(PrintStream out, int clients, Map<String, String> environment, boolean keepDatabases, DemoDatabases databases) {
        if (clients < 1_000) {
            throw new IllegalArgumentException(CLIENTS_PROPERTY + " must be at least 1000; got " + clients);
        }
        this.out = out;
        this.clients = clients;
        this.environment = Map.copyOf(environment);
        this.keepDatabases = keepDatabases;
        this.databases = databases;
    }

    public static void main(String[] args) {
        // Before anything logs: the demo's own configuration, not the logback.xml of the cutover-cli jar it contains.
        if (System.getProperty(LOGBACK_CONFIGURATION) == null) {
            System.setProperty(LOGBACK_CONFIGURATION, "cutover-demo-logback.xml");
        }
        DemoThreads.nameAsynchronousIoThreads();
        int status;
        try {
            status = new Demo(System.out, clients(System.getProperty(CLIENTS_PROPERTY)), System.getenv(), keepDatabases(args),
                    DemoDatabases.from(System::getProperty)).run();
        } catch (IllegalArgumentException e) {
            System.out.println(e.getMessage());
            status = 2;
        }
        System.exit(status);
    }

    /** Whether the arguments ask to keep the databases: none, or {@value #KEEP_DATABASES} alone. */
    static boolean keepDatabases(String... args) {
        if (args.length == 0) {
            return false;
        }
        if (args.length == 1 && args[0].equals(KEEP_DATABASES)) {
            return true;
        }
        throw new IllegalArgumentException("Unknown arguments '" + String.join(" ", args) + "'; the demo takes none, or "
                + KEEP_DATABASES + " to keep its two databases on the servers of " + DemoServers.LEGACY_URL + " and "
                + DemoServers.POSTGRES_URL + " for the cutover command line");
    }

    private static int clients(String value) {
        if (value == null) {
            return DEFAULT_CLIENTS;
        }
        try {
            return Integer.parseInt(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(CLIENTS_PROPERTY + "='" + value + "' is not a number of clients; expected an"
                    + " integer of at least 1000, e.g. -D" + CLIENTS_PROPERTY + "=100000");
        }
    }

    /** Runs every phase, closes everything; the exit status. */
    int run() {
        long started = System.nanoTime();
        Set<String> variables = environment.keySet().stream().filter(name -> name.startsWith(RouteVariables.PREFIX))
                .filter(name -> !RouteVariables.KNOWN_VARIABLES.contains(name))
                .collect(Collectors.toCollection(TreeSet::new));
        if (!variables.isEmpty()) {
            // Checked before anything starts: the application would refuse an unknown one only after the seeding.
            out.println("Unset " + String.join(", ", variables) + " and run the demo again: it flips routes through the live"
                    + " flag store, which route variables would beat, and of the other CUTOVER_ variables it reads only "
                    + DemoServers.LEGACY_URL + " and " + DemoServers.POSTGRES_URL + ".");
            return 2;
        }
        DemoThreads threadsBefore = DemoThreads.snapshot();
        out.printf(Locale.ROOT, "Cutover demo: the migration of a booking product's data (%,d clients) from legacy to PostgreSQL%n",
                clients);
        DemoServers startedServers;
        try {
            startedServers = DemoServers.start(environment, keepDatabases, databases);
        } catch (IllegalArgumentException e) {
            out.println(e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            // The demo's own messages redact their URLs; the driver's never hold a password.
            out.println("Could not start the servers: " + e.getMessage());
            return 2;
        }
        try (DemoServers servers = startedServers) {
            out.println("Servers: " + servers.description);
            try (MigrationPhases phases = new MigrationPhases(out, servers, environment, clients, threadsBefore)) {
                List<MigrationPhases.Step> steps = phases.steps();
                for (int i = 0; i < steps.size(); i++) {
                    if (!runPhase(i + 1, steps.size(), steps.get(i))) {
                        break;
                    }
                }
            }
        } catch (RouteConfigurationException e) {
            out.println(e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            results.add(new PhaseResult(results.size() + 1, "setup or teardown", Duration.ZERO,
                    List.of(Check.of("ran", false, String.valueOf(e)))));
        }
        out.println();
        PhaseTable.print(out, results, Duration.ofNanos(System.nanoTime() - started));
        if (startedServers.keepDatabases) {
            out.println();
            out.print(startedServers.commandLine());
        }
        return results.stream().allMatch(PhaseResult::passed) ? 0 : 1;
    }

    /** The phases run so far, in order. */
    List<PhaseResult> results() {
        return List.copyOf(results);
    }

    /** Runs one phase and records it; whether the next may run (a phase that threw stops the demo). */
    private boolean runPhase(int number, int of, MigrationPhases.Step step) {
        out.printf(Locale.ROOT, "%n[%d/%d] %s: %s%n", number, of, step.name(), step.narrative());
        long started = System.nanoTime();
        List<Check> checks;
        boolean goOn = true;
        try {
            checks = step.phase().run();
        } catch (RouteConfigurationException e) {
            throw e;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            checks = List.of(Check.of("ran", false, String.valueOf(e)));
            out.println("    failed: " + String.valueOf(e));
            goOn = false;
        }
        PhaseResult result = new PhaseResult(number, step.name(), Duration.ofNanos(System.nanoTime() - started), checks);
        results.add(result);
        for (Check check : checks) {
            if (!check.passed()) {
                out.println("    check failed: " + check.name() + ": " + check.detail());
            }
        }
        return goOn;
    }
}
