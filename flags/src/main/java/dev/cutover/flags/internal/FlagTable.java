package dev.cutover.flags.internal;

import dev.cutover.backend.SqlStates;
import dev.cutover.flags.AuditEntry;
import dev.cutover.flags.RouteFlags;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;

/**
 * The store's tables, through plain JDBC on connections borrowed from the store's data source for each
 * read or change. A change locks the entries' table against other writers (never against readers), so
 * that its audit row's "from" is the value it replaced. Thread-safe.
 */
public final class FlagTable {
    static final String TABLE = "cutover.route_flag";
    static final String AUDIT_TABLE = "cutover.route_flag_audit";
    static final String MIGRATIONS = "run Cutover's migrations first (Flyway locations classpath:db/cutover/postgres,"
            + " schema cutover, history table cutover_schema_history)";
    private static final String COLUMNS = "target, route, rollout_percentage, rollout_tenants, rollout_otherwise, set_by,"
            + " set_at, reason";
    /** A read or a change never waits longer on a frozen server or a held lock. */
    private static final int TIMEOUT_SECONDS = 5;

    private final DataSource dataSource;

    FlagTable(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Every entry, by target. */
    List<StoreRow> readAll() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT " + COLUMNS + " FROM " + TABLE
                        + " ORDER BY target")) {
            statement.setQueryTimeout(TIMEOUT_SECONDS);
            try (ResultSet result = statement.executeQuery()) {
                List<StoreRow> rows = new ArrayList<>();
                while (result.next()) {
                    rows.add(row(result));
                }
                return rows;
            }
        }
    }

    /** The entry of one target, or {@code null}. */
    StoreRow read(String target) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return read(connection, target);
        }
    }

    /**
     * Replaces the entry of {@code target} with {@code next} (or removes it, if {@code next} is null) and
     * appends the audit row, in one transaction.
     *
     * @return the audit row
     */
    AuditEntry change(String target, StoreRow next, String actor, String reason, Instant at) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                try (Statement statement = connection.createStatement()) {
                    statement.setQueryTimeout(TIMEOUT_SECONDS);
                    statement.execute("SET LOCAL lock_timeout = '" + TIMEOUT_SECONDS + "s'");
                    statement.execute("LOCK TABLE " + TABLE + " IN SHARE ROW EXCLUSIVE MODE");
                }
                StoreRow previous = read(connection, target);
                if (next == null) {
                    delete(connection, target);
                } else {
                    upsert(connection, next);
                }
                AuditEntry entry = audit(connection, target, previous == null ? RouteFlags.UNSET : previous.describeValue(),
                        next == null ? RouteFlags.UNSET : next.describeValue(), actor, reason, at);
                try {
                    connection.commit();
                } catch (SQLException e) {
                    throw new CommitOutcomeUnknown(e);
                }
                return entry;
            } catch (SQLException | RuntimeException | Error e) {
                try {
                    connection.rollback();
                } catch (SQLException rollbackFailure) {
                    e.addSuppressed(rollbackFailure);
                }
                throw e;
            } finally {
                if (!connection.isClosed()) {
                    connection.setAutoCommit(autoCommit);
                }
            }
        }
    }

    /** The newest {@code limit} audit rows, of one target or (if {@code target} is null) of all, newest first. */
    List<AuditEntry> auditLog(String target, int limit) throws SQLException {
        String sql = "SELECT id, at, actor, target, from_value, to_value, reason FROM " + AUDIT_TABLE
                + (target == null ? "" : " WHERE target = ?") + " ORDER BY id DESC LIMIT ?";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setQueryTimeout(TIMEOUT_SECONDS);
            int parameter = 1;
            if (target != null) {
                statement.setString(parameter++, target);
            }
            statement.setInt(parameter, limit);
            try (ResultSet result = statement.executeQuery()) {
                List<AuditEntry> entries = new ArrayList<>();
                while (result.next()) {
                    entries.add(new AuditEntry(result.getLong(1), result.getObject(2, OffsetDateTime.class).toInstant(),
                            result.getString(3), result.getString(4), result.getString(5), result.getString(6),
                            result.getString(7)));
                }
                return entries;
            }
        }
    }

    private static StoreRow read(Connection connection, String target) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + COLUMNS + " FROM " + TABLE
                + " WHERE target = ?")) {
            statement.setQueryTimeout(TIMEOUT_SECONDS);
            statement.setString(1, target);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() ? row(result) : null;
            }
        }
    }

    private static void upsert(Connection connection, StoreRow row) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO " + TABLE + " (" + COLUMNS + ")"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (target) DO UPDATE SET route = EXCLUDED.route,"
                + " rollout_percentage = EXCLUDED.rollout_percentage, rollout_tenants = EXCLUDED.rollout_tenants,"
                + " rollout_otherwise = EXCLUDED.rollout_otherwise, set_by = EXCLUDED.set_by, set_at = EXCLUDED.set_at,"
                + " reason = EXCLUDED.reason")) {
            statement.setQueryTimeout(TIMEOUT_SECONDS);
            statement.setString(1, row.target());
            statement.setString(2, row.route());
            statement.setObject(3, row.percentage(), Types.INTEGER);
            Array tenants = connection.createArrayOf("text", row.tenants().toArray());
            try {
                statement.setArray(4, tenants);
                statement.setString(5, row.otherwise());
                statement.setString(6, row.setBy());
                statement.setObject(7, OffsetDateTime.ofInstant(row.setAt(), ZoneOffset.UTC));
                statement.setString(8, row.reason());
                statement.executeUpdate();
            } finally {
                tenants.free();
            }
        }
    }

    private static void delete(Connection connection, String target) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("DELETE FROM " + TABLE + " WHERE target = ?")) {
            statement.setQueryTimeout(TIMEOUT_SECONDS);
            statement.setString(1, target);
            statement.executeUpdate();
        }
    }

    private static AuditEntry audit(Connection connection, String target, String from, String to, String actor,
            String reason, Instant at) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO " + AUDIT_TABLE
                + " (at, actor, target, from_value, to_value, reason) VALUES (?, ?, ?, ?, ?, ?) RETURNING id")) {
            statement.setQueryTimeout(TIMEOUT_SECONDS);
            statement.setObject(1, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
            statement.setString(2, actor);
            statement.setString(3, target);
            statement.setString(4, from);
            statement.setString(5, to);
            statement.setString(6, reason);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return new AuditEntry(result.getLong(1), at, actor, target, from, to, reason);
            }
        }
    }

    private static StoreRow row(ResultSet result) throws SQLException {
        int percentage = result.getInt(3);
        Integer rolloutPercentage = result.wasNull() ? null : percentage;
        Array array = result.getArray(4);
        List<String> tenants = List.of();
        if (array != null) {
            try {
                tenants = Arrays.asList((String[]) array.getArray());
            } finally {
                array.free();
            }
        }
        OffsetDateTime setAt = result.getObject(7, OffsetDateTime.class);
        return new StoreRow(result.getString(1), result.getString(2), rolloutPercentage, tenants, result.getString(5),
                result.getString(6), setAt == null ? null : setAt.toInstant(), result.getString(8));
    }

    /** A commit that failed in flight: the server may have applied it. */
    static final class CommitOutcomeUnknown extends SQLException {
        private static final long serialVersionUID = 1L;

        CommitOutcomeUnknown(SQLException cause) {
            super(cause.getMessage(), cause.getSQLState(), cause.getErrorCode(), cause);
        }
    }

    /** What went wrong, for messages: the driver's message and SQLState, or the missing table and what to do. */
    static String describe(SQLException e) {
        return describe(e, TABLE);
    }

    /** {@link #describe(SQLException)} for any of Cutover's tables in the flag store's database. */
    public static String describe(SQLException e, String table) {
        String state = e.getSQLState();
        if (SqlStates.missingTable(state)) {
            return "table " + table + " does not exist [SQLState " + state + "]; " + MIGRATIONS;
        }
        return e.getMessage() + (state == null ? "" : " [SQLState " + state + "]");
    }
}
