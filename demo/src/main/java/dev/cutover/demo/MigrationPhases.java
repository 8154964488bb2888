package dev.cutover.demo;

import dev.cutover.Backend;
import dev.cutover.backfill.BackfillConfig;
import dev.cutover.backfill.BackfillReport;
import dev.cutover.postgres.CutoverSchema;
import dev.cutover.reference.Client;
import dev.cutover.reference.ClientRepository;
import dev.cutover.reference.ReferenceData;
import dev.cutover.reference.schema.ReferenceSchemas;
import dev.cutover.routing.MethodKind;
import dev.cutover.routing.MethodRoute;
import dev.cutover.routing.Route;
import dev.cutover.shadow.ShadowReadStats;
import dev.cutover.status.reports.StatusReports;
import dev.cutover.verify.VerifyConfig;
import dev.cutover.verify.VerifyReport;
import dev.cutover.verify.VerifyReports;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The migration, phase by phase, each returning its checks. Every check is computed from the databases or from
 * what the callers got. Phases run in order on the calling thread and share the servers, the application and the
 * live writer; {@link #close()} releases whatever a failed run left open. Not thread-safe.
 */
final class MigrationPhases implements AutoCloseable {
    /** Write methods: on legacy-dual from phase 2, on postgres-dual and back, on postgres at the end. */
    private static final List<String> WRITE_METHODS = OutagePhases.WRITE_METHODS;
    private static final String PROBE = "ClientRepository.findById";
    /** A flip reaches the router within one poll interval plus one read of the store; this allows that read. */
    private static final Duration FLIP_ALLOWANCE = DemoApplication.POLL_INTERVAL.plusMillis(250);

    private final PrintStream out;
    private final DemoServers servers;
    private final Map<String, String> environment;
    private final int clientCount;
    private final DemoThreads threadsBefore;
    private ReferenceData data;
    private DemoApplication app;
    private LiveWriter writer;
    private final SplittableRandom random = new SplittableRandom(11);

    MigrationPhases(PrintStream out, DemoServers servers, Map<String, String> environment, int clientCount,
            DemoThreads threadsBefore) {
        this.out = out;
        this.servers = servers;
        this.environment = environment;
        this.clientCount = clientCount;
        this.threadsBefore = threadsBefore;
    }

    /** A phase: its narrative and its work. */
    interface Phase {
        List<Check> run() throws Exception;
    }

    record Step(String name, String narrative, Phase phase) {
    }

    List<Step> steps() {
        return List.of(
                new Step("seed legacy", "the reference domain in the legacy schema (tbl_ tables, JSON as text) by COPY", this::seed),
                new Step("dual-write on", "writes on legacy-dual: legacy first, keys in legacy's outbox, mirrored to PostgreSQL;"
                        + " a live writer starts", this::dualWriteOn),
                new Step("backfill", "COPY from legacy in leased chunks, inserting only rows PostgreSQL lacks (writes are live)",
                        this::backfill),
                new Step("verify 100%", "every row of every table compared, once the reconciler drained", this::verify),
                new Step("shadow reads", "reads on legacy-dual: served by legacy, read again from PostgreSQL and compared",
                        this::shadowReads),
                new Step("flip reads to postgres", "one flag in the live store; the router polls it", this::flipToPostgres),
                new Step("postgres outage", "PostgreSQL goes away while reads and writes go on",
                        () -> outages().postgresOutage()),
                new Step("recovery and reconcile", "PostgreSQL comes back; the reconciler drains the outbox",
                        () -> outages().recovery()),
                new Step("writes to postgres-dual", "PostgreSQL becomes the primary of every write, legacy still receives"
                        + " them", () -> outages().writesToPostgresDual()),
                new Step("legacy outage", "legacy goes away while PostgreSQL is primary; writes go on",
                        () -> outages().legacyOutage()),
                new Step("writes back to legacy-dual", "legacy comes back; writes roll back to it under load, with"
                        + " PostgreSQL's entries still pending", () -> outages().writesBackToLegacyDual()),
                new Step("verify 100% again", "after the outages and the moves, every row compared again", this::verify),
                new Step("instant rollback", "reads back to legacy by one flag flip, no restart", this::rollback),
                new Step("everything on postgres", "reads, then writes: postgres-dual, drained, then postgres alone",
                        () -> outages().everythingToPostgres()),
                new Step("final state", "routes, counts per side, then everything closed and checked", this::finalState));
    }

    /** The phases that take a server away or move the writes, on the running application and writer. */
    private OutagePhases outages() {
        return new OutagePhases(out, servers, app, writer, this::untouchedClient);
    }

    // 1
    private List<Check> seed() throws SQLException, InterruptedException {
        long started = System.nanoTime();
        ReferenceSchemas.migrateLegacy(dataSource(servers.legacy.url()));
        PGSimpleDataSource target = dataSource(servers.target.url());
        ReferenceSchemas.migrateTarget(target);
        CutoverSchema.migrate(target);
        long migrated = System.nanoTime();
        int companies = Math.max(1, clientCount / 1_000);
        data = ReferenceData.generate(42, companies, (clientCount + companies - 1) / companies);
        long generated = System.nanoTime();
        Seeder.Seeded seeded = Seeder.seed(servers.legacy.url(), data);
        double seconds = (System.nanoTime() - generated) / 1e9;
        long rows = seeded.companies() + seeded.clients() + seeded.bookings();
        say("schemas migrated on both sides in %.1f s (legacy: tbl_ tables; target: the reference schema and Cutover's"
                + " tables); rows generated in %.1f s", (migrated - started) / 1e9, (generated - migrated) / 1e9);
        say("%,d companies, %,d clients (ai_context and visit_history JSON), %,d bookings copied in %.1f s (%,.0f rows/s)",
                seeded.companies(), seeded.clients(), seeded.bookings(), seconds, rows / seconds);
        long legacyClients = count(servers.legacy, "SELECT count(*) FROM tbl_clients");
        long withJson = count(servers.legacy, "SELECT count(*) FROM tbl_clients WHERE ai_ctx IS NOT NULL AND ai_ctx::jsonb ? 'tone'");
        long legacyBookings = count(servers.legacy, "SELECT count(*) FROM tbl_records");
        long legacyCompanies = count(servers.legacy, "SELECT count(*) FROM tbl_company");
        return List.of(
                Check.of("clients seeded", legacyClients == data.clients().size() && legacyClients >= clientCount,
                        "tbl_clients holds " + legacyClients + " of " + data.clients().size() + " generated"),
                Check.of("JSON in every client", withJson == legacyClients, withJson + " of " + legacyClients + " with ai_ctx JSON"),
                Check.of("companies and bookings seeded",
                        legacyCompanies == data.companies().size() && legacyBookings == data.bookings().size(),
                        legacyCompanies + " companies, " + legacyBookings + " bookings"));
    }

    // 2
    private List<Check> dualWriteOn() throws Exception {
        app = DemoApplication.start(servers, environment);
        String last = WRITE_METHODS.get(WRITE_METHODS.size() - 1);
        for (String method : WRITE_METHODS.subList(0, WRITE_METHODS.size() - 1)) {
            app.set(method, Route.LEGACY_DUAL, "dual-write before the backfill");
        }
        Duration seen = app.flip(last, Route.LEGACY_DUAL, last, "dual-write before the backfill");
        // First use of each side outside the measured phases (jOOQ and the pools start lazily).
        app.postgres.clients().findById(1);
        app.legacy.clients().findById(1);
        writer = new LiveWriter(app.clients(), data.clients()).start();
        // A second of writes, and until the first of them is mirrored (the reconciler copies them off the callers' path).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Thread.sleep(1_000);
        while (app.dualWrites.reconciler().stats().mirrored() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        List<MethodRoute> routes = new ArrayList<>();
        app.routeTable().forEach(routes::add);
        long writesOnDual = routes.stream().filter(r -> r.method().kind() == MethodKind.WRITE)
                .filter(r -> r.decision().route() == Route.LEGACY_DUAL).count();
        long writes = routes.stream().filter(r -> r.method().kind() == MethodKind.WRITE).count();
        long readsOnLegacy = routes.stream().filter(r -> r.method().kind() == MethodKind.READ)
                .filter(r -> r.decision().route() == Route.LEGACY).count();
        long reads = routes.stream().filter(r -> r.method().kind() == MethodKind.READ).count();
        long mirrored = count(servers.target, "SELECT count(*) FROM clients");
        long outboxTable = count(servers.legacy, "SELECT count(*) FROM pg_tables WHERE tablename = 'cutover_outbox'");
        say("write routes reached the router in %d ms; live writer: %,d writes in its first second, %,d of them mirrored"
                + " so far (PostgreSQL has %,d clients)", seen.toMillis(), writer.writes(), app.dualWrites.reconciler().stats().mirrored(),
                mirrored);
        return List.of(
                Check.of("writes on legacy-dual, reads on legacy", writesOnDual == writes && readsOnLegacy == reads,
                        writesOnDual + "/" + writes + " write methods on legacy-dual, " + readsOnLegacy + "/" + reads
                                + " read methods on legacy"),
                Check.of("outbox in legacy DB", outboxTable == 1, "cutover_outbox tables in the legacy database: " + outboxTable),
                Check.of("live writes succeed", writer.writes() > 0 && writer.failures() == 0,
                        writer.writes() + " writes, " + writer.failures() + " failed (first: " + writer.firstFailure() + ")"),
                Check.of("live writes mirrored", mirrored > 0, "PostgreSQL has " + mirrored + " clients written live"));
    }

    // 3
    private List<Check> backfill() {
        List<Check> checks = new ArrayList<>();
        for (Entity<?, ?> entity : Entity.ALL) {
            ProgressBar bar = new ProgressBar(out, entity.name());
            long legacyBefore = entity.legacyCount(app);
            BackfillReport report;
            try {
                // A worker with no chunk left looks again every poll interval while the other finishes its chunk.
                report = entity.backfill(app, BackfillConfig.custom().chunkSize(5_000).workers(2)
                        .pollInterval(Duration.ofMillis(100)).listener(bar));
            } finally {
                bar.finish();
            }
            long postgresRows = entity.postgresCount(app);
            say("%s: %,d rows in %.1f s (%,.0f rows/s, %s): %,d copied, %,d already there from live writes, %,d quarantined",
                    entity.name(), report.rowsDone(), report.elapsed().toMillis() / 1000.0, report.rowsPerSecond(),
                    entity.liveSafety(), report.rowsCopied(), report.rowsSkipped(), report.rowsQuarantined());
            // Rows are only added meanwhile, so every row legacy had before the run must be in PostgreSQL after it.
            checks.add(Check.of(entity.name() + " backfilled",
                    report.complete() && report.rowsQuarantined() == 0 && postgresRows >= legacyBefore,
                    "complete=" + report.complete() + ", " + report.rowsQuarantined() + " quarantined, postgres "
                            + postgresRows + " rows after, legacy " + legacyBefore + " before"));
        }
        return checks;
    }

    // 4 and 9
    private List<Check> verify() throws InterruptedException {
        long started = System.nanoTime();
        // The writer waits while the outboxes drain (on a loaded machine the reconciler may trail 40 writes a second),
        // then writes on during the comparison: verify re-reads a row that a write changes under it.
        boolean drained;
        writer.pause();
        try {
            drained = app.dualWrites.reconciler().awaitEmpty(Duration.ofSeconds(30));
        } finally {
            writer.resume();
        }
        say("outboxes %s in %d ms", drained ? "drained" : "NOT drained", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        List<Check> checks = new ArrayList<>();
        checks.add(Check.of("reconciler drained", drained, "backlog " + app.dualWrites.reconciler().measureBacklog()));
        for (Entity<?, ?> entity : Entity.ALL) {
            VerifyReport report = entity.verify(app, VerifyConfig.custom().recheckDelay(Duration.ofMillis(300)).build());
            VerifyReports.save(app.postgresAdapter, report); // what 'cutover status' shows as verified, and when
            // The counts are read a moment apart while the writer creates clients; rows found different are read again.
            say("%s: %s, legacy %,d rows, postgres %,d, %,d missing, %,d extra, %,d different (%,d transient), %s, %.1f s",
                    entity.name(), report.status(), report.legacyCount(), report.postgresCount(), report.missing(), report.extra(),
                    report.different(), report.transientRows(), report.method().name().toLowerCase(Locale.ROOT).replace('_', ' '),
                    report.duration().toMillis() / 1000.0);
            checks.add(Check.of(entity.name() + " equal", report.status() == VerifyReport.Status.EQUAL,
                    report.status() + ": " + report.missing() + " missing, " + report.extra() + " extra, " + report.different()
                            + " different" + (report.failure() == null ? "" : ", " + report.failure())));
        }
        return checks;
    }

    // 5
    private List<Check> shadowReads() throws Exception {
        app.flip("ClientRepository", Route.LEGACY_DUAL, PROBE, "shadow reads before the flip");
        ClientRepository clients = app.clients();
        int calls = Math.min(1_000, data.clients().size() / 5);
        int servedByLegacy = 0;
        ShadowReadStats before = app.shadowReads.stats();
        for (int i = 0; i < calls; i++) {
            Client client = untouchedClient();
            Answered.reset();
            if (clients.findById(client.id()).isPresent() && Answered.last().equals(Backend.LEGACY.id())) {
                servedByLegacy++;
            }
            if (i % 20 == 19) {
                // A loop of reads outpaces the shadow threads; an application's traffic would not. Pace it, so that
                // every read is compared rather than dropped from a full queue or timed out waiting in it.
                awaitShadowReads(before.sampled() + i + 1 - 40);
            }
        }
        awaitShadowReads(before.sampled() + calls);
        ShadowReadStats stats = app.shadowReads.stats();
        long compared = stats.matches() + stats.mismatches() - before.matches() - before.mismatches();
        long mismatches = stats.mismatches() - before.mismatches();
        long other = stats.failures() + stats.timeouts() + stats.dropped() - before.failures() - before.timeouts() - before.dropped();
        say("%,d calls of ClientRepository.findById (clients the writer is not touching): %,d served by legacy, %,d compared"
                + " with PostgreSQL, %,d mismatches, %,d failed, timed out or dropped", calls, servedByLegacy, compared, mismatches, other);
        app.shadowReads.recentMismatches().stream().limit(3).forEach(m -> say("%s", m));
        return List.of(
                Check.of("callers served by legacy", servedByLegacy == calls, servedByLegacy + " of " + calls),
                Check.of("every read compared", compared == calls, compared + " of " + calls + " compared, " + other
                        + " failed, timed out or dropped"),
                Check.of("0 mismatches", mismatches == 0, mismatches + " mismatches"));
    }

    private void awaitShadowReads(long sampled) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (app.shadowReads.stats().sampled() < sampled && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }

    private Client untouchedClient() {
        while (true) {
            Client client = data.clients().get(random.nextInt(data.clients().size()));
            if (!LiveWriter.touches(client.id())) {
                return client;
            }
        }
    }

    // 6
    private List<Check> flipToPostgres() throws Exception {
        Duration seen = app.flip("ClientRepository", Route.POSTGRES, PROBE, "shadow reads clean, verify equal");
        int calls = 500;
        int servedByPostgres = outages().readsServedBy(Backend.POSTGRES, calls);
        say("the flip reached the router %d ms after its commit (poll interval %d ms); %,d of %,d reads then served by PostgreSQL",
                seen.toMillis(), DemoApplication.POLL_INTERVAL.toMillis(), servedByPostgres, calls);
        return List.of(
                flipSeen(seen),
                Check.of("reads served by postgres", servedByPostgres == calls, servedByPostgres + " of " + calls));
    }

    private static Check flipSeen(Duration seen) {
        return Check.of("flip seen within the poll interval", seen.compareTo(FLIP_ALLOWANCE) <= 0,
                seen.toMillis() + " ms; allowed " + FLIP_ALLOWANCE.toMillis() + " ms (poll interval plus one read)");
    }

    // 10
    private List<Check> rollback() throws Exception {
        Duration seen = app.flip("ClientRepository", Route.LEGACY, PROBE, "rollback drill");
        int calls = 200;
        int servedByLegacy = outages().readsServedBy(Backend.LEGACY, calls);
        say("rollback took effect %d ms after its commit (poll interval %d ms); %,d of %,d reads then served by legacy;"
                + " writes stay on legacy-dual, so PostgreSQL keeps every write", seen.toMillis(),
                DemoApplication.POLL_INTERVAL.toMillis(), servedByLegacy, calls);
        return List.of(
                flipSeen(seen),
                Check.of("reads served by legacy", servedByLegacy == calls, servedByLegacy + " of " + calls),
                Check.of("writes still dual", app.routeOf("ClientRepository.save") == Route.LEGACY_DUAL,
                        "ClientRepository.save on " + app.routeOf("ClientRepository.save").id()));
    }

    // 11
    private List<Check> finalState() throws Exception {
        writer.close();
        boolean drained = app.dualWrites.reconciler().awaitEmpty(Duration.ofSeconds(30));
        say("live writer stopped after %,d writes (%,d new clients), %,d failed", writer.writes(), writer.created(), writer.failures());
        say("routes:");
        for (MethodRoute route : app.routeTable()) {
            say("  %-38s %-5s %-12s %s", route.method().qualifiedName(), route.method().kind().name().toLowerCase(Locale.ROOT),
                    route.decision().route().id(), route.decision().source());
        }
        List<Check> checks = new ArrayList<>();
        checks.add(Check.of("writer had no failure", writer.failures() == 0 && drained,
                writer.failures() + " failed writes; outboxes drained: " + drained));
        // Writes are on postgres alone since phase 14: legacy lacks the clients created since, by design.
        boolean postgresHoldsAll = true;
        StringBuilder counts = new StringBuilder();
        for (Entity<?, ?> entity : Entity.ALL) {
            long legacyRows = entity.legacyCount(app);
            long postgresRows = entity.postgresCount(app);
            postgresHoldsAll &= postgresRows >= legacyRows;
            counts.append(String.format(Locale.ROOT, "%s %,d/%,d ", entity.name(), legacyRows, postgresRows));
        }
        say("rows (legacy/postgres): %s", counts.toString().trim());
        checks.add(Check.of("postgres holds every row", postgresHoldsAll, counts.toString().trim()));
        checks.add(outages().acknowledgedWrites(false));
        long closing = System.nanoTime();
        app.close();
        app = null;
        say("application closed in %.1f s (shadow reads, reconciler, route refreshers, both pools)",
                (System.nanoTime() - closing) / 1e9);
        long open = awaitNoConnections();
        say("connections left open after close(): %d", open);
        checks.add(Check.of("0 connections left", open == 0, open + " connections to the demo databases on both servers"));
        String reported = reportedState();
        say("status report of %s: %s", DemoApplication.INSTANCE_ID, reported);
        checks.add(Check.of("instance reported stopped", reported.startsWith("stopped"), reported));
        servers.close();
        String left = servers.cleanupProblems();
        say("servers: %s", left.isEmpty() ? servers.afterClose() : left);
        checks.add(Check.of(servers.cleanupCheck(), left.isEmpty(), left.isEmpty() ? servers.afterClose() : left));
        List<String> threads = threadsBefore.awaitNoNewThreads();
        checks.add(Check.of("no thread left", threads.isEmpty(), threads.isEmpty() ? "none" : String.join(", ", threads)));
        return checks;
    }

    /** The application's last status report, as {@code cutover status} reads it: its state and when it stopped. */
    private String reportedState() {
        return StatusReports.read(dataSource(servers.target.url())).stream().filter(i -> i.instanceId().equals(DemoApplication.INSTANCE_ID))
                .findFirst().map(i -> i.state() + (i.stoppedAt() == null ? "" : " at " + i.stoppedAt()))
                .orElse("no report");
    }

    private long awaitNoConnections() throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        long open;
        while ((open = servers.openConnections()) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return open;
    }

    private void say(String format, Object... args) {
        out.println("    " + String.format(Locale.ROOT, format, args));
    }

    static long count(DemoServers.Endpoint endpoint, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(endpoint.url());
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    private static PGSimpleDataSource dataSource(String url) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(url);
        return dataSource;
    }

    /** Stops the writer and closes the application, if a failed phase left them running. */
    @Override
    public void close() {
        if (writer != null) {
            writer.close();
        }
        if (app != null) {
            app.close();
            app = null;
        }
    }
}
