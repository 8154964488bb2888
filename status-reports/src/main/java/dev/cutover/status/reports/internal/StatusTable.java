package dev.cutover.status.reports.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.Backend;
import dev.cutover.jdbc.SqlStates;
import dev.cutover.status.Backlog;
import dev.cutover.status.ReconcilerStats;
import dev.cutover.status.BreakerStatus;
import dev.cutover.status.reports.InstanceStatus;
import dev.cutover.status.reports.ReportedRoute;
import dev.cutover.status.reports.StatusReportException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The SQL and JSON of {@code cutover.instance_status}: writing one instance's report, reading every report back.
 * The JSON field names are the table's format, read by other releases: change them only additively.
 */
public final class StatusTable {
    static final String TABLE = "cutover.instance_status";
    private static final int TIMEOUT_SECONDS = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    private StatusTable() {
    }

    /** One report, ready to write. */
    record Report(String instanceId, String host, long pid, Instant startedAt, Duration interval, String routesDigest,
            List<ReportedRoute> routes, List<BreakerStatus> breakers, List<Backlog> outboxes, ReconcilerStats reconciler) {
    }

    static void write(DataSource store, Report report) {
        String sql = "INSERT INTO " + TABLE + " (instance_id, host, pid, started_at, last_seen, interval_ms, stopped_at,"
                + " routes_digest, routes, breakers, outboxes, reconciler)"
                + " VALUES (?, ?, ?, ?, now(), ?, NULL, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?::jsonb)"
                + " ON CONFLICT (instance_id) DO UPDATE SET host = excluded.host, pid = excluded.pid,"
                + " started_at = excluded.started_at, last_seen = excluded.last_seen, interval_ms = excluded.interval_ms,"
                + " stopped_at = NULL, routes_digest = excluded.routes_digest, routes = excluded.routes,"
                + " breakers = excluded.breakers, outboxes = excluded.outboxes, reconciler = excluded.reconciler";
        execute(store, sql, "write the status report of instance " + report.instanceId(), statement -> {
            statement.setString(1, report.instanceId());
            statement.setString(2, report.host());
            statement.setLong(3, report.pid());
            statement.setObject(4, OffsetDateTime.ofInstant(report.startedAt(), ZoneOffset.UTC));
            statement.setLong(5, report.interval().toMillis());
            statement.setString(6, report.routesDigest());
            statement.setString(7, json(report.routes().stream().map(StatusTable::json).toList()));
            statement.setString(8, json(report.breakers().stream().map(StatusTable::json).toList()));
            statement.setString(9, json(report.outboxes().stream().map(StatusTable::json).toList()));
            statement.setString(10, report.reconciler() == null ? null : json(json(report.reconciler())));
        });
    }

    static void markStopped(DataSource store, String instanceId) {
        execute(store, "UPDATE " + TABLE + " SET stopped_at = now() WHERE instance_id = ?",
                "mark instance " + instanceId + " stopped", statement -> statement.setString(1, instanceId));
    }

    /** Removes reports not seen for a day: instances come and go with new ids. */
    static void prune(DataSource store) {
        execute(store, "DELETE FROM " + TABLE + " WHERE last_seen < now() - interval '1 day'", "remove old status reports",
                statement -> { });
    }

    /** Every report, by instance id. */
    public static List<InstanceStatus> readAll(DataSource store) {
        String sql = "SELECT instance_id, host, pid, started_at, last_seen, interval_ms, stopped_at,"
                + " extract(epoch FROM now() - last_seen), routes_digest, routes, breakers, outboxes, reconciler"
                + " FROM " + TABLE + " ORDER BY instance_id";
        try (Connection connection = store.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setQueryTimeout(TIMEOUT_SECONDS);
            try (ResultSet result = statement.executeQuery()) {
                List<InstanceStatus> reports = new ArrayList<>();
                while (result.next()) {
                    reports.add(read(result));
                }
                return List.copyOf(reports);
            }
        } catch (SQLException e) {
            throw failure("read the instance status reports", e);
        }
    }

