package dev.cutover.flags.internal;

import dev.cutover.jdbc.SqlStates;
import dev.cutover.flags.AuditEntry;
import dev.cutover.flags.RouteFinding;
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
 * read or change. A change locks the entries' table against other writers (never against readers), reads every
 * entry, lets its check decide on them, then writes the entry and its audit row: so the check sees what the change
 * replaces, and two changes cannot each pass on what the other is changing. Thread-safe.
 */
final class FlagTable {
    static final String TABLE = "cutover.route_flag";
    /** The store's version: one per committed change, in commit order (migration V203). */
    static final String VERSION = "cutover.route_flag_version";
    private static final String NOTIFYING_TRIGGER = "cutover.route_flag_notify_state";
    static final String MIGRATIONS = "run Cutover's migrations first (Flyway locations classpath:db/cutover/postgres,"
            + " schema cutover, history table cutover_schema_history)";
    private static final String COLUMNS = "target, route, rollout_percentage, rollout_tenants, rollout_otherwise, set_by,"
            + " set_at, reason";
    /** A read or a change never waits longer on a frozen server or a held lock. */
    static final int TIMEOUT_SECONDS = 5;

    /** Decides, on the entries a change is about to replace, whether it may be made. */
    @FunctionalInterface
    interface ChangeCheck {
        /**
         * @param rows every entry as stored, read under the change's lock
         * @return what the checks found and the change is forced past (empty if none)
         * @throws dev.cutover.flags.RouteChangeRefusedException to refuse the change; nothing is written
         */
        List<RouteFinding> check(List<StoreRow> rows);
    }

    /** A change made: its audit row, the entries it replaced, and the store version it took. */
    record Changed(AuditEntry audit, List<StoreRow> before, long version) {
    }

    /** Every entry, by target, and the store version they are at (migration V203), read in one snapshot. */
    record Versioned(long version, List<StoreRow> rows) {
    }

    private final DataSource dataSource;

    FlagTable(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Every entry, by target. */
    List<StoreRow> readAll() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return readAll(connection);
        }
    }

    /** Every entry with the store's version, in one statement (and so one snapshot). */
    Versioned readVersioned() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT v.version, f.target, f.route,"
                        + " f.rollout_percentage, f.rollout_tenants, f.rollout_otherwise, f.set_by, f.set_at, f.reason FROM "
                        + VERSION + " v LEFT JOIN " + TABLE + " f ON true ORDER BY f.target")) {
            statement.setQueryTimeout(TIMEOUT_SECONDS);
            try (ResultSet result = statement.executeQuery()) {
                long version = -1;
                List<StoreRow> rows = new ArrayList<>();
                while (result.next()) {
                    version = result.getLong(1);
                    if (result.getString(2) != null) {
                        rows.add(row(result, 1));
                    }
                }
                if (version < 0) {
                    throw new SQLException(VERSION + " holds no row; " + MIGRATIONS, "55000");
                }
                return new Versioned(version, rows);
            }
        }
    }

    private static List<StoreRow> readAll(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + COLUMNS + " FROM " + TABLE
                + " ORDER BY target")) {
            statement.setQueryTimeout(TIMEOUT_SECONDS);
            try (ResultSet result = statement.executeQuery()) {
                List<StoreRow> rows = new ArrayList<>();
                while (result.next()) {
                    rows.add(row(result, 0));
                }
                return rows;
            }
        }
    }

    /**
     * Replaces the entry of {@code target} with {@code next} (or removes it, if {@code next} is null) and
     * appends the audit row, in one transaction, if {@code check} lets it.
     */
    Changed change(String target, StoreRow next, String actor, String reason, Instant at, AuditTable.Declared declared,
            ChangeCheck check) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                try (Statement statement = connection.createStatement()) {
                    statement.setQueryTimeout(TIMEOUT_SECONDS);
                    statement.execute("SET LOCAL lock_timeout = '" + TIMEOUT_SECONDS + "s'");
                    statement.execute("LOCK TABLE " + TABLE + " IN SHARE ROW EXCLUSIVE MODE");
                }
                List<StoreRow> before = readAll(connection);
                StoreRow previous = before.stream().filter(row -> row.target().equals(target)).findFirst().orElse(null);
                List<RouteFinding> forced = check.check(before);
                if (next == null) {
                    delete(connection, target);
                } else {
                    upsert(connection, next);
                }
                AuditEntry entry = AuditTable.append(connection, target, previous == null ? RouteFlags.UNSET
                        : previous.describeValue(), next == null ? RouteFlags.UNSET : next.describeValue(), actor, reason, at,
                        declared, forced.stream().map(RouteFinding::message).toList());
                long version = takeVersion(connection);
                try {
                    connection.commit();
                } catch (SQLException e) {
                    throw new CommitOutcomeUnknown(e);
                }
                return new Changed(entry, before, version);
            } catch (SQLException | RuntimeException | Error e) {
                rollback(connection, e);
                throw e;
            } finally {
                if (!connection.isClosed()) {
                    connection.setAutoCommit(autoCommit);
                }
            }
        }
    }

    private static void rollback(Connection connection, Throwable failure) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailure) {
            failure.addSuppressed(rollbackFailure);
        }
    }

    /** The newest {@code limit} audit rows, of one target or (if {@code target} is null) of all, newest first. */
    List<AuditEntry> auditLog(String target, int limit) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return AuditTable.newest(connection, target, limit);
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

    /**
     * Fires the change's notifying trigger now rather than at the commit (migration V203), which takes the store's next
     * version and keeps it locked until the commit; returns that version.
     */
    private static long takeVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(TIMEOUT_SECONDS);
            statement.execute("SET CONSTRAINTS " + NOTIFYING_TRIGGER + " IMMEDIATE");
            try (ResultSet version = statement.executeQuery("SELECT version FROM " + VERSION)) {
                version.next();
                return version.getLong(1);
            }
        }
    }

    /** @param offset the columns before {@link #COLUMNS} in the result */
    private static StoreRow row(ResultSet result, int offset) throws SQLException {
        int percentage = result.getInt(offset + 3);
        Integer rolloutPercentage = result.wasNull() ? null : percentage;
        List<String> tenants = texts(result.getArray(offset + 4));
        OffsetDateTime setAt = result.getObject(offset + 7, OffsetDateTime.class);
        return new StoreRow(result.getString(offset + 1), result.getString(offset + 2), rolloutPercentage, tenants,
                result.getString(offset + 5), result.getString(offset + 6), setAt == null ? null : setAt.toInstant(),
                result.getString(offset + 8));
    }

    /** A {@code text[]} column's value as a list (empty for SQL NULL), the array freed. */
    static List<String> texts(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        try {
            return Arrays.asList((String[]) array.getArray());
        } finally {
            array.free();
        }
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
        String state = e.getSQLState();
        if (SqlStates.missingTable(state)) {
            return "table " + TABLE + " does not exist [SQLState " + state + "]; " + MIGRATIONS;
        }
        return e.getMessage() + (state == null ? "" : " [SQLState " + state + "]");
    }
}
