package dev.cutover.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cutover.Cutover;
import dev.cutover.cli.CutoverApplication;
import dev.cutover.cli.CutoverCli;
import dev.cutover.cli.MovedTable;
import dev.cutover.flags.LiveRoutes;
import dev.cutover.postgres.CutoverSchema;
import dev.cutover.routing.Route;
import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * How fast a route change reaches other instances, and what the store serves at rest. {@code instances} LiveRoutes in
 * this JVM, each with its own Cutover (one repository) and its own listening connection, as separate processes would
 * have, reading the store through a pool (one pool of 20 shared by the instances, as warm as each instance's own would
 * be); the writer has a pool of its own; a writer flips {@code Flip.save} between {@code legacy-dual} and {@code postgres-dual} through
 * {@code LiveRoutes.set} and through {@code cutover flags set} (run in this JVM). Each flip is timed from just before the
 * change until every instance's route table shows it (checked every 50 µs by one thread), so the figures are for
 * "the next call goes the new way". Then the same with notifications off (polling every 250 ms, the default interval),
 * the bound while notifications are lost. Then queries per second the store's database serves at rest (no change)
 * with 1, 10 and 50 instances, notified and polled, from {@code pg_stat_database.xact_commit} over a window.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.cutover.benchmarks.FlipPropagation [instances=50] [flips=40] [rest seconds=20]</pre>
 */
public final class FlipPropagation {
    private static final Duration POLL = LiveRoutes.DEFAULT_POLL_INTERVAL;

    /** The repository every instance routes. */
    public interface Flip {
        String findById(long id);

        String save(String value);
    }

    /** An implementation that answers at once: the calls are not what is measured. */
    private static final class Echo implements Flip {
        @Override
        public String findById(long id) {
            return "";
        }

        @Override
        public String save(String value) {
            return value;
        }
    }

    /** The application {@code cutover flags set} is run for. */
    public static final class FlipApplication implements CutoverApplication {
        @Override
        public List<Class<?>> repositories() {
            return List.of(Flip.class);
        }

        @Override
        public List<MovedTable<?, ?>> tables() {
            return List.of();
        }
    }

    private record Instance(LiveRoutes routes, Cutover cutover) implements AutoCloseable {
        Route save() {
            return cutover.routes().stream().filter(r -> r.method().method().equals("save")).findFirst().orElseThrow()
                    .decision().route();
        }

        @Override
        public void close() {
            cutover.close();
        }
    }

    private FlipPropagation() {
    }

    private static final int WARM_UP_FLIPS = 4;

    public static void main(String[] args) throws Exception {
        int instances = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int flips = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        int restSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        try (TestDatabase database = TestPostgres.server().createDatabase("bench_flip");
                HikariDataSource reads = pool(database, 20); HikariDataSource writes = pool(database, 2)) {
            DataSource direct = dataSource(database);
            CutoverSchema.migrate(direct);
            cli(database, Route.LEGACY_DUAL); // the command's first run in a JVM loads its classes: not timed
            System.out.printf(Locale.ROOT, "flip propagation: %d instances in one JVM, %d flips per row, %s%n", instances, flips,
                    TestPostgres.server().description());
            for (boolean notified : new boolean[] {true, false}) {
                try (Instances group = new Instances(reads, direct, instances, notified)) {
                    group.awaitListening();
                    try (LiveRoutes writer = LiveRoutes.builder(writes).environment(Map.of()).backgroundRefresh(false).build();
                            Cutover bound = cutover(writer)) {
                        bound.routes(); // the writer is an instance too: its Cutover bound it
                        // Untimed: the instances' first notifications load and compile what applying one takes.
                        group.time(WARM_UP_FLIPS, route -> writer.set("Flip.save", route, "bench", "warm-up"));
                        group.calls.clear();
                        report(notified, "LiveRoutes.set", group.time(flips, route -> writer.set("Flip.save", route, "bench",
                                "flip")), group.calls);
                    }
                    report(notified, "cutover flags set", group.time(flips / 2, route -> cli(database, route)), group.calls);
                }
            }
        }
        // At rest on a database of its own, every instance reading through its own connections as it would: a pool
        // shared by the instances would add its own housekeeping to the count.
        try (TestDatabase database = TestPostgres.server().createDatabase("bench_flip_rest")) {
            DataSource direct = dataSource(database);
            CutoverSchema.migrate(direct);
            System.out.println();
            System.out.println("store's database at rest (transactions per second, no change, less those with no instance), over "
                    + restSeconds + " s:");
            double baseline = atRest(direct, direct, 0, true, restSeconds);
            for (int size : new int[] {1, 10, 50}) {
                double notified = atRest(direct, direct, size, true, restSeconds) - baseline;
                double polled = atRest(direct, direct, size, false, restSeconds) - baseline;
                System.out.printf(Locale.ROOT, "  %2d instances: notified %6.2f/s, polled every %d ms %7.1f/s%n", size, notified,
                        POLL.toMillis(), polled);
            }
            System.out.printf(Locale.ROOT, "  (with no instance: %.2f/s)%n", baseline);
        }
    }

