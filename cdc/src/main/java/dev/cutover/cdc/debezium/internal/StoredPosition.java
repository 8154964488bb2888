package dev.cutover.cdc.debezium.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.cdc.PositionLostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A feed's stored position (Debezium's offset, in {@value EngineProperties#OFFSETS}), and whether the legacy
 * database's log still holds it. Debezium itself would, on a PostgreSQL legacy database whose slot was dropped, create
 * a new slot at the log's end and go on silently; on a purged binlog it stops with its own words. Checking before the
 * start names the loss and the fix instead.
 *
 * @param binlogFile the binlog file of a MariaDB/MySQL position, null otherwise
 * @param binlogPosition the position in that file
 * @param lsn        the LSN of a PostgreSQL position, null otherwise
 */
public record StoredPosition(String binlogFile, long binlogPosition, Long lsn) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The feed's stored position; empty before its first commit (the feed then starts at the log's end). */
    public static Optional<StoredPosition> read(Connection positions, String feed) throws SQLException {
        try (PreparedStatement statement = positions.prepareStatement("SELECT offset_val FROM " + EngineProperties.OFFSETS
                + " WHERE feed = ? ORDER BY record_insert_ts DESC, record_insert_seq DESC")) {
            statement.setString(1, feed);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    Optional<StoredPosition> position = parse(rows.getString(1));
                    if (position.isPresent()) {
                        return position;
                    }
                }
            }
        }
        return Optional.empty();
    }

    static Optional<StoredPosition> parse(String offset) {
        if (offset == null) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(offset);
            if (node.hasNonNull("file")) {
                return Optional.of(new StoredPosition(node.get("file").asText(), node.path("pos").asLong(), null));
            }
            if (node.hasNonNull("lsn")) {
                return Optional.of(new StoredPosition(null, 0, node.get("lsn").asLong()));
            }
            return Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** What to do when the position is lost, said the same way for both logs. */
    static String fix(String feed) {
        return "changes made since were not captured, and the feed will not start over silently. Fix: forget the"
                + " position (DebeziumFeed.forgetPosition, or DELETE FROM " + EngineProperties.OFFSETS + " and "
                + EngineProperties.HISTORY + " WHERE feed = '" + feed + "') and start the feed again, so that it"
                + " captures from now on; then queue what was missed: `cutover verify --repair` for the captured tables"
                + " (or a catch-up backfill pass), and verify";
    }

    /**
     * Whether the binlog still holds this position.
     *
     * @throws PositionLostException if its file was purged
     */
    public void requireInBinlog(Connection legacy, String feed) throws SQLException {
        List<String> files = new ArrayList<>();
        try (Statement statement = legacy.createStatement(); ResultSet rows = statement.executeQuery("SHOW BINARY LOGS")) {
            while (rows.next()) {
                files.add(rows.getString(1));
            }
        }
        if (!files.contains(binlogFile)) {
            throw new PositionLostException("feed '" + feed + "': its stored position " + binlogFile + ":" + binlogPosition
                    + " is no longer in the legacy binlog (" + (files.isEmpty() ? "no binlog files"
                            : "the oldest file is " + files.get(0)) + ": purged, by PURGE BINARY LOGS or by"
                    + " binlog_expire_logs_seconds); " + fix(feed));
        }
    }

    /**
     * Whether the feed's replication slot still exists and still holds this position.
     *
     * @throws PositionLostException if the slot was dropped or PostgreSQL removed the WAL it needs
     */
    public void requireInSlot(Connection legacy, String feed, String slot) throws SQLException {
        try (PreparedStatement statement = legacy.prepareStatement(
                "SELECT wal_status FROM pg_replication_slots WHERE slot_name = ?")) {
            statement.setString(1, slot);
            try (ResultSet row = statement.executeQuery()) {
                String at = Changes.lsnText(lsn);
                if (!row.next()) {
                    throw new PositionLostException("feed '" + feed + "': its stored position lsn=" + at + " is lost:"
                            + " its replication slot " + slot + " no longer exists (dropped), and with it the WAL the"
                            + " feed had not read; " + fix(feed));
                }
                if ("lost".equals(row.getString(1))) {
                    throw new PositionLostException("feed '" + feed + "': its stored position lsn=" + at + " is lost:"
                            + " PostgreSQL removed the WAL its slot " + slot + " needed (wal_status lost,"
                            + " max_slot_wal_keep_size); " + fix(feed));
                }
            }
        }
    }
}
