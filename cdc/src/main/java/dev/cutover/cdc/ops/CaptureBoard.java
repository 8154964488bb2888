package dev.cutover.cdc.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.CutoverException;
import dev.cutover.cdc.CaptureStatus;
import dev.cutover.postgres.CutoverSchema;
import dev.cutover.postgres.PostgresAdapter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Where a running {@code ChangeCapture} reports its status and learns that it should stop, so that another process
 * ({@code cutover cdc status}, {@code cutover cdc stop}) can read and ask: the table {@code cutover.cdc_capture}
 * (migration V530) in the target PostgreSQL, one row per capture name. Thread-safe.
 */
public final class CaptureBoard {
    /** The name of a capture when none is given: one capture per legacy database is the usual case. */
    public static final String DEFAULT_NAME = "default";

    private static final ObjectMapper JSON = new ObjectMapper();
    private final DataSource dataSource;
    private final String name;

    private CaptureBoard(DataSource dataSource, String name) {
        this.dataSource = dataSource;
        this.name = name;
    }

    /** The board of capture {@code name} in {@code postgres}'s {@code cutover} schema, migrated if needed. */
    public static CaptureBoard open(PostgresAdapter postgres, String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a capture's name must not be blank: " + (name == null ? "null" : "'" + name + "'"));
        }
        CutoverSchema.migrate(postgres);
        return new CaptureBoard(postgres.connections().dataSource(), name);
    }

    public String name() {
        return name;
    }

    /**
     * Records what capture reports now, as {@code instance} (which started at {@code startedAt}); a new start replaces
     * the row, a stop request with it.
     */
    public void publish(String instance, Instant startedAt, CaptureStatus status, Instant now) {
        String sql = "INSERT INTO cutover.cdc_capture (name, instance, started_at, reported_at, status) VALUES (?, ?, ?, ?, ?::jsonb) "
                + "ON CONFLICT (name) DO UPDATE SET instance = excluded.instance, reported_at = excluded.reported_at, "
                + "status = excluded.status, stop_requested = CASE WHEN cdc_capture.started_at = excluded.started_at "
                + "AND cdc_capture.instance = excluded.instance THEN cdc_capture.stop_requested END, "
                + "resume_requests = CASE WHEN cdc_capture.started_at = excluded.started_at "
                + "AND cdc_capture.instance = excluded.instance THEN cdc_capture.resume_requests ELSE '{}' END, "
                + "started_at = excluded.started_at";
        update(sql, "publish the status of capture '" + name + "'", statement -> {
            statement.setString(1, name);
            statement.setString(2, instance);
            statement.setTimestamp(3, Timestamp.from(startedAt));
            statement.setTimestamp(4, Timestamp.from(now));
            statement.setString(5, toJson(status).toString());
        });
    }

    /** Asks the process running this capture to stop. @return whether a capture of this name has reported here */
    public boolean requestStop() {
        return update("UPDATE cutover.cdc_capture SET stop_requested = now() WHERE name = ?",
                "ask capture '" + name + "' to stop", statement -> statement.setString(1, name)) > 0;
    }

    /**
     * Asks the process running this capture to resume a paused table ({@code ChangeCapture.resume}).
     *
     * @return whether a capture of this name has reported here
     */
    public boolean requestResume(String table) {
        return update("UPDATE cutover.cdc_capture SET resume_requests = array_append(resume_requests, ?) WHERE name = ? "
                + "AND NOT (? = ANY (resume_requests))", "ask capture '" + name + "' to resume " + table, statement -> {
                    statement.setString(1, table);
                    statement.setString(2, name);
                    statement.setString(3, table);
                }) > 0 || read().isPresent();
    }

    /** The tables someone asked to resume, taken off the board: the running capture resumes each. */
    public List<String> takeResumeRequests() {
        String sql = "UPDATE cutover.cdc_capture c SET resume_requests = '{}' FROM (SELECT name, resume_requests FROM "
                + "cutover.cdc_capture WHERE name = ? FOR UPDATE) old WHERE c.name = old.name "
                + "AND cardinality(old.resume_requests) > 0 RETURNING old.resume_requests";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, name);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return List.of();
                }
                return List.of((String[]) rows.getArray(1).getArray());
            }
        } catch (SQLException e) {
            throw new CutoverException("Cannot read the resume requests of capture '" + name + "' from cutover.cdc_capture: "
                    + e.getMessage(), e);
        }
    }

    /** Whether someone asked this capture to stop since it started. */
    public boolean stopRequested() {
        return read().map(report -> report.stopRequested() != null).orElse(false);
    }

    /**
     * The report of a process running this capture now (state {@code RUNNING}, not stale), if one does: what refuses a
     * second capture under the same name, in-process and in {@code cutover cdc start} alike.
     */
    public Optional<Report> running() {
        return read().filter(report -> report.state().equals("RUNNING"));
    }

    /** What the capture last reported, if it ever did. */
    public Optional<Report> read() {
        String sql = "SELECT instance, started_at, reported_at, status::text, stop_requested, now(), resume_requests "
                + "FROM cutover.cdc_capture WHERE name = ?";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, name);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                Instant reportedAt = rows.getTimestamp(3).toInstant();
                Timestamp stop = rows.getTimestamp(5);
                return Optional.of(new Report(name, rows.getString(1), rows.getTimestamp(2).toInstant(), reportedAt,
                        Duration.between(reportedAt, rows.getTimestamp(6).toInstant()), JSON.readTree(rows.getString(4)),
                        stop == null ? null : stop.toInstant(), List.of((String[]) rows.getArray(7).getArray())));
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new CutoverException("Cannot read the status of capture '" + name + "' from cutover.cdc_capture: "
                    + e.getMessage(), e);
        }
    }

    /**
     * {@code status} as JSON, the form {@code cutover cdc status --json} prints: state, position, lastCommittedAt,
     * lagSeconds, eventsBehind, changesReceived, keysQueued, notCaptured, unmappedTables, pausedTables, failure.
     */
    public static ObjectNode toJson(CaptureStatus status) {
        ObjectNode node = JSON.createObjectNode();
        node.put("state", status.state().name());
        node.put("position", status.position());
        node.put("lastCommittedAt", status.lastCommittedAt() == null ? null : status.lastCommittedAt().toString());
        node.put("lagSeconds", status.lagSeconds());
        node.put("eventsBehind", status.eventsBehind());
        node.put("changesReceived", status.changesReceived());
        node.put("keysQueued", status.keysQueued());
        node.put("notCaptured", status.notCaptured());
        ObjectNode unmapped = node.putObject("unmappedTables");
        status.unmappedTables().forEach(unmapped::put);
        ArrayNode paused = node.putArray("pausedTables");
        for (CaptureStatus.PausedTable table : status.pausedTables()) {
            ObjectNode p = paused.addObject();
            p.put("table", table.table());
            p.put("legacyTable", table.legacyTable());
            p.put("reason", table.reason());
            p.put("since", table.since() == null ? null : table.since().toString());
            p.put("heldChanges", table.heldChanges());
            ArrayNode check = p.putArray("schemaCheck");
            table.schemaCheck().forEach(check::add);
        }
        node.put("failure", status.failure());
        return node;
    }

    private int update(String sql, String what, StatementSetter setter) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            setter.set(statement);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new CutoverException("Cannot " + what + " in cutover.cdc_capture: " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface StatementSetter {
        void set(PreparedStatement statement) throws SQLException;
    }

    /**
     * What a capture last reported.
     *
     * @param name          the capture's name
     * @param instance      the process that runs it ({@code host:pid})
     * @param startedAt     when it started
     * @param reportedAt    when it last reported (the database's clock)
     * @param sinceReported the time since, when read (the database's clock)
     * @param status        its status, in {@link #toJson}'s form
     * @param stopRequested when a stop was asked for since it started, or {@code null}
     * @param resumeRequests tables it was asked to resume and has not taken yet
     */
    public record Report(String name, String instance, Instant startedAt, Instant reportedAt, Duration sinceReported,
            JsonNode status, Instant stopRequested, List<String> resumeRequests) {
        /** A capture that has not reported for this long is taken as gone (killed, hung, cut off). */
        public static final Duration STALE_AFTER = Duration.ofSeconds(10);

        public Report {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(status, "status");
            resumeRequests = List.copyOf(resumeRequests);
        }

        /** Its state as last reported, or {@code STALE} when it has not reported for {@link #STALE_AFTER}. */
        public String state() {
            String state = status.path("state").asText();
            return (state.equals("RUNNING") || state.equals("NEW")) && sinceReported.compareTo(STALE_AFTER) > 0 ? "STALE" : state;
        }
    }
}
