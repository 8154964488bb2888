package dev.cutover.verify;

import dev.cutover.DataAccessException;
import dev.cutover.postgres.CutoverSchema;
import dev.cutover.postgres.PostgresAdapter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Verification reports kept in the target database, in {@code cutover.verify_reports} (created by
 * {@link CutoverSchema#migrate}), so that a run's outcome outlives the process and the history of an entity's
 * verifications can be queried. Thread-safe (stateless).
 *
 * <pre>{@code
 * CutoverSchema.migrate(postgres);
 * VerifyReports.save(postgres, clients.verify());
 * VerifyReports.latestJson(postgres, "clients").ifPresent(System.out::println);
 * }</pre>
 */
public final class VerifyReports {
    private static final String INSERT = "INSERT INTO " + CutoverSchema.SCHEMA + ".verify_reports (entity, legacy_table, "
            + "postgres_table, started_at, duration_ms, status, exit_code, method, legacy_count, postgres_count, missing, "
            + "extra, different, unreadable, transient_rows, report) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            + "CAST(? AS jsonb)) "
            + "RETURNING id";
    private static final String LATEST = "SELECT report::text FROM " + CutoverSchema.SCHEMA + ".verify_reports "
            + "WHERE entity = ? ORDER BY started_at DESC, id DESC LIMIT 1";

    private static final String LATEST_OF_EACH = "SELECT DISTINCT ON (entity) id, entity, status, started_at, missing, extra, "
            + "different, unreadable FROM " + CutoverSchema.SCHEMA + ".verify_reports ORDER BY entity, started_at DESC, id DESC";

    private VerifyReports() {
    }

    /**
     * Saves a report; returns its id.
     *
     * @throws DataAccessException if it cannot be written (for one, if the library's tables were not migrated)
     */
    public static long save(PostgresAdapter postgres, VerifyReport report) {
        Objects.requireNonNull(postgres, "postgres");
        Objects.requireNonNull(report, "report");
        return run(postgres, "Saving the verify report of " + report.entity(), connection -> {
            try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
                int i = 1;
                statement.setString(i++, report.entity());
                statement.setString(i++, report.legacyTable());
                statement.setString(i++, report.postgresTable());
                statement.setTimestamp(i++, Timestamp.from(report.startedAt()));
                statement.setLong(i++, report.duration().toMillis());
                statement.setString(i++, report.status().name());
                statement.setInt(i++, report.exitCode());
                statement.setString(i++, report.method().name());
                statement.setLong(i++, report.legacyCount());
                statement.setLong(i++, report.postgresCount());
                statement.setLong(i++, report.missing());
                statement.setLong(i++, report.extra());
                statement.setLong(i++, report.different());
                statement.setLong(i++, report.unreadable());
                statement.setLong(i++, report.transientRows());
                statement.setString(i, report.toJson());
                try (ResultSet result = statement.executeQuery()) {
                    result.next();
                    return result.getLong(1);
                }
            }
        });
    }

    /** The newest saved report of an entity (the mapping's table), as {@link VerifyReport#toJson()} wrote it. */
    public static Optional<String> latestJson(PostgresAdapter postgres, String entity) {
        Objects.requireNonNull(postgres, "postgres");
        Objects.requireNonNull(entity, "entity");
        return run(postgres, "Reading the latest verify report of " + entity, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(LATEST)) {
                statement.setString(1, entity);
                try (ResultSet result = statement.executeQuery()) {
                    return result.next() ? Optional.of(result.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    /**
     * A saved report's headline, as {@link #latest} reads it from the table's columns.
     *
     * @param id        the report's id in {@code cutover.verify_reports}
     * @param entity    the mapping's table
     * @param status    {@code EQUAL}, {@code DIFFERENT} or {@code FAILED}
     * @param startedAt when the verification began
     * @param missing   rows legacy has and PostgreSQL lacks
     * @param extra     rows PostgreSQL has and legacy lacks
     * @param different rows on both sides that differ
     * @param unreadable rows one side cannot read
     */
    public record Saved(long id, String entity, String status, Instant startedAt, long missing, long extra, long different,
            long unreadable) {
    }

    /**
     * The newest saved report of every entity that has one, by entity name: what was last proven, and when.
     *
     * @throws DataAccessException if the table cannot be read (for one, if the library's tables were not migrated)
     */
    public static List<Saved> latest(PostgresAdapter postgres) {
        Objects.requireNonNull(postgres, "postgres");
        return run(postgres, "Reading the latest verify reports", connection -> {
            try (PreparedStatement statement = connection.prepareStatement(LATEST_OF_EACH);
                    ResultSet result = statement.executeQuery()) {
                List<Saved> saved = new ArrayList<>();
                while (result.next()) {
                    saved.add(new Saved(result.getLong(1), result.getString(2), result.getString(3),
                            result.getTimestamp(4).toInstant(), result.getLong(5), result.getLong(6), result.getLong(7),
                            result.getLong(8)));
                }
                return List.copyOf(saved);
            }
        });
    }

    private static <T> T run(PostgresAdapter postgres, String what, Work<T> work) {
        try {
            Connection connection = postgres.connections().acquire();
            try {
                return work.apply(connection);
            } finally {
                postgres.connections().release(connection);
            }
        } catch (SQLException e) {
            throw new DataAccessException(postgres.backend(), what + " failed" + (e.getSQLState() == null ? ""
                    : " (SQLState " + e.getSQLState() + ")") + ": " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        T apply(Connection connection) throws SQLException;
    }
}