    private static InstanceStatus read(ResultSet result) throws SQLException {
        List<ReportedRoute> routes = new ArrayList<>();
        for (JsonNode node : tree(result.getString(10))) {
            routes.add(new ReportedRoute(node.path("method").asText(), node.path("kind").asText(), node.path("route").asText(),
                    node.path("origin").asText(), node.path("source").asText()));
        }
        List<BreakerStatus> breakers = new ArrayList<>();
        for (JsonNode node : tree(result.getString(11))) {
            breakers.add(new BreakerStatus(backend(node.path("backend").asText()), node.path("name").asText(),
                    node.path("state").asText(), (float) node.path("failureRate").asDouble(), node.path("bufferedCalls").asInt(),
                    node.path("failedCalls").asInt(), node.path("notPermittedCalls").asLong(), node.path("fallbacks").asLong()));
        }
        List<Backlog> outboxes = new ArrayList<>();
        for (JsonNode node : tree(result.getString(12))) {
            outboxes.add(new Backlog(backend(node.path("primary").asText()), node.path("outbox").asText(),
                    node.path("entries").asLong(), instant(node.path("oldestEntry")), instant(node.path("measuredAt"))));
        }
        JsonNode reconciler = result.getString(13) == null ? null : tree(result.getString(13));
        return new InstanceStatus(result.getString(1), result.getString(2), result.getLong(3),
                result.getObject(4, OffsetDateTime.class).toInstant(), result.getObject(5, OffsetDateTime.class).toInstant(),
                Duration.ofMillis(result.getLong(6)), instantOrNull(result.getObject(7, OffsetDateTime.class)),
                Duration.ofMillis(Math.max(0, Math.round(result.getDouble(8) * 1000))), result.getString(9), routes, breakers,
                outboxes, reconciler == null ? null : new ReconcilerStats(reconciler.path("mirrored").asLong(),
                        reconciler.path("settled").asLong(), reconciler.path("failed").asLong(),
                        reconciler.path("settledPerSecond").asDouble(), reconciler.path("refused").asLong(),
                        instant(reconciler.path("oldestRefused"))));
    }

    private static Map<String, Object> json(ReportedRoute route) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("method", route.method());
        json.put("kind", route.kind());
        json.put("route", route.route());
        json.put("origin", route.origin());
        json.put("source", route.source());
        return json;
    }

    private static Map<String, Object> json(BreakerStatus breaker) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("backend", breaker.backend().id());
        json.put("name", breaker.name());
        json.put("state", breaker.state());
        json.put("failureRate", breaker.failureRate());
        json.put("bufferedCalls", breaker.bufferedCalls());
        json.put("failedCalls", breaker.failedCalls());
        json.put("notPermittedCalls", breaker.notPermittedCalls());
        json.put("fallbacks", breaker.fallbacks());
        return json;
    }

    private static Map<String, Object> json(Backlog backlog) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("primary", backlog.primary().id());
        json.put("outbox", backlog.outbox());
        json.put("entries", backlog.entries());
        json.put("oldestEntry", backlog.oldestEntry() == null ? null : backlog.oldestEntry().toString());
        json.put("measuredAt", backlog.measuredAt().toString());
        return json;
    }

    private static Map<String, Object> json(ReconcilerStats stats) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("mirrored", stats.mirrored());
        json.put("settled", stats.settled());
        json.put("failed", stats.failed());
        json.put("settledPerSecond", stats.settledPerSecond());
        json.put("refused", stats.refused());
        json.put("oldestRefused", stats.oldestRefused() == null ? null : stats.oldestRefused().toString());
        return json;
    }

    private static String json(Object tree) {
        try {
            return JSON.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a status report as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static JsonNode tree(String json) throws SQLException {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new SQLException("A status report holds JSON that is not valid: " + e.getOriginalMessage(), "22000", e);
        }
    }

    private static Backend backend(String id) {
        return Backend.valueOf(id.toUpperCase(Locale.ROOT));
    }

    private static Instant instant(JsonNode node) {
        return node.isTextual() ? Instant.parse(node.asText()) : null;
    }

    private static Instant instantOrNull(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private static void execute(DataSource store, String sql, String action, Binder binder) {
        try (Connection connection = store.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setQueryTimeout(TIMEOUT_SECONDS);
            binder.bind(statement);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw failure(action, e);
        }
    }

    private static StatusReportException failure(String action, SQLException e) {
        String state = e.getSQLState();
        String why = SqlStates.missingTable(state)
                ? "table " + TABLE + " does not exist [SQLState " + state + "]; run Cutover's migrations first (Flyway locations"
                        + " classpath:db/cutover/postgres, schema cutover, history table cutover_schema_history)"
                : e.getMessage() + (state == null ? "" : " [SQLState " + state + "]");
        return new StatusReportException("Could not " + action + ": " + why, e);
    }
}
