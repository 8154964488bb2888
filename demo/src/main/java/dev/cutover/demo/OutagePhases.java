package dev.cutover.demo;

import dev.cutover.Backend;
import dev.cutover.reference.Client;
import dev.cutover.routing.Route;
import java.io.PrintStream;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The phases that take a server away or move the writes, under the live writer's load: the PostgreSQL outage and its
 * recovery, writes on {@code postgres-dual}, the legacy server stopped while PostgreSQL is primary, writes rolled back
 * to {@code legacy-dual} with PostgreSQL's entries still pending, and everything on {@code postgres}. After each, the
 * databases are read to check that no acknowledged write is missing. Not thread-safe.
 */
final class OutagePhases {
    /** Write methods, moved together: every write of the demo's repositories. */
    static final List<String> WRITE_METHODS = List.of("CompanyRepository.save", "ClientRepository.save",
            "ClientRepository.saveAll", "ClientRepository.delete", "BookingRepository.save", "BookingRepository.updateStatus");
    private static final String PROBE = "ClientRepository.findById";
    private static final String WRITE_PROBE = "ClientRepository.save";
    private static final Duration OUTAGE = Duration.ofSeconds(3);

    private final PrintStream out;
    private final DemoServers servers;
    private final DemoApplication app;
    private final LiveWriter writer;
    private final Supplier<Client> untouched;

    OutagePhases(PrintStream out, DemoServers servers, DemoApplication app, LiveWriter writer, Supplier<Client> untouched) {
        this.out = out;
        this.servers = servers;
        this.app = app;
        this.writer = writer;
        this.untouched = untouched;
    }

    // 7
    List<Check> postgresOutage() throws Exception {
        long writesBefore = writer.writes();
        long failuresBefore = writer.failures();
        long fallbacksBefore = app.resilience.fallbacks();
        say("cutting PostgreSQL by %s", servers.outage.how());
        servers.outage.cut();
        long started = System.nanoTime();
        long end = started + OUTAGE.toNanos();
        long nextSample = started;
        List<Long> backlog = new ArrayList<>();
        int reads = 0;
        int answered = 0;
        int byLegacy = 0;
        int errors = 0;
        String firstError = "none";
        while (System.nanoTime() < end) {
            if (System.nanoTime() >= nextSample) {
                backlog.add(outboxEntries(servers.legacy, "cutover_outbox"));
                nextSample += TimeUnit.MILLISECONDS.toNanos(500);
            }
            reads++;
            Answered.reset();
            try {
                if (app.clients().findById(untouched.get().id()).isPresent()) {
                    answered++;
                    if (Answered.last().equals(Backend.LEGACY.id())) {
                        byLegacy++;
                    }
                }
            } catch (RuntimeException e) {
                errors++;
                firstError = errors == 1 ? e.toString() : firstError;
            }
            Thread.sleep(5);
        }
        backlog.add(outboxEntries(servers.legacy, "cutover_outbox"));
        long writes = writer.writes() - writesBefore;
        long writeFailures = writer.failures() - failuresBefore;
        long fallbacks = app.resilience.fallbacks() - fallbacksBefore;
        say("%.1f s without PostgreSQL: %,d reads, %,d answered (%,d by legacy, %,d fallbacks), %,d failed; %,d writes, %,d failed",
                OUTAGE.toMillis() / 1000.0, reads, answered, byLegacy, fallbacks, errors, writes, writeFailures);
        say("legacy outbox backlog, every 0.5 s: %s entries",
                backlog.stream().map(String::valueOf).collect(Collectors.joining(" -> ")));
        return List.of(
                Check.of("reads answered", answered == reads && errors == 0,
                        answered + " of " + reads + " answered, " + errors + " failed (first: " + firstError + ")"),
                Check.of("reads fell back to legacy", fallbacks > 0 && byLegacy == reads,
                        fallbacks + " fallbacks, " + byLegacy + " of " + reads + " served by legacy"),
                Check.of("writes succeed on legacy", writes > 0 && writeFailures == 0,
                        writes + " writes, " + writeFailures + " failed (first: " + writer.firstFailure() + ")"),
                Check.of("backlog grows", backlog.get(backlog.size() - 1) > backlog.get(0),
                        "legacy outbox " + backlog.get(0) + " -> " + backlog.get(backlog.size() - 1) + " entries"));
    }

