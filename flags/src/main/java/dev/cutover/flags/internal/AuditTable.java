package dev.cutover.flags.internal;

import dev.cutover.flags.AuditEntry;
import dev.cutover.flags.AuditIdentity;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit log's table, {@code cutover.route_flag_audit}: append-only (the database refuses UPDATE, DELETE and
 * TRUNCATE), and the database itself records the role and the client address of each row (migration V201). Stateless.
 */
final class AuditTable {
    static final String TABLE = "cutover.route_flag_audit";
    private static final String COLUMNS = "id, at, actor, target, from_value, to_value, reason, db_user, db_session_user,"
            + " client_addr, os_user, os_host, tool, forced";

    /** What the process making a change declares about itself; the database adds its role and address. */
    record Declared(String osUser, String host, String tool) {
    }

    private AuditTable() {
    }

    /** Appends the row of one change, in the change's transaction. */
    static AuditEntry append(Connection connection, String target, String from, String to, String actor, String reason,
            Instant at, Declared declared, List<String> forced) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO " + TABLE
                + " (at, actor, target, from_value, to_value, reason, os_user, os_host, tool, forced)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING " + COLUMNS)) {
            statement.setQueryTimeout(FlagTable.TIMEOUT_SECONDS);
            statement.setObject(1, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
            statement.setString(2, actor);
            statement.setString(3, target);
            statement.setString(4, from);
            statement.setString(5, to);
            statement.setString(6, reason);
            statement.setString(7, declared.osUser());
            statement.setString(8, declared.host());
            statement.setString(9, declared.tool());
            Array array = connection.createArrayOf("text", forced.toArray());
            try {
                statement.setArray(10, array);
                try (ResultSet result = statement.executeQuery()) {
                    result.next();
                    return entry(result);
                }
            } finally {
                array.free();
            }
        }
    }

    /** The newest {@code limit} rows, of one target or (if {@code target} is null) of all, newest first. */
    static List<AuditEntry> newest(Connection connection, String target, int limit) throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM " + TABLE + (target == null ? "" : " WHERE target = ?") + " ORDER BY id DESC"
                + " LIMIT ?";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setQueryTimeout(FlagTable.TIMEOUT_SECONDS);
            int parameter = 1;
            if (target != null) {
                statement.setString(parameter++, target);
            }
            statement.setInt(parameter, limit);
            try (ResultSet result = statement.executeQuery()) {
                List<AuditEntry> entries = new ArrayList<>();
                while (result.next()) {
                    entries.add(entry(result));
                }
                return entries;
            }
        }
    }

    private static AuditEntry entry(ResultSet result) throws SQLException {
        List<String> forced = FlagTable.texts(result.getArray("forced"));
        AuditIdentity identity = new AuditIdentity(result.getString("db_user"), result.getString("db_session_user"),
                result.getString("client_addr"), result.getString("os_user"), result.getString("os_host"),
                result.getString("tool"));
        return new AuditEntry(result.getLong("id"), result.getObject("at", OffsetDateTime.class).toInstant(),
                result.getString("actor"), result.getString("target"), result.getString("from_value"),
                result.getString("to_value"), result.getString("reason"), identity, forced);
    }
}
