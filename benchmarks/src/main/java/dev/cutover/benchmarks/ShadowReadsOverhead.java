package dev.cutover.benchmarks;

import dev.cutover.Cutover;
import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyConfig;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.postgres.PostgresConfig;
import dev.cutover.reference.Client;
import dev.cutover.reference.ClientRepository;
import dev.cutover.reference.ReferenceData;
import dev.cutover.reference.legacy.LegacyRepositories;
import dev.cutover.reference.postgres.PostgresRepositories;
import dev.cutover.reference.schema.ReferenceSchemas;
import dev.cutover.routing.Route;
import dev.cutover.routing.RouteDecision;
import dev.cutover.routing.RouteOrigin;
import dev.cutover.routing.RouteSource;
import dev.cutover.routing.RouteSwitch;
import dev.cutover.shadow.ShadowReadStats;
import dev.cutover.shadow.ShadowReads;
import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestPostgres;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * What shadow reads add to the caller: {@code ClientRepository.findById} on the {@code legacy} route and on the
 * {@code legacy-dual} route with every call shadow-read on PostgreSQL (sample rate 1.0) and compared, both databases
 * on the test kit's server with 10,000 clients. A third router isolates the caller's own path: it samples and submits
 * every shadow read like the second, to an executor that drops it, so no secondary query runs. Rounds interleaved
 * (rotating which goes first); each round times every call, and the figure is the median of the per-round ratios of
 * median latencies.
 *
 * <p>Two loads: {@code closed}, calls back to back (the shadow reads compete with the caller for the machine's 2 cores
 * all the time), and {@code paced}, one call every {@code pace} microseconds (a service that is not saturated).
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.cutover.benchmarks.ShadowReadsOverhead [rounds] [calls] [pace us]</pre>
 */
public final class ShadowReadsOverhead {
    static final int CLIENTS = 10_000;
    private static long sink;

