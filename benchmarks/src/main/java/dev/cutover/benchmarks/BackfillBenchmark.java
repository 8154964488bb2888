package dev.cutover.benchmarks;

import dev.cutover.backfill.Backfill;
import dev.cutover.backfill.BackfillConfig;
import dev.cutover.backfill.BackfillReport;
import dev.cutover.backfill.BackfillSource;
import dev.cutover.backfill.LiveSafety;
import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyConfig;
import dev.cutover.mapping.ColumnType;
import dev.cutover.postgres.CutoverSchema;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.postgres.PostgresConfig;
import dev.cutover.postgres.copy.CopyRows;
import dev.cutover.reference.Client;
import dev.cutover.reference.Mappings;
import dev.cutover.reference.ReferenceData;
import dev.cutover.reference.legacy.LegacyTables;
import dev.cutover.reference.schema.ReferenceSchemas;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The backfill against the usual tools, in one run, on one generated dataset of reference-domain clients
 * (two JSONB columns of about 200 and 100 bytes) into a table with a primary key, a composite UNIQUE and an
 * index, as {@code clients} of the reference target schema has:
 * <ul>
 *   <li>{@code psql \copy} from a CSV file (no source database at all: the floor of any copy);</li>
 *   <li>a {@code psql -c "COPY ... TO STDOUT" | psql -c "COPY ... FROM STDIN"} pipe between the two databases;</li>
 *   <li>{@code pgcopydb copy table-data} from the PostgreSQL legacy database;</li>
 *   <li>{@code pgloader} from the same rows in MariaDB (prefetch rows = 10000, batch rows = 10000);</li>
 *   <li>Cutover's backfill from the PostgreSQL legacy database, in both live-safety modes;</li>
 *   <li>Cutover's backfill from the same rows in MariaDB (the like-for-like comparison with pgloader).</li>
 * </ul>
 * Rounds are interleaved (every tool once per round) so that drift of the shared machine hits all alike; the
 * median round is reported. Needs PostgreSQL and MariaDB on this machine and the tools on the PATH:
 * {@code benchmarks/backfill-bench.sh} installs them and runs this with {@code -Xmx256m}.
 *
 * <pre>java -Xmx256m -cp benchmarks/target/benchmarks.jar dev.cutover.benchmarks.BackfillBenchmark [rows] [rounds]</pre>
 */
public final class BackfillBenchmark {
    /** {@code LegacyTables.CLIENTS} with {@link dev.cutover.legacy.Conversion}s in the path: the flag, both timestamps. */
    private static final dev.cutover.legacy.LegacyTable CLIENTS_CONVERTED =
            dev.cutover.legacy.LegacyTable.named("tbl_clients")
            .column("id", "client_id")
            .column("yclients_id", "yc_id")
            .column("name", "full_name")
            .column("ai_context", "ai_ctx").stored("ai_context", dev.cutover.legacy.LegacyStorage.JSON_TEXT)
            .column("visit_history", "visits_json").stored("visit_history", dev.cutover.legacy.LegacyStorage.JSON_TEXT)
            .column("vip", "is_vip").convert("vip", dev.cutover.legacy.Conversion.NONZERO_IS_TRUE)
            .column("created_at", "created")
            .convert("created_at", dev.cutover.legacy.Conversion.naiveAt(java.time.ZoneOffset.UTC))
            .column("updated_at", "updated")
            .convert("updated_at", dev.cutover.legacy.Conversion.naiveAt(java.time.ZoneOffset.UTC));