    private static void report(boolean notified, String how, List<Long> micros, List<Long> calls) {
        Collections.sort(micros);
        Collections.sort(calls);
        System.out.printf(Locale.ROOT, "  %-8s %-18s p50 %6.1f ms  p99 %6.1f ms  max %6.1f ms  (%d instance-flips);"
                + " the change call itself p50 %6.1f ms%n", notified ? "notified" : "polled", how,
                micros.get(micros.size() / 2) / 1000.0,
                micros.get((int) Math.min(micros.size() - 1, Math.round(micros.size() * 0.99))) / 1000.0,
                micros.get(micros.size() - 1) / 1000.0, micros.size(), calls.get(calls.size() / 2) / 1000.0);
        calls.clear();
    }

    private static void cli(TestDatabase database, Route route) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = CutoverCli.run(new String[] {"flags", "set", "Flip.save", route.id(), "--actor", "bench", "--reason",
                "flip"}, Map.of("CUTOVER_POSTGRES_URL", database.jdbcUrl(), "CUTOVER_POSTGRES_USER", database.username(),
                "CUTOVER_POSTGRES_PASSWORD", String.valueOf(database.password()), "CUTOVER_APPLICATION",
                FlipApplication.class.getName()), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        if (status != 0) {
            throw new IllegalStateException("cutover flags set failed: " + out.toString(StandardCharsets.UTF_8));
        }
    }

    private static double atRest(DataSource reads, DataSource direct, int size, boolean notified, int seconds)
            throws Exception {
        try (Instances group = new Instances(reads, direct, size, notified)) {
            group.awaitListening();
            TimeUnit.SECONDS.sleep(2); // let start-up reads and statistics settle
            long before = commits(direct);
            long start = System.nanoTime();
            TimeUnit.SECONDS.sleep(seconds);
            long after = commits(direct);
            return (after - before) / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static HikariDataSource pool(TestDatabase database, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database.jdbcUrl());
        config.setUsername(database.username());
        config.setPassword(database.password());
        config.setMaximumPoolSize(size);
        return new HikariDataSource(config);
    }

    private static long commits(DataSource store) throws SQLException {
        try (Connection connection = store.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_stat_force_next_flush()");
            try (ResultSet result = statement.executeQuery("SELECT xact_commit + xact_rollback FROM pg_stat_database"
                    + " WHERE datname = current_database()")) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    private static Cutover cutover(LiveRoutes routes) {
        Cutover.Builder builder = Cutover.builder().routes(routes).repository(Flip.class, new Echo(), new Echo());
        for (Route route : List.of(Route.LEGACY_DUAL, Route.POSTGRES_DUAL)) {
            for (dev.cutover.routing.MethodKind kind : dev.cutover.routing.MethodKind.values()) {
                builder.handle(route, kind, call -> call.invoke(route.primary()));
            }
        }
        return builder.build();
    }

    private static PGSimpleDataSource dataSource(TestDatabase database) {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setURL(database.jdbcUrl());
        source.setUser(database.username());
        if (database.password() != null) {
            source.setPassword(database.password());
        }
        return source;
    }

    /** Instances of the application, each with its own LiveRoutes and Cutover. */
    private static final class Instances implements AutoCloseable {
        private final List<Instance> all = new ArrayList<>();
        /** How long each change call itself took, microseconds. */
        final List<Long> calls = new ArrayList<>();
        private final boolean notified;

        /** @param listen where each instance opens its own listening connection */
        Instances(DataSource reads, DataSource listen, int size, boolean notified) {
            this.notified = notified;
            for (int i = 0; i < size; i++) {
                LiveRoutes routes = LiveRoutes.builder(reads).listenerDataSource(listen).environment(Map.of())
                        .notifications(notified).build();
                all.add(new Instance(routes, cutover(routes)));
            }
        }

        void awaitListening() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (notified && !all.stream().allMatch(i -> i.routes().status().listening())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Not every instance listens after 60 s");
                }
                TimeUnit.MILLISECONDS.sleep(10);
            }
        }

        /** Per instance and flip, the microseconds from just before the change until the instance routes the new way. */
        List<Long> time(int flips, java.util.function.Consumer<Route> change) throws InterruptedException {
            List<Long> micros = new ArrayList<>();
            for (int flip = 0; flip < flips; flip++) {
                Route to = all.get(0).save() == Route.POSTGRES_DUAL ? Route.LEGACY_DUAL : Route.POSTGRES_DUAL;
                long[] seen = new long[all.size()];
                long start = System.nanoTime();
                change.accept(to);
                calls.add((System.nanoTime() - start) / 1_000);
                int pending = all.size();
                while (pending > 0) {
                    pending = 0;
                    for (int i = 0; i < all.size(); i++) {
                        if (seen[i] == 0) {
                            if (all.get(i).save() == to) {
                                seen[i] = System.nanoTime();
                            } else {
                                pending++;
                            }
                        }
                    }
                    if (System.nanoTime() - start > TimeUnit.SECONDS.toNanos(30)) {
                        throw new IllegalStateException(pending + " instances did not see a flip within 30 s");
                    }
                    LockSupport.parkNanos(50_000);
                }
                for (long at : seen) {
                    micros.add((at - start) / 1_000);
                }
                TimeUnit.MILLISECONDS.sleep(100); // quiet between flips, as flips by people are
            }
            return micros;
        }

        @Override
        public void close() {
            all.forEach(Instance::close);
        }
    }
}