    private ShadowReadsOverhead() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        int paceMicros = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        try (TestDatabase legacyDatabase = TestPostgres.server().createDatabase("bench_shadow_legacy");
                TestDatabase targetDatabase = TestPostgres.server().createDatabase("bench_shadow_target");
                LegacyAdapter legacyAdapter = LegacyAdapter.create(LegacyConfig.custom().jdbcUrl(legacyDatabase.jdbcUrl())
                        .username(legacyDatabase.username()).password(legacyDatabase.password()).maximumPoolSize(4).build());
                PostgresAdapter postgresAdapter = PostgresAdapter.create(PostgresConfig.custom()
                        .jdbcUrl(targetDatabase.jdbcUrl()).username(targetDatabase.username())
                        .password(targetDatabase.password()).maximumPoolSize(4).build())) {
            ReferenceSchemas.migrateLegacy(legacyAdapter.connections().dataSource());
            ReferenceSchemas.migrateTarget(postgresAdapter.connections().dataSource());
            LegacyRepositories legacy = new LegacyRepositories(legacyAdapter);
            PostgresRepositories postgres = new PostgresRepositories(postgresAdapter);
            List<Client> clients = ReferenceData.generate(1, 10, CLIENTS / 10).clients();
            legacy.clientStore().upsertAll(clients);
            postgres.clientStore().upsertAll(clients);

            ShadowReads shadow = ShadowReads.custom().sampleRate(1.0).logLinesPerMinute(0).build();
            ShadowReads submitOnly = ShadowReads.custom().sampleRate(1.0).logLinesPerMinute(0).executor(task -> { }).build();
            try (Cutover plain = Cutover.builder().routes(RouteSource.fixed(Route.LEGACY))
                    .repository(ClientRepository.class, legacy.clients(), postgres.clients()).build();
                    Cutover dual = dualCutover(shadow, legacy, postgres);
                    Cutover dualSubmitOnly = dualCutover(submitOnly, legacy, postgres)) {
                ClientRepository[] routers = {plain.repository(ClientRepository.class), dual.repository(ClientRepository.class),
                        dualSubmitOnly.repository(ClientRepository.class)};
                for (int i = 0; i < 5; i++) {
                    for (ClientRepository router : routers) {
                        round(router, calls, i, 0);
                    }
                }
                System.out.printf(Locale.ROOT, "findById, legacy vs legacy-dual (shadow reads at sample rate 1.0), %d rounds x "
                        + "%d calls each way, interleaved; %s%n", rounds, calls, TestPostgres.server().description());
                measure("closed", routers, shadow, rounds, calls, 0);
                measure("paced " + paceMicros + "us", routers, shadow, rounds, calls, paceMicros);
            }
        }
        if (sink == 42) {
            System.out.println();
        }
    }

    private static Cutover dualCutover(ShadowReads shadow, LegacyRepositories legacy, PostgresRepositories postgres) {
        RouteDecision[] decision = {new RouteDecision(Route.LEGACY, RouteOrigin.DEFAULT, "benchmark")};
        RouteSwitch current = () -> decision[0];
        Cutover.Builder builder = Cutover.builder().routes(methods -> methods.stream().map(m -> current).toList())
                .repository(ClientRepository.class, legacy.clients(), postgres.clients());
        shadow.install(builder);
        Cutover cutover = builder.build();
        // Building refuses a dual route in force until the dual routes are released; switch after building.
        decision[0] = new RouteDecision(Route.LEGACY_DUAL, RouteOrigin.DEFAULT, "benchmark");
        return cutover;
    }

    private static void measure(String load, ClientRepository[] routers, ShadowReads shadow, int rounds, int calls,
            int paceMicros) {
        ShadowReadStats before = shadow.stats();
        double[][] medians = new double[routers.length][rounds];
        double[][] ratios = new double[routers.length][rounds];
        for (int round = 0; round < rounds; round++) {
            for (int k = 0; k < routers.length; k++) {
                int which = (round + k) % routers.length;
                medians[which][round] = round(routers[which], calls, round, paceMicros);
            }
            for (int k = 1; k < routers.length; k++) {
                ratios[k][round] = medians[k][round] / medians[0][round];
            }
        }
        ShadowReadStats after = shadow.stats();
        System.out.printf(Locale.ROOT, "%n%s load%n%-34s %12s %12s %12s %14s%n", load, "", "median us", "p25 us", "p75 us",
                "ratio (p25-p75)");
        String[] labels = {"legacy", "legacy-dual", "legacy-dual, secondary not run"};
        for (int k = 0; k < routers.length; k++) {
            double[] sorted = medians[k].clone();
            Arrays.sort(sorted);
            String ratio = "";
            if (k > 0) {
                double[] r = ratios[k].clone();
                Arrays.sort(r);
                ratio = String.format(Locale.ROOT, "%.4f (%.4f-%.4f) added %.2f%%", r[rounds / 2], r[rounds / 4],
                        r[3 * rounds / 4], (r[rounds / 2] - 1) * 100);
            }
            System.out.printf(Locale.ROOT, "%-34s %12.2f %12.2f %12.2f   %s%n", labels[k], sorted[rounds / 2], sorted[rounds / 4],
                    sorted[3 * rounds / 4], ratio);
        }
        System.out.printf(Locale.ROOT, "shadow reads (legacy-dual): %d compared (%d matches, %d mismatches), %d dropped, "
                + "%d timed out, %d failed%n",
                after.matches() + after.mismatches() - before.matches() - before.mismatches(), after.matches() - before.matches(),
                after.mismatches() - before.mismatches(), after.dropped() - before.dropped(), after.timeouts() - before.timeouts(),
                after.failures() - before.failures());
    }

    /** Median microseconds per call over one round. */
    private static double round(ClientRepository clients, int calls, int round, int paceMicros) {
        long[] nanos = new long[calls];
        for (int i = 0; i < calls; i++) {
            long id = 1 + ((long) round * calls + i * 7L) % CLIENTS;
            long start = System.nanoTime();
            sink += clients.findById(id).map(c -> c.name().length()).orElse(0);
            nanos[i] = System.nanoTime() - start;
            if (paceMicros > 0) {
                LockSupport.parkNanos(paceMicros * 1_000L - nanos[i]);
            }
        }
        Arrays.sort(nanos);
        return nanos[calls / 2] / 1_000.0;
    }

}