    private static final String PG_HOST = env("BENCH_PG_HOST", "127.0.0.1");
    private static final String PG_PORT = env("BENCH_PG_PORT", "5432");
    private static final String PG_USER = env("BENCH_PG_USER", "postgres");
    private static final String MARIADB_HOST = env("BENCH_MARIADB_HOST", "127.0.0.1");
    private static final String MARIADB_USER = env("BENCH_MARIADB_USER", "root");
    private static final String LEGACY = "cutover_bench_legacy";
    private static final String TARGET = "cutover_bench_target";
    private static final String TOOLS = "cutover_bench_tools";
    private static final String MARIADB_DB = "cutover_bench";
    private static final String FROM_MARIADB = "Cutover backfill from MariaDB, " + LiveSafety.COPY_THEN_INSERT_MISSING;
    private static final String TARGET_COLUMNS = "id, yclients_id, company_id, name, phone, email, ai_context, visit_history, "
            + "vip, balance, created_at, updated_at";
    private static final String LEGACY_TABLE = """
            CREATE TABLE tbl_clients (
                client_id bigint PRIMARY KEY, yc_id bigint NOT NULL, company_id bigint NOT NULL, full_name text NOT NULL,
                phone text, email text, ai_ctx text, visits_json text, is_vip smallint NOT NULL DEFAULT 0,
                balance numeric(12,2) NOT NULL DEFAULT 0, created timestamp NOT NULL, updated timestamp NOT NULL,
                UNIQUE (yc_id, company_id))""";
    /** The legacy names with the target's types and indexes: pgcopydb and pgloader copy into same-named tables. */
    private static final String TOOLS_TABLE = """
            CREATE TABLE tbl_clients (
                client_id bigint PRIMARY KEY, yc_id bigint NOT NULL, company_id bigint NOT NULL, full_name text NOT NULL,
                phone text, email text, ai_ctx jsonb, visits_json jsonb, is_vip boolean NOT NULL DEFAULT false,
                balance numeric(12,2) NOT NULL DEFAULT 0, created timestamptz NOT NULL, updated timestamptz NOT NULL,
                CONSTRAINT tbl_clients_yc_id_company_id_key UNIQUE (yc_id, company_id))""";
    private static final String MARIADB_TABLE = """
            CREATE TABLE tbl_clients (
                client_id bigint PRIMARY KEY, yc_id bigint NOT NULL, company_id bigint NOT NULL, full_name text NOT NULL,
                phone text, email text, ai_ctx longtext, visits_json longtext, is_vip smallint NOT NULL DEFAULT 0,
                balance decimal(12,2) NOT NULL DEFAULT 0, created datetime(6) NOT NULL, updated datetime(6) NOT NULL,
                UNIQUE KEY tbl_clients_yc (yc_id, company_id)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4""";

    private BackfillBenchmark() {
    }

    /** One of the backfills a round runs: where it reads from and in which live-safety mode. */
    private record BackfillRun(BackfillSource<Client, Long> source, LiveSafety mode) {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int workers = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        Path dir = Files.createDirectories(Path.of(env("BENCH_DIR", "/tmp/cutover-backfill-bench")));
        System.out.printf(Locale.ROOT, "Backfill benchmark: %,d clients, %d rounds, backfill workers %d, max heap %d MB, "
                + "load %s%n", rows, rounds, workers, Runtime.getRuntime().maxMemory() >> 20, Machine.load());

        long started = System.nanoTime();
        Path text = dir.resolve("clients.tsv");
        Path csv = dir.resolve("clients.csv");
        // BENCH_REUSE=1 keeps the databases of a previous run with as many rows (for iterating on one tool).
        boolean reuse = "1".equals(System.getenv("BENCH_REUSE")) && legacyRows() == rows;
        // BENCH_ONLY=backfill measures only the backfill from PostgreSQL (no CSV, no MariaDB copy: the scale curve).
        boolean onlyBackfill = "backfill".equals(System.getenv("BENCH_ONLY"));
        if (!reuse) {
            setUp(dir, text, csv, rows, !onlyBackfill);
        }
        System.out.printf(Locale.ROOT, "Set-up (generate, load PostgreSQL and MariaDB): %.1f s%s%n",
                (System.nanoTime() - started) / 1e9, reuse ? " (reused)" : "");
        Path pgloaderFile = dir.resolve("clients.load");
        Files.writeString(pgloaderFile, """
                LOAD DATABASE
                  FROM mysql://%s@%s:3306/%s
                  INTO postgresql://%s@%s:%s/%s
                WITH data only, truncate, prefetch rows = 10000, batch rows = 10000
                SET PostgreSQL PARAMETERS timezone = 'UTC'
                INCLUDING ONLY TABLE NAMES MATCHING 'tbl_clients'
                ALTER SCHEMA '%s' RENAME TO 'public';
                """.formatted(MARIADB_USER, MARIADB_HOST, MARIADB_DB, PG_USER, PG_HOST, PG_PORT, TOOLS, MARIADB_DB));

