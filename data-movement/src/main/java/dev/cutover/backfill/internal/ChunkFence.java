package dev.cutover.backfill.internal;

import dev.cutover.Backend;
import dev.cutover.DataAccessException;
import dev.cutover.dual.spi.UncommittedCopies;
import dev.cutover.mapping.Column;
import dev.cutover.mapping.ColumnType;
import dev.cutover.mapping.EntityMapping;
import dev.cutover.mapping.spi.KeyJson;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/** {@link dev.cutover.backfill.BackfillFence}: the key ranges of chunks being copied, read per call. Thread-safe. */
public final class ChunkFence implements UncommittedCopies {
    private static final Set<ColumnType> TEXT = Set.of(ColumnType.TEXT, ColumnType.CHAR, ColumnType.ENUM);

    private final DataSource dataSource;

    public ChunkFence(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    private record Range(Object[] lower, Object[] upper) {
    }

    @Override
    public <K> Set<K> holding(EntityMapping<?, K> mapping, Collection<K> keys) {
        if (keys.isEmpty()) {
            return Set.of();
        }
        List<Range> ranges = copying(mapping);
        if (ranges.isEmpty()) {
            return Set.of();
        }
        if (mapping.keyColumns().stream().anyMatch(column -> TEXT.contains(column.type()))) {
            return new LinkedHashSet<>(keys);
        }
        Set<K> held = new LinkedHashSet<>();
        for (K key : keys) {
            if (inside(mapping.keyValues(key), ranges)) {
                held.add(key);
            }
        }
        return held;
    }

    /** Whether a key falls in one of the ranges (lower exclusive, upper inclusive); a key Java cannot order is held. */
    private static boolean inside(Object[] key, List<Range> ranges) {
        for (Range range : ranges) {
            try {
                if ((range.lower() == null || KeyComparison.compare(key, range.lower()) > 0)
                        && (range.upper() == null || KeyComparison.compare(key, range.upper()) <= 0)) {
                    return true;
                }
            } catch (RuntimeException e) { // a bound or key value of another type (a legacy form): cannot place it
                return true;
            }
        }
        return false;
    }

    /** The ranges of the table's chunks being copied, in any run. */
    private List<Range> copying(EntityMapping<?, ?> mapping) {
        List<Column> keyColumns = mapping.keyColumns();
        try (Connection connection = dataSource.getConnection()) {
            List<Range> ranges = new ArrayList<>();
            List<String> expiredRuns = new ArrayList<>();
            List<Integer> expiredChunks = new ArrayList<>();
            List<Range> expired = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT run, chunk, lower_key::text, upper_key::text,"
                    + " lease_expires_at > now() FROM cutover.backfill_chunks WHERE entity = ? AND status = 'leased'")) {
                select.setString(1, mapping.table());
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        Range range = new Range(KeyJson.decode(rows.getString(3), keyColumns),
                                KeyJson.decode(rows.getString(4), keyColumns));
                        if (rows.getBoolean(5)) {
                            ranges.add(range);
                        } else {
                            expiredRuns.add(rows.getString(1));
                            expiredChunks.add(rows.getInt(2));
                            expired.add(range);
                        }
                    }
                }
            }
            if (!expired.isEmpty()) {
                ranges.addAll(locked(connection, mapping.table(), expiredRuns, expiredChunks, expired));
            }
            return ranges;
        } catch (SQLException | IllegalStateException e) {
            throw new DataAccessException(Backend.POSTGRES, "Which chunks of " + mapping.table() + " a backfill is copying"
                    + " could not be read from cutover.backfill_chunks: " + e.getMessage(), e);
        }
    }

    /** Of chunks whose lease expired, those whose row a worker's transaction still locks: still being copied. */
    private static List<Range> locked(Connection connection, String entity, List<String> runs, List<Integer> chunks,
            List<Range> ranges) throws SQLException {
        Set<String> unlocked = new HashSet<>();
        Array runArray = connection.createArrayOf("text", runs.toArray());
        Array chunkArray = connection.createArrayOf("integer", chunks.toArray());
        try (PreparedStatement select = connection.prepareStatement("SELECT c.run, c.chunk FROM cutover.backfill_chunks c"
                + " JOIN unnest(?::text[], ?::integer[]) AS e(run, chunk) ON c.run = e.run AND c.chunk = e.chunk"
                + " WHERE c.entity = ? FOR SHARE OF c SKIP LOCKED")) {
            select.setArray(1, runArray);
            select.setArray(2, chunkArray);
            select.setString(3, entity);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    unlocked.add(rows.getString(1) + "\u0000" + rows.getInt(2));
                }
            }
        }
        List<Range> locked = new ArrayList<>();
        for (int i = 0; i < ranges.size(); i++) {
            if (!unlocked.contains(runs.get(i) + "\u0000" + chunks.get(i))) {
                locked.add(ranges.get(i));
            }
        }
        return locked;
    }
}