    // 8
    List<Check> recovery() throws Exception {
        long backlogBefore = outboxEntries(servers.legacy, "cutover_outbox");
        long started = System.nanoTime();
        servers.outage.restore();
        long back = System.nanoTime();
        app.dualWrites.reconciler().wakeUp();
        long settledBefore = app.dualWrites.reconciler().stats().settled();
        long firstCopy = 0;
        boolean drained = false;
        long deadline = back + TimeUnit.SECONDS.toNanos(60);
        while (!drained && System.nanoTime() < deadline) {
            drained = app.dualWrites.reconciler().awaitEmpty(Duration.ofMillis(20));
            if (firstCopy == 0 && app.dualWrites.reconciler().stats().settled() > settledBefore) {
                firstCopy = System.nanoTime();
            }
        }
        long drainedAt = System.nanoTime();
        say("PostgreSQL accepting connections %.1f s after the restart began; the reconciler's first copy %.1f s later;"
                + " backlog %,d -> %s %.1f s after PostgreSQL was back (the live writer adding entries all along)",
                (back - started) / 1e9, firstCopy == 0 ? Double.NaN : (firstCopy - back) / 1e9, backlogBefore,
                drained ? "0" : outboxEntries(servers.legacy, "cutover_outbox") + " (NOT drained)", (drainedAt - back) / 1e9);
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        boolean postgresServes = false;
        while (!postgresServes && System.nanoTime() < deadline) {
            postgresServes = readsServedBy(Backend.POSTGRES, 1) == 1;
            if (!postgresServes) {
                Thread.sleep(20);
            }
        }
        int calls = 200;
        int servedByPostgres = readsServedBy(Backend.POSTGRES, calls);
        say("reads served by PostgreSQL again %.1f s after it was back (circuit breaker closed): %,d of %,d",
                (System.nanoTime() - back) / 1e9, servedByPostgres, calls);
        return List.of(
                Check.of("backlog drained to 0", drained && backlogBefore > 0,
                        "from " + backlogBefore + " entries: " + app.dualWrites.reconciler().measureBacklog()),
                Check.of("reads back on postgres", servedByPostgres == calls, servedByPostgres + " of " + calls),
                acknowledgedWrites(true));
    }

    // 9
    List<Check> writesToPostgresDual() throws Exception {
        long writesBefore = writer.writes();
        Duration seen = moveWrites(Route.POSTGRES_DUAL, "PostgreSQL primary, legacy kept for rollback");
        awaitWrites(writesBefore + 40);
        long postgresOutbox = app.dualWrites.reconciler().stats().settled();
        say("writes moved to postgres-dual in %d ms: PostgreSQL is the primary, legacy receives every write through"
                + " cutover.outbox; %,d writes since", seen.toMillis(), writer.writes() - writesBefore);
        return List.of(
                Check.of("writes on postgres-dual", app.routeOf(WRITE_PROBE) == Route.POSTGRES_DUAL,
                        WRITE_PROBE + " on " + app.routeOf(WRITE_PROBE).id() + "; " + postgresOutbox + " entries settled so far"),
                Check.of("live writes succeed", writer.failures() == 0,
                        (writer.writes() - writesBefore) + " writes, " + writer.failures() + " failed in all"),
                acknowledgedWrites(true));
    }