        Map<String, String> commands = new LinkedHashMap<>();
        commands.put("psql \\copy from CSV", "psql " + pg(TARGET) + " -c \"\\copy clients (" + TARGET_COLUMNS + ") FROM '"
                + csv + "' CSV\"");
        commands.put("psql COPY pipe", "psql " + pg(LEGACY) + " -c 'COPY tbl_clients TO STDOUT' | psql " + pg(TARGET)
                + " -c 'COPY clients (" + TARGET_COLUMNS + ") FROM STDIN'");
        commands.put("pgcopydb copy table-data", "rm -rf " + dir.resolve("pgcopydb") + " && pgcopydb copy table-data"
                + " --source postgres://" + PG_USER + "@" + PG_HOST + ":" + PG_PORT + "/" + LEGACY
                + " --target postgres://" + PG_USER + "@" + PG_HOST + ":" + PG_PORT + "/" + TOOLS
                + " --dir " + dir.resolve("pgcopydb") + " --not-consistent > " + dir.resolve("pgcopydb.log") + " 2>&1");
        commands.put("pgloader from MariaDB", "pgloader " + pgloaderFile + " > " + dir.resolve("pgloader.log") + " 2>&1");

        Map<String, List<Double>> rates = new LinkedHashMap<>();
        List<Long> heapPeaks = new ArrayList<>();
        try (LegacyAdapter legacy = LegacyAdapter.create(LegacyConfig.custom().jdbcUrl(jdbc(LEGACY)).username(PG_USER).build());
                LegacyAdapter mariadb = onlyBackfill ? null : LegacyAdapter.create(LegacyConfig.custom()
                        .jdbcUrl("jdbc:mariadb://" + MARIADB_HOST + ":3306/" + MARIADB_DB).username(MARIADB_USER).build());
                PostgresAdapter target = PostgresAdapter.create(PostgresConfig.custom().jdbcUrl(jdbc(TARGET)).username(PG_USER)
                        .build())) {
            // BENCH_CONVERSIONS=1 reads the flag and the two timestamps through declared conversions instead of storages.
            BackfillSource<Client, Long> source = BackfillSource.legacy(legacy, legacy.store(Mappings.CLIENTS,
                    "1".equals(System.getenv("BENCH_CONVERSIONS")) ? CLIENTS_CONVERTED : LegacyTables.CLIENTS));
            // The same binding on MariaDB: what pgloader reads, so this pair is the like-for-like comparison.
            BackfillSource<Client, Long> fromMariaDb = onlyBackfill ? null : BackfillSource.legacy(mariadb,
                    mariadb.store(Mappings.CLIENTS, LegacyTables.CLIENTS));
            // BENCH_MODE=COPY_THEN_INSERT_MISSING narrows the backfills to one live-safety mode.
            Map<String, BackfillRun> backfills = new LinkedHashMap<>();
            for (LiveSafety mode : LiveSafety.values()) {
                if (System.getenv("BENCH_MODE") == null || mode.name().equals(System.getenv("BENCH_MODE"))) {
                    backfills.put("Cutover backfill, " + mode, new BackfillRun(source, mode));
                }
            }
            if (!onlyBackfill && wanted("MariaDB")) {
                backfills.put(FROM_MARIADB, new BackfillRun(fromMariaDb, LiveSafety.COPY_THEN_INSERT_MISSING));
            }
            for (int round = 1; round <= rounds; round++) {
                for (Map.Entry<String, String> tool : onlyBackfill ? Map.<String, String>of().entrySet() : commands.entrySet()) {
                    // BENCH_TOOLS=pipe,pgcopydb keeps only the tools whose names contain one of these words.
                    if (!wanted(tool.getKey())) {
                        continue;
                    }
                    boolean tools = tool.getKey().startsWith("pg");
                    execute(tools ? TOOLS : TARGET, tools ? "TRUNCATE tbl_clients" : "TRUNCATE clients");
                    execute(tools ? TOOLS : TARGET, "CHECKPOINT");
                    String table = tools ? "tbl_clients" : "clients";
                    double rate = timed(rows, () -> {
                        Machine.shell(tool.getValue());
                        return count(tools ? TOOLS : TARGET, table);
                    });
                    record(rates, tool.getKey(), round, rate);
                }
                for (Map.Entry<String, BackfillRun> backfill : backfills.entrySet()) {
                    LiveSafety mode = backfill.getValue().mode();
                    execute(TARGET, "TRUNCATE clients", "DELETE FROM cutover.backfill_runs", "CHECKPOINT");
                    String run = "bench-" + round + "-" + backfill.getKey().replaceAll("[^A-Za-z_]+", "-");
                    BackfillConfig config = BackfillConfig.custom().workers(workers).liveSafety(mode)
                            .fetchSize(Integer.parseInt(env("BENCH_FETCH_SIZE", String.valueOf(BackfillConfig.DEFAULT_FETCH_SIZE))))
                            .chunkSize(Integer.parseInt(env("BENCH_CHUNK_SIZE", String.valueOf(BackfillConfig.DEFAULT_CHUNK_SIZE))))
                            .build();
                    resetHeapPeaks();
                    double rate = timed(rows, () -> {
                        BackfillReport report = Backfill.of(run, backfill.getValue().source(), target, config).run();
                        if (report.rowsQuarantined() != 0) {
                            throw new IllegalStateException("Rows quarantined: " + report);
                        }
                        return count(TARGET, "clients");
                    });
                    heapPeaks.add(heapPeak());
                    record(rates, backfill.getKey(), round, rate);
                }
            }
        }
        report(rates, heapPeaks, rows, onlyBackfill);
    }

