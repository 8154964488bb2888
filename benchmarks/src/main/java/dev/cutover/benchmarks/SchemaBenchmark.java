package dev.cutover.benchmarks;

import dev.cutover.backfill.BackfillConfig;
import dev.cutover.backfill.SchemaBackfill;
import dev.cutover.backfill.SchemaBackfillReport;
import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyConfig;
import dev.cutover.postgres.CutoverSchema;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.postgres.PostgresConfig;
import dev.cutover.reference.schema.ReferenceSchemas;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A whole schema moved by Cutover ({@link SchemaBackfill}: every table in foreign-key order, sequences reset), by
 * {@code pgcopydb clone} and by {@code pgloader}, from the same PostgreSQL legacy database, interleaved rounds. Every
 * tool ends with the rows, the indexes, the foreign keys and the sequences in place; each copy's row counts are
 * checked against the legacy tables.
 *
 * <pre>
 * java -Xmx256m -cp benchmarks/target/benchmarks.jar dev.cutover.benchmarks.SchemaBenchmark [scale=1.0] [rounds=3] [workers=2]
 *     [tables at once=2]
 * </pre>
 *
 * Needs {@code pgcopydb}, {@code pgloader} and {@code psql} on the PATH ({@code benchmarks/schema-bench.sh} installs the
 * Debian packages with apt-get when they are missing), a PostgreSQL whose {@code BENCH_PG_USER} (postgres) may create
 * databases without a password at {@code BENCH_PG_HOST}:{@code BENCH_PG_PORT} (127.0.0.1:5432). Databases:
 * {@code cutover_schema_legacy} (kept between runs with {@code BENCH_REUSE=1}), {@code cutover_schema_target},
 * {@code cutover_schema_clone}, {@code cutover_schema_pgloader}. {@code BENCH_TOOLS=cutover,pgcopydb} narrows a run;
 * {@code BENCH_BULK=0} runs Cutover without {@link BackfillConfig#bulkLoad()}, {@code BENCH_PASS_THROUGH=0} without
 * {@link BackfillConfig#passThrough()} ({@code BENCH_TOOLS=cutover,cutover-value-by-value,pgcopydb} runs both in each
 * round); {@code BENCH_SAME_TYPES=1} alters the legacy columns to the target's types first
 * (in {@code cutover_schema_legacy_same}), so that every table passes through; {@code BENCH_WARMUP=0} skips the
 * uncounted Cutover round that warms the JVM up first.
 */
public final class SchemaBenchmark {
    private static final String PG_HOST = env("BENCH_PG_HOST", "127.0.0.1");
    private static final String PG_PORT = env("BENCH_PG_PORT", "5432");
    private static final String PG_USER = env("BENCH_PG_USER", "postgres");
    /** {@link SchemaBenchData#sameTypes}: with {@code BENCH_SAME_TYPES=1}, in a legacy database of its own. */
    private static final boolean SAME_TYPES = "1".equals(env("BENCH_SAME_TYPES", "0"));
    private static final String LEGACY = SAME_TYPES ? "cutover_schema_legacy_same" : "cutover_schema_legacy";
    private static final String TARGET = "cutover_schema_target";
    private static final String CLONE = "cutover_schema_clone";
    private static final String PGLOADER = "cutover_schema_pgloader";
    private static final String CUTOVER = "Cutover SchemaBackfill";
    private static final String PGCOPYDB = "pgcopydb clone";
    private static final String PGLOADER_TOOL = "pgloader";
    /** Cutover with {@code passThrough(false)}, run in the same rounds when {@code BENCH_TOOLS} names it. */
    private static final String VALUE_BY_VALUE_TOOL = "cutover-value-by-value";
    private static final String VALUE_BY_VALUE = "Cutover value by value";
    /** {@link BackfillConfig#bulkLoad()}: on unless {@code BENCH_BULK=0}. */
    private static final boolean BULK = !"0".equals(env("BENCH_BULK", "1"));
    /** {@link BackfillConfig#passThrough()}: on unless {@code BENCH_PASS_THROUGH=0}. */
    private static final boolean PASS_THROUGH = !"0".equals(env("BENCH_PASS_THROUGH", "1"));

    private SchemaBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        double scale = args.length > 0 ? Double.parseDouble(args[0]) : 1.0;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int workers = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int tablesAtOnce = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        List<String> tools = List.of(env("BENCH_TOOLS", "cutover,pgcopydb,pgloader").split(","));
        SchemaBenchData data = new SchemaBenchData(scale, SAME_TYPES);
        Path dir = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "cutover-schema-bench"));
        System.out.printf(Locale.ROOT, "Whole schema: %d tables, %,d rows; pgcopydb: %s; pgloader: %s; Cutover bulk load %s, "
                + "pass-through %s; legacy types %s; load %s%n", data.legacyCounts().size(), data.totalRows(),
                tools.contains("pgcopydb") ? which("pgcopydb") : "not run", tools.contains("pgloader") ? which("pgloader")
                : "not run", BULK, PASS_THROUGH, SAME_TYPES ? "the target's" : "the reference legacy schema's", Machine.load());
        prepareLegacy(data);
        Path loadFile = dir.resolve("schema.load");
        Files.writeString(loadFile, "LOAD DATABASE\n  FROM pgsql://" + PG_USER + "@" + PG_HOST + ":" + PG_PORT + "/" + LEGACY
                + "\n  INTO pgsql://" + PG_USER + "@" + PG_HOST + ":" + PG_PORT + "/" + PGLOADER + "\n"
                + "  WITH include drop, create tables, create indexes, foreign keys, reset sequences, workers = 2,\n"
                + "       concurrency = 1, prefetch rows = 10000, batch rows = 10000\n"
                + "  SET PostgreSQL PARAMETERS timezone = 'UTC';\n");
        Map<String, String> commands = new LinkedHashMap<>();
        commands.put(PGCOPYDB, "rm -rf " + dir.resolve("pgcopydb") + " && pgcopydb clone --source postgres://" + PG_USER + "@"
                + PG_HOST + ":" + PG_PORT + "/" + LEGACY + " --target postgres://" + PG_USER + "@" + PG_HOST + ":" + PG_PORT
                + "/" + CLONE + " --dir " + dir.resolve("pgcopydb") + " --no-owner --no-acl --table-jobs 2 --index-jobs 2 "
                + "--not-consistent > " + dir.resolve("pgcopydb.log") + " 2>&1");
        commands.put(PGLOADER_TOOL, "pgloader " + loadFile + " > " + dir.resolve("pgloader.log") + " 2>&1");
        Map<String, List<Double>> seconds = new LinkedHashMap<>();
        if ((tools.contains("cutover") || tools.contains(VALUE_BY_VALUE_TOOL)) && !"0".equals(env("BENCH_WARMUP", "1"))) {
            // The first run of a JVM pays for class loading and JIT compilation, which the other tools do not: not counted.
            System.out.printf(Locale.ROOT, "warm-up round (not counted): Cutover %.1f s%n", cutover(data, 0, workers,
                    tablesAtOnce, PASS_THROUGH));
        }
        for (int round = 1; round <= rounds; round++) {
            if (tools.contains("cutover")) {
                seconds.computeIfAbsent(CUTOVER, k -> new ArrayList<>()).add(cutover(data, round, workers, tablesAtOnce,
                        PASS_THROUGH));
            }
            if (tools.contains(VALUE_BY_VALUE_TOOL)) { // the same run without pass-through, to measure what it gives
                seconds.computeIfAbsent(VALUE_BY_VALUE, k -> new ArrayList<>()).add(cutover(data, round, workers,
                        tablesAtOnce, false));
            }
            for (Map.Entry<String, String> tool : commands.entrySet()) {
                if (!tools.contains(tool.getKey().split(" ")[0])) {
                    continue;
                }
                String database = tool.getKey().equals(PGCOPYDB) ? CLONE : PGLOADER;
                admin("DROP DATABASE IF EXISTS " + database, "CREATE DATABASE " + database);
                execute(LEGACY, "CHECKPOINT");
                long start = System.nanoTime();
                Machine.shell(tool.getValue());
                double elapsed = (System.nanoTime() - start) / 1e9;
                checkCounts(data, database, "", false);
                seconds.computeIfAbsent(tool.getKey(), k -> new ArrayList<>()).add(elapsed);
            }
            StringBuilder line = new StringBuilder("round " + round + ":");
            seconds.forEach((tool, times) -> line.append(String.format(Locale.ROOT, "  %s %.1f s", tool, times.get(times.size() - 1))));
            System.out.println(line + "  (load " + Machine.load() + ")");
        }
        report(data, seconds, rounds);
    }

    /** The target's valid indexes, with their definitions. */
    private static final String INDEXES = "SELECT string_agg(pg_get_indexdef(x.indexrelid), '; ' "
            + "ORDER BY pg_get_indexdef(x.indexrelid)) FROM pg_index x JOIN pg_class c ON c.oid = x.indrelid "
            + "WHERE c.relnamespace = 'public'::regnamespace AND x.indisvalid";

    private static double cutover(SchemaBenchData data, int round, int workers, int tablesAtOnce, boolean passThrough) {
        admin("DROP DATABASE IF EXISTS " + TARGET, "CREATE DATABASE " + TARGET);
        ReferenceSchemas.migrateTarget(dataSource(TARGET));
        execute(TARGET, SchemaBenchData.targetSql());
        execute(TARGET, "CHECKPOINT");
        execute(LEGACY, "CHECKPOINT");
        String indexes = queryText(TARGET, INDEXES);
        long start = System.nanoTime();
        long closing;
        try (LegacyAdapter legacy = LegacyAdapter.create(LegacyConfig.custom().jdbcUrl(jdbc(LEGACY)).username(PG_USER).build());
                PostgresAdapter target = PostgresAdapter.create(PostgresConfig.custom().jdbcUrl(jdbc(TARGET)).username(PG_USER)
                        .build())) {
            long migrated = System.nanoTime();
            CutoverSchema.migrate(target);
            System.out.printf(Locale.ROOT, "  Cutover: adapters opened and its own tables migrated in %.2f s%n",
                    (System.nanoTime() - migrated) / 1e9);
            long created = System.nanoTime();
            SchemaBackfill backfill = SchemaBackfill.of("round-" + round, data.sources(legacy), target,
                    BackfillConfig.custom().workers(workers).bulkLoad(BULK).passThrough(passThrough).build());
            System.out.printf(Locale.ROOT, "  Cutover: sources and backfills created (schema checks) in %.2f s%n",
                    (System.nanoTime() - created) / 1e9);
            SchemaBackfillReport report = backfill.run(tablesAtOnce);
            if (report.rowsQuarantined() != 0) {
                throw new IllegalStateException("Cutover quarantined " + report.rowsQuarantined() + " rows");
            }
            printPhases(report);
            closing = System.nanoTime();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "  Cutover: adapters closed in %.2f s%n", (System.nanoTime() - closing) / 1e9);
        checkCounts(data, TARGET, "", true);
        if (!queryText(TARGET, INDEXES).equals(indexes)) { // bulk load drops some: every one must be back, valid
            throw new IllegalStateException(TARGET + " ends with the indexes " + queryText(TARGET, INDEXES) + ", not "
                    + indexes);
        }
        return elapsed;
    }

    /** Where Cutover's time went: its steps, then the slowest tables (their copy, after planning). */
    private static void printPhases(SchemaBackfillReport report) {
        StringBuilder line = new StringBuilder("  Cutover phases:");
        report.phases().forEach((phase, time) -> line.append(String.format(Locale.ROOT, " %s %.2f s;", phase,
                time.toNanos() / 1e9)));
        System.out.println(line);
        StringBuilder tables = new StringBuilder("  Cutover tables (copy s):");
        report.tables().stream().sorted((a, b) -> b.elapsed().compareTo(a.elapsed())).limit(6).forEach(t -> tables.append(
                String.format(Locale.ROOT, " %s %.2f;", t.entity(), t.elapsed().toNanos() / 1e9)));
        System.out.println(tables);
        System.out.println("  Cutover pass-through tables: " + report.passedThrough());
    }

    /** Every table of the copy holds the legacy table's rows; the sequences are past them. */
    private static void checkCounts(SchemaBenchData data, String database, String schemaPrefix, boolean targetNames) {
        Map<String, String> names = Map.of("tbl_records", "bookings", "tbl_clients", "clients", "tbl_staff_services",
                "staff_services", "tbl_staff", "staff", "tbl_services", "services", "tbl_company", "companies");
        for (Map.Entry<String, Long> table : data.legacyCounts().entrySet()) {
            String name = targetNames ? names.getOrDefault(table.getKey(), table.getKey().replace("tbl_ref_", "ref_"))
                    : schemaPrefix + table.getKey();
            long rows = queryLong(database, "SELECT count(*) FROM " + name);
            if (rows != table.getValue()) {
                throw new IllegalStateException(database + "." + name + " holds " + rows + " rows, not " + table.getValue());
            }
        }
        String ref = targetNames ? "ref_08" : schemaPrefix + "tbl_ref_08";
        String column = targetNames ? "id" : "ref_id";
        long next = queryLong(database, "SELECT nextval(pg_get_serial_sequence('" + ref + "', '" + column + "'))");
        if (next <= SchemaBenchData.smallRows(8)) {
            throw new IllegalStateException(database + ": the sequence of " + ref + " was not reset (next " + next + ")");
        }
        long keys = queryLong(database, "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND convalidated "
                + "AND connamespace = 'public'::regnamespace");
        if (keys != 8) {
            throw new IllegalStateException(database + " has " + keys + " validated foreign keys, not 8");
        }
    }

    private static void report(SchemaBenchData data, Map<String, List<Double>> seconds, int rounds) {
        System.out.printf(Locale.ROOT, "%n%-24s %14s %14s  %s%n", "tool", "median s", "rows/s", "rounds (s)");
        Map<String, Double> median = new LinkedHashMap<>();
        seconds.forEach((tool, times) -> {
            double m = median(times);
            median.put(tool, m);
            System.out.printf(Locale.ROOT, "%-24s %14.1f %,14.0f  %s%n", tool, m, data.totalRows() / m,
                    times.stream().map(t -> String.format(Locale.ROOT, "%.1f", t)).toList());
        });
        List<Double> cutover = seconds.get(CUTOVER);
        for (String tool : List.of(PGCOPYDB, PGLOADER_TOOL, VALUE_BY_VALUE)) {
            List<Double> other = seconds.get(tool);
            if (cutover == null || other == null) {
                continue;
            }
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                ratios.add(other.get(i) / cutover.get(i));
            }
            System.out.printf(Locale.ROOT, "Cutover vs %-14s median of per-round ratios %.2f %s, ratio of medians %.2f%s%n",
                    tool, median(ratios), ratios.stream().map(r -> String.format(Locale.ROOT, "%.2f", r)).toList(),
                    median.get(tool) / median.get(CUTOVER), tool.equals(PGCOPYDB) ? " (goal >= 1.1)" : "");
        }
        System.out.println("load " + Machine.load());
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static void prepareLegacy(SchemaBenchData data) {
        if ("1".equals(System.getenv("BENCH_REUSE")) && databaseExists(LEGACY)
                && queryLong(LEGACY, "SELECT count(*) FROM tbl_clients") == data.clients) {
            System.out.println("Reusing " + LEGACY);
            return;
        }
        long start = System.nanoTime();
        admin("DROP DATABASE IF EXISTS " + LEGACY, "CREATE DATABASE " + LEGACY);
        ReferenceSchemas.migrateLegacy(dataSource(LEGACY));
        execute(LEGACY, data.legacySql());
        System.out.printf(Locale.ROOT, "Legacy database generated in %.1f s%n", (System.nanoTime() - start) / 1e9);
    }

    private static boolean databaseExists(String database) {
        return queryLong("postgres", "SELECT count(*) FROM pg_database WHERE datname = '" + database + "'") == 1;
    }

    private static String which(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path path = Path.of(dir, command);
            if (Files.isExecutable(path)) {
                return path.toString();
            }
        }
        throw new IllegalStateException(command + " is not on the PATH (" + System.getenv("PATH") + "): install it, for "
                + "example with benchmarks/schema-bench.sh, which runs apt-get install " + command);
    }



    private static String jdbc(String database) {
        return "jdbc:postgresql://" + PG_HOST + ":" + PG_PORT + "/" + database;
    }

    private static PGSimpleDataSource dataSource(String database) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(jdbc(database));
        dataSource.setUser(PG_USER);
        return dataSource;
    }

    private static void admin(String... statements) {
        execute("postgres", statements);
    }

    private static void execute(String database, String... statements) {
        try (Connection connection = DriverManager.getConnection(jdbc(database), PG_USER, null);
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(database + ": " + e.getMessage(), e);
        }
    }

    private static long queryLong(String database, String sql) {
        return Long.parseLong(queryText(database, sql));
    }

    private static String queryText(String database, String sql) {
        try (Connection connection = DriverManager.getConnection(jdbc(database), PG_USER, null);
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return String.valueOf(result.getString(1));
        } catch (SQLException e) {
            throw new IllegalStateException(database + ": " + e.getMessage(), e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