    // 10
    List<Check> legacyOutage() throws Exception {
        long writesBefore = writer.writes();
        long failuresBefore = writer.failures();
        long backlogBefore = outboxEntries(servers.target, "cutover.outbox");
        say("stopping legacy while PostgreSQL is primary: %s", servers.legacyOutage.how());
        servers.legacyOutage.cut();
        long end = System.nanoTime() + OUTAGE.toNanos();
        int reads = 0;
        int byPostgres = 0;
        while (System.nanoTime() < end) {
            reads++;
            Answered.reset();
            if (app.clients().findById(untouched.get().id()).isPresent() && Answered.last().equals(Backend.POSTGRES.id())) {
                byPostgres++;
            }
            Thread.sleep(5);
        }
        long backlog = outboxEntries(servers.target, "cutover.outbox");
        long writes = writer.writes() - writesBefore;
        long writeFailures = writer.failures() - failuresBefore;
        say("%.1f s without legacy: %,d writes on PostgreSQL, %,d failed; %,d of %,d reads served by PostgreSQL;"
                + " PostgreSQL's outbox %,d -> %,d entries waiting for legacy", OUTAGE.toMillis() / 1000.0, writes,
                writeFailures, byPostgres, reads, backlogBefore, backlog);
        return List.of(
                Check.of("writes succeed on postgres", writes > 0 && writeFailures == 0,
                        writes + " writes, " + writeFailures + " failed (first: " + writer.firstFailure() + ")"),
                Check.of("reads served by postgres", byPostgres == reads, byPostgres + " of " + reads),
                Check.of("backlog for legacy grows", backlog > backlogBefore,
                        "cutover.outbox " + backlogBefore + " -> " + backlog + " entries"),
                acknowledgedWrites(false));
    }

    // 11
    List<Check> writesBackToLegacyDual() throws Exception {
        long pending = outboxEntries(servers.target, "cutover.outbox");
        long started = System.nanoTime();
        servers.legacyOutage.restore();
        awaitLegacy();
        say("legacy back in %.1f s (answering the application's pool), with %,d PostgreSQL entries not yet copied to it",
                (System.nanoTime() - started) / 1e9, pending);
        long writesBefore = writer.writes();
        long failuresBefore = writer.failures();
        // No drain first: a pending PostgreSQL entry never overwrites a newer legacy write of its row.
        Duration seen = moveWrites(Route.LEGACY_DUAL, "rollback of the writes under load, no drain first");
        awaitWrites(writesBefore + 40);
        boolean drained = app.dualWrites.reconciler().awaitEmpty(Duration.ofSeconds(60));
        say("writes back on legacy-dual %d ms after the flip; %,d writes since, %,d failed; outboxes %s", seen.toMillis(),
                writer.writes() - writesBefore, writer.failures() - failuresBefore, drained ? "drained" : "NOT drained");
        return List.of(
                Check.of("writes rolled back under load", app.routeOf(WRITE_PROBE) == Route.LEGACY_DUAL
                        && writer.failures() == failuresBefore, WRITE_PROBE + " on " + app.routeOf(WRITE_PROBE).id() + ", "
                        + (writer.failures() - failuresBefore) + " writes failed (first: " + writer.firstFailure() + ")"),
                Check.of("backlog drained to 0", drained && pending > 0,
                        "from " + pending + " PostgreSQL entries: " + app.dualWrites.reconciler().measureBacklog()),
                acknowledgedWrites(true));
    }

    // 14
    List<Check> everythingToPostgres() throws Exception {
        long writesBefore = writer.writes();
        app.set("default", Route.POSTGRES, "migration done: reads");
        app.flip("ClientRepository", Route.POSTGRES, PROBE, "migration done: reads");
        moveWrites(Route.POSTGRES_DUAL, "migration done: writes to PostgreSQL first");
        boolean drained = app.dualWrites.reconciler().awaitEmpty(Duration.ofSeconds(60));
        Duration seen = moveWrites(Route.POSTGRES, "migration done: legacy no longer written");
        awaitWrites(writer.writes() + 40);
        long onPostgres = app.cutover.routes().stream().filter(r -> r.decision().route() == Route.POSTGRES).count();
        long methods = app.cutover.routes().size();
        say("every method on postgres (%d of %d), the last writes mirrored to legacy before (outboxes %s); writes on"
                + " postgres alone %d ms after the flip, %,d writes since", onPostgres, methods,
                drained ? "drained" : "NOT drained", seen.toMillis(), writer.writes() - writesBefore);
        return List.of(
                Check.of("everything on postgres", onPostgres == methods && drained,
                        onPostgres + " of " + methods + " methods on postgres; outboxes drained before: " + drained),
                Check.of("live writes succeed", writer.failures() == 0, writer.failures() + " writes failed in all"),
                acknowledgedWrites(false));
    }

