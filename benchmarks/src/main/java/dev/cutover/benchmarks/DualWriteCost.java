package dev.cutover.benchmarks;

import dev.cutover.Cutover;
import dev.cutover.dual.DualWrites;
import dev.cutover.dual.MirrorMode;
import dev.cutover.dual.WriteKeys;
import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyConfig;
import dev.cutover.legacy.outbox.LegacyOutbox;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.postgres.PostgresConfig;
import dev.cutover.postgres.outbox.PostgresOutbox;
import dev.cutover.reference.Client;
import dev.cutover.reference.ClientRepository;
import dev.cutover.reference.Mappings;
import dev.cutover.reference.ReferenceData;
import dev.cutover.reference.legacy.LegacyRepositories;
import dev.cutover.reference.postgres.PostgresRepositories;
import dev.cutover.reference.schema.ReferenceSchemas;
import dev.cutover.routing.Route;
import dev.cutover.routing.RouteDecision;
import dev.cutover.routing.RouteOrigin;
import dev.cutover.routing.RouteSource;
import dev.cutover.routing.RouteSwitch;
import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestPostgres;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What dual-write costs a caller, on real PostgreSQL for both sides (legacy: the legacy schema; target: the
 * shipped one), measured in one run with interleaved rounds (the order rotating each round): a legacy write alone,
 * a PostgreSQL write alone, a synchronous dual-write on {@code legacy-dual}, and an asynchronous one. Each call
 * updates one of {@value #CLIENTS} clients (two JSONB columns) through {@code ClientRepository.save}. After the
 * asynchronous round the reconciler is left to drain, untimed, so that its work does not fall on another round.
 * A fifth variant, asynchronous with the mirror deferred past the round (drained untimed after it), isolates what
 * the outbox costs the caller from what the background copy's competition for the machine costs. Prints per-call
 * medians and the medians of the per-round ratios: synchronous / (legacy + PostgreSQL) and asynchronous / legacy.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.cutover.benchmarks.DualWriteCost [rounds] [calls] [one-way delay us]</pre>
 *
 * <p>With a delay, every connection goes through an in-JVM TCP proxy (netcrusher) that holds each packet that long in
 * each direction, as a network between application and database would (the proxy's scheduler ticks every
 * millisecond, so the delay is rounded up to it); the printed round trip is measured through it.
 */
public final class DualWriteCost {
    static final int CLIENTS = 10_000;

    private DualWriteCost() {
    }

    /** Every method on one route, switched after build (dual routes cannot be built on while unsupported). */
    private static final class Switchable implements RouteSource {
        final AtomicReference<RouteDecision> current =
                new AtomicReference<>(new RouteDecision(Route.LEGACY, RouteOrigin.DEFAULT, "benchmark"));

        @Override
        public List<RouteSwitch> bind(List<dev.cutover.routing.RepositoryMethod> methods) {
            RouteSwitch routeSwitch = current::get;
            return methods.stream().map(m -> routeSwitch).toList();
        }
    }

    private record Side(Cutover cutover, DualWrites dualWrites, ClientRepository clients) {
    }

    public static void main(String[] args) throws InterruptedException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        long delayMicros = args.length > 2 ? Long.parseLong(args[2]) : Network.DIRECT;
        TestDatabase legacyServerDatabase = TestPostgres.server().createDatabase("bench_dual_legacy");
        TestDatabase targetServerDatabase = TestPostgres.server().createDatabase("bench_dual_target");
        try (Network network = new Network(delayMicros)) {
            Network.Endpoint legacyDatabase = network.reach(legacyServerDatabase);
            Network.Endpoint targetDatabase = network.reach(targetServerDatabase);
            LegacyAdapter legacyAdapter = legacy(legacyDatabase);
            PostgresAdapter postgresAdapter = postgres(targetDatabase);
            ReferenceSchemas.migrateLegacy(legacyAdapter.connections().dataSource());
            ReferenceSchemas.migrateTarget(postgresAdapter.connections().dataSource());
            LegacyRepositories legacy = new LegacyRepositories(legacyAdapter);
            PostgresRepositories postgres = new PostgresRepositories(postgresAdapter);
            List<Client> clients = ReferenceData.generate(1, 10, CLIENTS / 10).clients();
            legacy.clientStore().upsertAll(clients);
            postgres.clientStore().upsertAll(clients);
            ClientRepository legacyAlone = legacy.clients();
            ClientRepository postgresAlone = postgres.clients();
            Side sync = side(legacyDatabase, targetDatabase, MirrorMode.SYNCHRONOUS, false);
            Side async = side(legacyDatabase, targetDatabase, MirrorMode.ASYNCHRONOUS, false);
            Side deferred = side(legacyDatabase, targetDatabase, MirrorMode.ASYNCHRONOUS, true);
            ClientRepository[] repositories = {legacyAlone, postgresAlone, sync.clients(), async.clients(), deferred.clients()};
            String[] names = {"legacy alone", "postgres alone", "dual sync", "dual async", "async, deferred"};
            int kinds = repositories.length;
            for (int warm = 0; warm < 6; warm++) {
                for (ClientRepository repository : repositories) {
                    batch(repository, clients, calls, warm);
                }
                async.dualWrites().reconciler().awaitEmpty(Duration.ofMinutes(1));
            }
            double[][] perCall = new double[kinds][rounds];
            double[] syncRatio = new double[rounds];
            double[] asyncRatio = new double[rounds];
            double[] deferredRatio = new double[rounds];
            for (int round = 0; round < rounds; round++) {
                for (int i = 0; i < kinds; i++) {
                    int which = (i + round) % kinds;
                    perCall[which][round] = batch(repositories[which], clients, calls, round);
                    if (which >= 3) {
                        async.dualWrites().reconciler().awaitEmpty(Duration.ofMinutes(1));
                    }
                }
                syncRatio[round] = perCall[2][round] / (perCall[0][round] + perCall[1][round]);
                asyncRatio[round] = perCall[3][round] / perCall[0][round];
                deferredRatio[round] = perCall[4][round] / perCall[0][round];
            }
            sync.dualWrites().reconciler().awaitEmpty(Duration.ofMinutes(1));
            System.out.printf(Locale.ROOT, "ClientRepository.save on %s, %d rounds x %d calls each, interleaved%s%n",
                    TestPostgres.server().description(), rounds, calls, network.describe(legacyDatabase));
            System.out.printf(Locale.ROOT, "%-18s %12s %12s %12s%n", "", "median us", "p25 us", "p75 us");
            for (int i = 0; i < kinds; i++) {
                print(names[i], perCall[i]);
            }
            print("sync / (legacy + postgres)", syncRatio, "%.4f");
            print("async / legacy", asyncRatio, "%.4f");
            print("async, mirror deferred / legacy", deferredRatio, "%.4f");
            System.out.printf(Locale.ROOT, "mirrored rows: sync %d, async %d; failed: %d, %d%n",
                    sync.dualWrites().reconciler().stats().mirrored(), async.dualWrites().reconciler().stats().mirrored(),
                    sync.dualWrites().reconciler().stats().failed(), async.dualWrites().reconciler().stats().failed());
            sync.cutover().close();
            async.cutover().close();
            deferred.cutover().close();
            legacyAdapter.close();
            postgresAdapter.close();
        } finally {
            legacyServerDatabase.close();
            targetServerDatabase.close();
        }
    }

    /** @param deferred whether the mirror waits until after the round (nothing handed over, a long grace period) */
    private static Side side(Network.Endpoint legacyDatabase, Network.Endpoint targetDatabase, MirrorMode mode, boolean deferred) {
        LegacyAdapter legacyAdapter = legacy(legacyDatabase);
        PostgresAdapter postgresAdapter = postgres(targetDatabase);
        LegacyRepositories legacy = new LegacyRepositories(legacyAdapter);
        PostgresRepositories postgres = new PostgresRepositories(postgresAdapter);
        DualWrites dualWrites = DualWrites.custom()
                .outbox(LegacyOutbox.create(legacyAdapter))
                .outbox(PostgresOutbox.create(postgresAdapter))
                .repository(ClientRepository.class, Mappings.CLIENTS, legacy.clientStore(), postgres.clientStore())
                .keys(ClientRepository.class, "delete", WriteKeys.argument(0))
                .mode(mode)
                .queueCapacity(deferred ? 0 : 100_000)
                .gracePeriod(deferred ? Duration.ofHours(1) : Duration.ofSeconds(10))
                .build();
        Switchable routes = new Switchable();
        Cutover cutover = dualWrites.install(Cutover.builder()
                .legacy(legacyAdapter)
                .postgres(postgresAdapter)
                .routes(routes)
                .repository(ClientRepository.class, legacy.clients(), postgres.clients()))
                .build();
        routes.current.set(new RouteDecision(Route.LEGACY_DUAL, RouteOrigin.OVERRIDE, "benchmark"));
        return new Side(cutover, dualWrites, cutover.repository(ClientRepository.class));
    }

    private static LegacyAdapter legacy(Network.Endpoint database) {
        return LegacyAdapter.create(LegacyConfig.custom().jdbcUrl(database.jdbcUrl()).username(database.username())
                .password(database.password()).maximumPoolSize(4).build());
    }

    private static PostgresAdapter postgres(Network.Endpoint database) {
        return PostgresAdapter.create(PostgresConfig.custom().jdbcUrl(database.jdbcUrl()).username(database.username())
                .password(database.password()).maximumPoolSize(4).build());
    }

    /** Mean microseconds per call over one batch of updates. */
    private static double batch(ClientRepository repository, List<Client> clients, int calls, int round) {
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            Client c = clients.get((int) (((long) round * calls + i) % clients.size()));
            repository.save(new Client(c.id(), c.yclientsId(), c.companyId(), c.name(), c.phone(), c.email(), c.aiContext(),
                    c.visitHistory(), c.vip(), c.balance(), c.createdAt(), c.updatedAt().plusSeconds(round + 1L)));
        }
        return (System.nanoTime() - start) / 1_000.0 / calls;
    }

    private static void print(String label, double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        System.out.printf(Locale.ROOT, "%-18s %12.2f %12.2f %12.2f%n", label, sorted[n / 2], sorted[n / 4], sorted[3 * n / 4]);
    }

    private static void print(String label, double[] values, String format) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        System.out.printf(Locale.ROOT, "%s: median " + format + " (p25 " + format + ", p75 " + format + ")%n", label,
                sorted[n / 2], sorted[n / 4], sorted[3 * n / 4]);
    }
}
