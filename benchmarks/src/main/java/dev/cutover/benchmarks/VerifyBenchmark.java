package dev.cutover.benchmarks;

import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyConfig;
import dev.cutover.legacy.LegacyDialect;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.postgres.PostgresConfig;
import dev.cutover.reference.Client;
import dev.cutover.reference.Mappings;
import dev.cutover.reference.legacy.LegacyTables;
import dev.cutover.verify.Verifier;
import dev.cutover.verify.VerifyConfig;
import dev.cutover.verify.VerifyReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Verify against the obvious alternative, on the reference clients table (1,000,000 rows, two JSONB columns) in a
 * PostgreSQL legacy database (reference legacy schema: JSON as text) and a PostgreSQL target database, both on one
 * server:
 * <ul>
 *   <li><b>baseline</b>: one full-table {@code md5(string_agg(row text ORDER BY key))} per side, both sides at
 *       once, each rendering its rows to the same text (legacy JSON re-parsed as jsonb, timestamps as epochs,
 *       numbers without trailing zeros), so that equal tables give equal digests;</li>
 *   <li><b>verify by checksum</b>: {@link Verifier} with its defaults on the same, equal, tables;</li>
 *   <li><b>verify row by row</b>: {@link Verifier} with checksums turned off: every row read from both sides and
 *       compared.</li>
 * </ul>
 * Goals: row by row at least as fast as the baseline; by checksum at least twice as fast. The three are run once
 * per round, in a rotating order, and the median round is reported.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.cutover.benchmarks.VerifyBenchmark [rows] [rounds] [server URL]</pre>
 */
public final class VerifyBenchmark {
    private static final String LEGACY_TEXT = "concat_ws('|', client_id, yc_id, company_id, full_name, phone, email, "
            + "ai_ctx::jsonb::text, visits_json::jsonb::text, is_vip = 1, trim_scale(balance), "
            + "(extract(epoch FROM created) * 1000000)::bigint, (extract(epoch FROM updated) * 1000000)::bigint)";
    private static final String TARGET_TEXT = "concat_ws('|', id, yclients_id, company_id, name, phone, email, "
            + "ai_context::text, visit_history::text, vip, trim_scale(balance), "
            + "(extract(epoch FROM created_at) * 1000000)::bigint, (extract(epoch FROM updated_at) * 1000000)::bigint)";

    private VerifyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String server = args.length > 2 ? args[2] : "jdbc:postgresql://127.0.0.1:5432/";
        VerifyClientsDataset dataset = new VerifyClientsDataset(server);
        System.out.printf(Locale.ROOT, "Verify benchmark: %,d clients, %d rounds, %d cores, max heap %d MB, load %s%n",
                rows, rounds, Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, load());
        long started = System.nanoTime();
        boolean reused = dataset.prepare(rows);
        System.out.printf(Locale.ROOT, "Data: %s%s in %.1f s%n", dataset, reused ? " (reused)" : " (generated)",
                (System.nanoTime() - started) / 1e9);

        try (LegacyAdapter legacy = LegacyAdapter.create(LegacyConfig.custom()
                        .jdbcUrl(dataset.url(VerifyClientsDataset.LEGACY)).dialect(LegacyDialect.postgresql())
                        .maximumPoolSize(4).build());
                PostgresAdapter postgres = PostgresAdapter.create(PostgresConfig.custom()
                        .jdbcUrl(dataset.url(VerifyClientsDataset.TARGET)).maximumPoolSize(4).build())) {
            Verifier<Client, Long> byChecksum = Verifier.of(Mappings.CLIENTS, legacy, LegacyTables.CLIENTS, postgres,
                    VerifyConfig.ofDefaults());
            Verifier<Client, Long> byRow = Verifier.of(Mappings.CLIENTS, legacy, LegacyTables.CLIENTS, postgres,
                    VerifyConfig.custom().checksums(false).build());
            double[] baseline = new double[rounds];
            double[] checksum = new double[rounds];
            double[] rowByRow = new double[rounds];
            for (int round = 0; round < rounds; round++) {
                for (int step = 0; step < 3; step++) {
                    switch ((round + step) % 3) {
                        case 0 -> baseline[round] = baseline(dataset, rows);
                        case 1 -> checksum[round] = timed(byChecksum, rows, true);
                        default -> rowByRow[round] = timed(byRow, rows, false);
                    }
                }
                System.out.printf(Locale.ROOT, "round %d: baseline %.2f s, verify by checksum %.2f s, verify row by row "
                        + "%.2f s (load %s)%n", round + 1, baseline[round], checksum[round], rowByRow[round], load());
            }
            double base = median(baseline);
            double sums = median(checksum);
            double each = median(rowByRow);
            System.out.printf(Locale.ROOT, "%nmedian of %d rounds, %,d rows%n", rounds, rows);
            System.out.printf(Locale.ROOT, "%-44s %8.2f s %10.0f rows/s%n", "baseline: md5(string_agg) per side, in parallel",
                    base, rows / base);
            System.out.printf(Locale.ROOT, "%-44s %8.2f s %10.0f rows/s  %.2fx baseline (goal >= 2)%n",
                    "verify by checksum (all ranges equal)", sums, rows / sums, base / sums);
            System.out.printf(Locale.ROOT, "%-44s %8.2f s %10.0f rows/s  %.2fx baseline (goal >= 1)%n",
                    "verify row by row", each, rows / each, base / each);
        }
    }

    /** Both sides' digests at once; seconds until both are in. Fails if they differ: the tables are equal. */
    private static double baseline(VerifyClientsDataset dataset, int rows) {
        long start = System.nanoTime();
        CompletableFuture<String> legacy = CompletableFuture.supplyAsync(digest(dataset, VerifyClientsDataset.LEGACY,
                "SELECT md5(string_agg(" + LEGACY_TEXT + ", E'\\n' ORDER BY client_id)), count(*) FROM tbl_clients", rows));
        CompletableFuture<String> target = CompletableFuture.supplyAsync(digest(dataset, VerifyClientsDataset.TARGET,
                "SELECT md5(string_agg(" + TARGET_TEXT + ", E'\\n' ORDER BY id)), count(*) FROM clients", rows));
        String a = legacy.join();
        String b = target.join();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!a.equals(b)) {
            throw new IllegalStateException("Baseline digests differ on equal tables: legacy " + a + ", target " + b);
        }
        return seconds;
    }

    private static Supplier<String> digest(VerifyClientsDataset dataset, String database, String sql, int rows) {
        return () -> {
            try (Connection connection = DriverManager.getConnection(dataset.url(database));
                    Statement statement = connection.createStatement();
                    ResultSet result = statement.executeQuery(sql)) {
                result.next();
                if (result.getLong(2) != rows) {
                    throw new IllegalStateException(database + " holds " + result.getLong(2) + " rows, not " + rows);
                }
                return result.getString(1);
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(database + ": " + e.getMessage(), e);
            }
        };
    }

    private static double timed(Verifier<Client, Long> verifier, int rows, boolean byChecksum) {
        long start = System.nanoTime();
        VerifyReport report = verifier.verify();
        double seconds = (System.nanoTime() - start) / 1e9;
        boolean expected = report.status() == VerifyReport.Status.EQUAL && report.legacyCount() == rows
                && (byChecksum ? report.method() == VerifyReport.Method.CHECKSUM
                        && report.statistics().rowsEqualByChecksum() == rows && report.statistics().legacyRowsRead() == 0
                        : report.statistics().rowsCompared() == rows);
        if (!expected) {
            throw new IllegalStateException("Unexpected report on equal tables:\n" + report.toText());
        }
        return seconds;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static String load() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
