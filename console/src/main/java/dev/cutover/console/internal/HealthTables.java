package dev.cutover.console.internal;

import dev.cutover.dual.Outbox;
import dev.cutover.status.Backlog;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The health page's reads of the migration tables in the target PostgreSQL: the outbox, shadow mismatches, verify
 * reports, backfill runs, the quarantine and change data capture's reports. A table that is not there (its module's
 * migrations never ran) answers a note saying so, not an error.
 */
final class HealthTables {
    private final DefaultConsole console;

    HealthTables(DefaultConsole console) {
        this.console = console;
    }

    /**
     * Rows of a query as strings, or the reason there are none; {@code absent} when the table queried is not in the
     * database (its module's migrations never ran there).
     */
    record Rows(List<List<String>> rows, String note, boolean absent) {
        Rows(List<List<String>> rows, String note) {
            this(rows, note, false);
        }
    }

    Rows query(String sql, Object... parameters) {
        try (Connection connection = console.config.store.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setQueryTimeout(10);
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            List<List<String>> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    List<String> row = new ArrayList<>(columns);
                    for (int c = 1; c <= columns; c++) {
                        Object value = result.getObject(c);
                        row.add(value instanceof Timestamp t ? t.toInstant().toString() : value == null ? "" : value.toString());
                    }
                    rows.add(row);
                }
            }
            return new Rows(rows, null);
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return new Rows(List.of(), "Not created in this database: run 'cutover migrate' (the module that writes it"
                        + " creates it at startup)", true);
            }
            return new Rows(List.of(), "Could not be read: " + console.describe(e));
        }
    }

    /** PostgreSQL's outbox: the one given to the console, else table {@code cutover.outbox} of the store. */
    Backlog postgresBacklog(Instant now) {
        if (console.config.postgresOutbox != null) {
            return console.config.postgresOutbox.backlog(now);
        }
        Rows rows = query("SELECT count(*), min(created_at) FROM cutover.outbox");
        if (rows.note() != null) {
            throw new IllegalStateException(rows.note());
        }
        List<String> row = rows.rows().get(0);
        return new Backlog(dev.cutover.Backend.POSTGRES, "table cutover.outbox (PostgreSQL)", Long.parseLong(row.get(0)),
                row.get(1).isEmpty() ? null : Instant.parse(row.get(1)), now);
    }

    /** The legacy outbox's backlog, or {@code null} when the console was given none. */
    Backlog legacyBacklog(Instant now) {
        Outbox legacy = console.config.legacyOutbox;
        return legacy == null ? null : legacy.backlog(now);
    }

    /** Per method: mismatches in the last 24 hours and the newest one's time. */
    Rows mismatchesPerMethod() {
        return query("SELECT repository || '.' || method, count(*), max(observed_at) FROM cutover.shadow_mismatches"
                + " WHERE observed_at > now() - interval '24 hours' GROUP BY 1 ORDER BY 2 DESC, 1");
    }

    /** The newest mismatches with their field differences (JSON: path, legacy, postgres). */
    Rows latestMismatches(int limit) {
        return query("SELECT observed_at, repository || '.' || method, route, arguments, difference_count, differences::text"
                + " FROM cutover.shadow_mismatches ORDER BY id DESC LIMIT ?", limit);
    }

    /** Mismatches per hour of the last 24 hours: hour, count. */
    Rows mismatchesPerHour() {
        return query("SELECT date_trunc('hour', observed_at), count(*) FROM cutover.shadow_mismatches"
                + " WHERE observed_at > now() - interval '24 hours' GROUP BY 1 ORDER BY 1");
    }

    /** The latest verify report of each table. */
    Rows latestVerify() {
        return query("SELECT DISTINCT ON (entity) entity, status, started_at, method, legacy_count, postgres_count, missing,"
                + " extra, different, id FROM cutover.verify_reports ORDER BY entity, started_at DESC, id DESC");
    }

    /** Backfill runs with their progress: run, table, chunks done of all, rows copied, quarantined, planned at. */
    Rows backfillRuns() {
        return query("SELECT r.run, r.entity, count(c.chunk) FILTER (WHERE c.status = 'done'), r.chunks,"
                + " coalesce(sum(c.rows_copied), 0), r.rows_estimate, coalesce(sum(c.rows_quarantined), 0), r.planned_at"
                + " FROM cutover.backfill_runs r LEFT JOIN cutover.backfill_chunks c ON c.run = r.run AND c.entity = r.entity"
                + " GROUP BY r.run, r.entity, r.chunks, r.rows_estimate, r.planned_at ORDER BY r.planned_at DESC LIMIT 50");
    }

    /** The newest quarantined rows: run, table, key, reason, SQLState, when. */
    Rows quarantine(int limit) {
        return query("SELECT run, entity, key::text, reason, coalesce(sqlstate, ''), quarantined_at"
                + " FROM cutover.backfill_quarantine ORDER BY quarantined_at DESC LIMIT ?", limit);
    }

    /**
     * What each change data capture last reported (table {@code cutover.cdc_capture}, created by the optional cdc
     * module's migration V530): name, instance, started, reported, seconds since reported (the database's clock, as
     * {@code cutover cdc status} measures it), status JSON.
     */
    Rows captures() {
        return query("SELECT name, instance, started_at, reported_at, extract(epoch FROM now() - reported_at)::float8,"
                + " status::text FROM cutover.cdc_capture ORDER BY name");
    }
}
