package dev.cutover.cdc.debezium;

import dev.cutover.cdc.ChangeFeed;
import dev.cutover.cdc.ChangeFeedException;
import dev.cutover.cdc.debezium.internal.EmbeddedEngineFeed;
import dev.cutover.cdc.debezium.internal.EngineProperties;
import dev.cutover.jdbc.Redaction;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Change feeds on Debezium's embedded engine, in this process: MariaDB (binlog, GTIDs), MySQL (binlog) and PostgreSQL
 * (pgoutput, with a slot and publication named {@code cutover_<name>} that the feed creates). Each starts at the log's
 * end ({@code snapshot.mode=no_data}: the COPY backfill moves the data), delivers keys only, at least once, and keeps
 * its position in the target PostgreSQL. A lost position (purged binlog, dropped slot) stops it with
 * {@link dev.cutover.cdc.PositionLostException}, never a silent new start. See docs/cdc.md, "The feed".
 *
 * <p>Thread-safe (stateless).
 */
public final class DebeziumFeed {
    private DebeziumFeed() {
    }

    /** A feed for {@code config}, not started yet. */
    public static ChangeFeed of(DebeziumFeedConfig config) {
        return new EmbeddedEngineFeed(config);
    }

    /**
     * Deletes the feed's stored position and schema history, so that its next start begins at the log's end: after a
     * {@link dev.cutover.cdc.PositionLostException}, followed by {@code cutover verify --repair} (or a catch-up
     * backfill pass) for what was missed. The slot of a PostgreSQL feed, if it still exists, is left alone.
     *
     * @return how many rows were deleted
     * @throws ChangeFeedException if the positions database refuses
     */
    public static int forgetPosition(DebeziumFeedConfig config) {
        try (Connection positions = DriverManager.getConnection(config.positionsUrl(), config.positionsUser(),
                config.positionsPassword())) {
            int deleted = 0;
            for (String table : new String[] {EngineProperties.OFFSETS, EngineProperties.HISTORY}) {
                try (PreparedStatement statement = positions.prepareStatement("DELETE FROM " + table + " WHERE feed = ?")) {
                    statement.setString(1, config.name());
                    deleted += statement.executeUpdate();
                }
            }
            return deleted;
        } catch (SQLException e) {
            throw new ChangeFeedException("the position of feed '" + config.name() + "' was not deleted: "
                    + Redaction.text(e.getMessage(), config.secrets()), Redaction.chain(e, config.secrets()));
        }
    }
}