    /** Moves every write method to {@code route}; the time until the router served the last one on it. */
    private Duration moveWrites(Route route, String reason) throws InterruptedException {
        for (String method : WRITE_METHODS) {
            if (!method.equals(WRITE_PROBE)) {
                app.set(method, route, reason);
            }
        }
        return app.flip(WRITE_PROBE, route, WRITE_PROBE, reason);
    }

    /** Waits until legacy answers a query through the application's pool (for at most 15 s). */
    private void awaitLegacy() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            try {
                app.legacy.clientStore().count();
                return;
            } catch (RuntimeException e) {
                Thread.sleep(50);
            }
        }
    }

    /** Waits until the writer has made {@code writes} writes in all (it writes about 40 a second). */
    private void awaitWrites(long writes) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (writer.writes() < writes && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    /**
     * With the writer paused and the outboxes drained (unless legacy is away), reads every client the writer
     * acknowledged from PostgreSQL (and from legacy when {@code bothSides}) and counts those that miss their last
     * acknowledged write.
     */
    Check acknowledgedWrites(boolean bothSides) throws InterruptedException {
        writer.pause();
        try {
            boolean drained = !bothSides || app.dualWrites.reconciler().awaitEmpty(Duration.ofSeconds(30));
            Map<Long, String> acknowledged = writer.acknowledged();
            List<Long> ids = new ArrayList<>(acknowledged.keySet());
            long missingOnPostgres = missing(acknowledged, app.postgres.clientStore().findByKeys(ids));
            long missingOnLegacy = bothSides ? missing(acknowledged, app.legacy.clientStore().findByKeys(ids)) : 0;
            say("acknowledged writes: %,d clients, each with its last acknowledged write on PostgreSQL%s: %,d missing%s",
                    acknowledged.size(), bothSides ? " and legacy" : "", missingOnPostgres,
                    bothSides ? String.format(Locale.ROOT, " on PostgreSQL, %,d on legacy", missingOnLegacy) : "");
            return Check.of("no acknowledged write missing", drained && missingOnPostgres == 0 && missingOnLegacy == 0,
                    acknowledged.size() + " clients written; missing on postgres " + missingOnPostgres
                            + (bothSides ? ", on legacy " + missingOnLegacy + ", outboxes drained: " + drained : ""));
        } finally {
            writer.resume();
        }
    }

    private static long missing(Map<Long, String> acknowledged, List<Client> found) {
        long matching = found.stream().filter(c -> c.name().equals(acknowledged.get(c.id()))).count();
        return acknowledged.size() - matching;
    }

    /** Reads random clients; how many returned a client served by {@code backend}. */
    int readsServedBy(Backend backend, int calls) {
        int served = 0;
        for (int i = 0; i < calls; i++) {
            Answered.reset();
            if (app.clients().findById(untouched.get().id()).isPresent() && Answered.last().equals(backend.id())) {
                served++;
            }
        }
        return served;
    }

    private static long outboxEntries(DemoServers.Endpoint endpoint, String table) throws SQLException {
        return MigrationPhases.count(endpoint, "SELECT count(*) FROM " + table);
    }

    private void say(String format, Object... args) {
        out.println("    " + String.format(Locale.ROOT, format, args));
    }
}