    private static void setUp(Path dir, Path text, Path csv, int rows, boolean tools) throws IOException {
        generate(text, rows);
        for (String database : List.of(LEGACY, TARGET, TOOLS)) {
            admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)", "CREATE DATABASE " + database);
        }
        execute(LEGACY, LEGACY_TABLE);
        Machine.shell("psql " + pg(LEGACY) + " -c \"\\copy tbl_clients FROM '" + text + "'\"");
        execute(LEGACY, "VACUUM ANALYZE tbl_clients");
        ReferenceSchemas.migrateTarget(dataSource(TARGET));
        CutoverSchema.migrate(dataSource(TARGET));
        if (!tools) {
            Files.delete(text);
            return;
        }
        Machine.shell("psql " + pg(LEGACY) + " -c \"\\copy tbl_clients TO '" + csv + "' CSV\"");
        execute(TOOLS, TOOLS_TABLE, "CREATE INDEX tbl_clients_company_idx ON tbl_clients (company_id, client_id)");
        Machine.shell("mariadb " + maria("") + " -e 'DROP DATABASE IF EXISTS " + MARIADB_DB + "; CREATE DATABASE " + MARIADB_DB + "'");
        Machine.shell("mariadb " + maria(MARIADB_DB) + " -e \"" + MARIADB_TABLE.replace("\n", " ") + "\"");
        Machine.shell("mariadb --local-infile=1 " + maria(MARIADB_DB) + " -e \"LOAD DATA LOCAL INFILE '" + text
                + "' INTO TABLE tbl_clients\"");
    }


    /** Rows per second of one timed step, after checking that it copied every row. */
    private static double timed(int rows, LongSupplier step) {
        long start = System.nanoTime();
        long copied = step.getAsLong();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (copied != rows) {
            throw new IllegalStateException("Copied " + copied + " rows, expected " + rows);
        }
        return rows / seconds;
    }

    private static void record(Map<String, List<Double>> rates, String name, int round, double rate) {
        rates.computeIfAbsent(name, k -> new ArrayList<>()).add(rate);
        System.out.printf(Locale.ROOT, "round %d  %-45s %,10.0f rows/s  (load %s)%n", round, name, rate, Machine.load());
    }

    private static void report(Map<String, List<Double>> rates, List<Long> heapPeaks, int rows, boolean onlyBackfill) {
        Map<String, Double> median = new LinkedHashMap<>();
        rates.forEach((name, values) -> {
            List<Double> sorted = values.stream().sorted().toList();
            median.put(name, sorted.get(sorted.size() / 2));
        });
        System.out.printf(Locale.ROOT, "%n| tool | rows/s (median) | all rounds |%n| --- | --- | --- |%n");
        median.forEach((name, rate) -> System.out.printf(Locale.ROOT, "| %s | %,.0f | %s |%n", name, rate,
                rates.get(name).stream().map(r -> String.format(Locale.ROOT, "%,.0f", r)).toList()));
        System.out.printf(Locale.ROOT, "%nPeak heap of the backfills: %d MB (max heap %d MB)%n",
                heapPeaks.stream().mapToLong(Long::longValue).max().orElse(0) >> 20, Runtime.getRuntime().maxMemory() >> 20);
        List<Double> backfillRounds = rates.get("Cutover backfill, " + LiveSafety.COPY_THEN_INSERT_MISSING);
        System.out.printf(Locale.ROOT, "%nRatios, median of the per-round ratios (rounds are interleaved, so this is the "
                + "figure to read), then the ratio of the medians:%n");
        for (String other : rates.keySet()) {
            if (backfillRounds == null || other.equals("Cutover backfill, " + LiveSafety.COPY_THEN_INSERT_MISSING)) {
                continue;
            }
            List<Double> otherRounds = rates.get(other);
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < Math.min(otherRounds.size(), backfillRounds.size()); i++) {
                ratios.add(backfillRounds.get(i) / otherRounds.get(i));
            }
            List<Double> sorted = ratios.stream().sorted().toList();
            System.out.printf(Locale.ROOT, "backfill / %-42s %.2f (rounds %s); ratio of medians %.2f%n", other,
                    sorted.get(sorted.size() / 2), ratios.stream().map(r -> String.format(Locale.ROOT, "%.2f", r)).toList(),
                    median.get("Cutover backfill, " + LiveSafety.COPY_THEN_INSERT_MISSING) / median.get(other));
        }
        if (backfillRounds == null || !median.containsKey("psql COPY pipe")
                || !median.containsKey("Cutover backfill, " + LiveSafety.STAGED_INSERT_MISSING)) {
            return;
        }
        double backfill = median.get("Cutover backfill, " + LiveSafety.COPY_THEN_INSERT_MISSING);
        double staged = median.get("Cutover backfill, " + LiveSafety.STAGED_INSERT_MISSING);
        if (onlyBackfill) {
            System.out.printf(Locale.ROOT, "staged / optimistic = %.2f; peak heap %d MB%n", staged / backfill,
                    heapPeaks.stream().mapToLong(Long::longValue).max().orElse(0) >> 20);
            return;
        }
        System.out.printf(Locale.ROOT, "%nbackfill / pgcopydb      = %.2f (goal >= 1.05)%n", backfill / median.get("pgcopydb copy table-data"));
        System.out.printf(Locale.ROOT, "backfill / pgloader      = %.2f (different sources: PostgreSQL against MariaDB)%n",
                backfill / median.get("pgloader from MariaDB"));
        Double fromMariaDb = median.get(FROM_MARIADB);
        if (fromMariaDb != null) {
            System.out.printf(Locale.ROOT, "backfill from MariaDB / pgloader from MariaDB = %.2f (like for like; goal >= 1.5)%n",
                    fromMariaDb / median.get("pgloader from MariaDB"));
        }
        System.out.printf(Locale.ROOT, "backfill / psql pipe     = %.2f (goal >= 0.90)%n", backfill / median.get("psql COPY pipe"));
        System.out.printf(Locale.ROOT, "backfill / psql \\copy    = %.2f%n", backfill / median.get("psql \\copy from CSV"));
        System.out.printf(Locale.ROOT, "staged / optimistic      = %.2f (the cost of always staging)%n", staged / backfill);
        System.out.printf(Locale.ROOT, "peak heap of a backfill  = %d MB (sum of heap pool peaks; max heap %d MB; goal < 256 MB)%n",
                heapPeaks.stream().mapToLong(Long::longValue).max().orElse(0) >> 20, Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf(Locale.ROOT, "load after the run: %s; %,d rows per run%n", Machine.load(), rows);
    }

    /** The dataset in PostgreSQL's COPY text format, which MariaDB's LOAD DATA reads as it is. */
    private static void generate(Path file, int rows) throws IOException {
        SplittableRandom random = new SplittableRandom(2026);
        CopyRows buffer = new CopyRows(8 << 20);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int id = 1; id <= rows; id++) {
                Client c = ReferenceData.client(random, id, 1 + (id - 1) / 1_000, 100_000 + id);
                buffer.add(ColumnType.BIGINT, c.id()).add(ColumnType.BIGINT, c.yclientsId())
                        .add(ColumnType.BIGINT, c.companyId()).add(ColumnType.TEXT, c.name()).add(ColumnType.TEXT, c.phone())
                        .add(ColumnType.TEXT, c.email()).add(ColumnType.JSONB, c.aiContext())
                        .add(ColumnType.JSONB, c.visitHistory()).add(ColumnType.INTEGER, c.vip() ? 1 : 0)
                        .add(ColumnType.NUMERIC, c.balance())
                        .add(ColumnType.TEXT, LocalDateTime.ofInstant(c.createdAt(), ZoneOffset.UTC).toString().replace('T', ' '))
                        .add(ColumnType.TEXT, LocalDateTime.ofInstant(c.updatedAt(), ZoneOffset.UTC).toString().replace('T', ' '));
                buffer.endRow();
                if (buffer.rows() == 10_000) {
                    out.write(buffer.array(), 0, buffer.size());
                    buffer.clear();
                }
            }
            out.write(buffer.array(), 0, buffer.size());
        }
    }

    private static void resetHeapPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long heapPeak() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }



    private static String pg(String database) {
        return "-X -q -v ON_ERROR_STOP=1 -h " + PG_HOST + " -p " + PG_PORT + " -U " + PG_USER + " -d " + database;
    }

    private static String maria(String database) {
        return "-h " + MARIADB_HOST + " -u" + MARIADB_USER + " " + database;
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

    private static long legacyRows() {
        try {
            return count(LEGACY, "tbl_clients");
        } catch (IllegalStateException e) {
            return -1;
        }
    }

    private static long count(String database, String table) {
        try (Connection connection = DriverManager.getConnection(jdbc(database), PG_USER, null);
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT count(*) FROM " + table)) {
            result.next();
            return result.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(database + ": " + e.getMessage(), e);
        }
    }

    /** BENCH_TOOLS=pipe,pgcopydb keeps only the tools whose names contain one of these words. */
    private static boolean wanted(String tool) {
        String only = System.getenv("BENCH_TOOLS");
        return only == null || java.util.Arrays.stream(only.split(",")).anyMatch(tool::contains);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
