package dev.cutover.benchmarks;

import dev.cutover.mapping.spi.Values;
import dev.cutover.reference.Client;
import dev.cutover.reference.ReferenceData;
import dev.cutover.reference.schema.ReferenceSchemas;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.SplittableRandom;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The verify benchmark's data (apart from the backfill benchmark's, which loads its own databases): the same
 * reference-domain clients (two JSONB documents of about 200 and 100 bytes each) in a legacy database with the
 * reference legacy schema ({@code tbl_clients}: JSON as text, 0/1 booleans, UTC timestamps without zone) and a
 * target database with the shipped schema ({@code clients}: jsonb, boolean, timestamptz), loaded by COPY, one
 * generated client written to both. Kept between runs: a database pair already holding this many clients of this
 * seed is reused.
 */
final class VerifyClientsDataset {
    static final String LEGACY = "cutover_verify_bench_legacy";
    static final String TARGET = "cutover_verify_bench_target";
    private static final long SEED = 20_261_121L;
    private static final int CLIENTS_PER_COMPANY = 1_000;

    private final String server;

    /** @param server a JDBC URL of the server, without database: {@code jdbc:postgresql://127.0.0.1:5432/} */
    VerifyClientsDataset(String server) {
        this.server = server;
    }

    String url(String database) {
        return server + database + "?user=postgres";
    }

    /** Makes sure both databases hold {@code rows} clients of this dataset; returns whether they were reused. */
    boolean prepare(int rows) throws SQLException {
        if (holds(rows)) {
            return true;
        }
        try (Connection admin = DriverManager.getConnection(url("postgres")); Statement statement = admin.createStatement()) {
            for (String database : new String[] {LEGACY, TARGET}) {
                statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
                statement.execute("CREATE DATABASE " + database);
            }
        }
        ReferenceSchemas.migrateLegacy(dataSource(LEGACY));
        ReferenceSchemas.migrateTarget(dataSource(TARGET));
        try (Connection legacy = DriverManager.getConnection(url(LEGACY));
                Connection target = DriverManager.getConnection(url(TARGET))) {
            CopyIn toLegacy = legacy.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY tbl_clients (client_id, yc_id, "
                    + "company_id, full_name, phone, email, ai_ctx, visits_json, is_vip, balance, created, updated) FROM STDIN");
            CopyIn toTarget = target.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY clients (id, yclients_id, "
                    + "company_id, name, phone, email, ai_context, visit_history, vip, balance, created_at, updated_at) "
                    + "FROM STDIN");
            SplittableRandom random = new SplittableRandom(SEED);
            StringBuilder legacyRows = new StringBuilder();
            StringBuilder targetRows = new StringBuilder();
            for (long id = 1; id <= rows; id++) {
                Client c = ReferenceData.client(random, id, 1 + (id - 1) / CLIENTS_PER_COMPANY,
                        100_000 + (id - 1) % CLIENTS_PER_COMPANY);
                String ai = c.aiContext() == null ? null : Values.jsonText(c.aiContext());
                String visits = c.visitHistory() == null ? null : Values.jsonText(c.visitHistory());
                row(legacyRows, c.id(), c.yclientsId(), c.companyId(), c.name(), c.phone(), c.email(), ai, visits,
                        c.vip() ? 1 : 0, c.balance(), utc(c.createdAt()), utc(c.updatedAt()));
                row(targetRows, c.id(), c.yclientsId(), c.companyId(), c.name(), c.phone(), c.email(), ai, visits,
                        c.vip() ? "t" : "f", c.balance(), c.createdAt(), c.updatedAt());
                if (id % 10_000 == 0 || id == rows) {
                    write(toLegacy, legacyRows);
                    write(toTarget, targetRows);
                }
            }
            toLegacy.endCopy();
            toTarget.endCopy();
        }
        for (String database : new String[] {LEGACY, TARGET}) {
            try (Connection connection = DriverManager.getConnection(url(database));
                    Statement statement = connection.createStatement()) {
                statement.execute("VACUUM (FREEZE, ANALYZE)"); // hint bits and visibility set now, not in a timed scan
                statement.execute("CREATE TABLE verify_bench_marker (rows bigint, seed bigint)");
                statement.execute("INSERT INTO verify_bench_marker VALUES (" + rows + ", " + SEED + ")");
            }
        }
        return false;
    }

    private boolean holds(int rows) {
        for (String database : new String[] {LEGACY, TARGET}) {
            try (Connection connection = DriverManager.getConnection(url(database));
                    Statement statement = connection.createStatement();
                    ResultSet result = statement.executeQuery("SELECT rows, seed FROM verify_bench_marker")) {
                if (!result.next() || result.getLong(1) != rows || result.getLong(2) != SEED) {
                    return false;
                }
            } catch (SQLException e) {
                return false; // no such database or marker yet
            }
        }
        return true;
    }

    PGSimpleDataSource dataSource(String database) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(url(database));
        return dataSource;
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** One row in COPY's text format. */
    private static void row(StringBuilder out, Object... values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.append('\t');
            }
            Object value = values[i];
            if (value == null) {
                out.append("\\N");
                continue;
            }
            String text = value.toString();
            for (int j = 0; j < text.length(); j++) {
                char ch = text.charAt(j);
                switch (ch) {
                    case '\\' -> out.append("\\\\");
                    case '\t' -> out.append("\\t");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    default -> out.append(ch);
                }
            }
        }
        out.append('\n');
    }

    private static void write(CopyIn copy, StringBuilder rows) throws SQLException {
        byte[] bytes = rows.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        rows.setLength(0);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "VerifyClientsDataset[%s, %s on %s]", LEGACY, TARGET, server);
    }
}
