package dev.cutover.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.cutover.Backend;
import dev.cutover.DataAccessException;
import dev.cutover.compare.Difference;
import dev.cutover.shadow.ShadowMismatch;
import dev.cutover.shadow.ShadowReadListener;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps shadow-read mismatches in {@code cutover.shadow_mismatches} (created by {@link CutoverSchema#migrate}), so
 * that they outlive the process and can be queried across instances:
 *
 * <pre>{@code
 * CutoverSchema.migrate(postgresAdapter);
 * ShadowReads.custom().listener(ShadowMismatchTable.of(postgresAdapter)).build().install(builder);
 * }</pre>
 *
 * <p>Each mismatch is one row: when, repository, method, route, the arguments as rendered by shadow reads, how
 * many differences, and the listed differences as JSON ({@code [{"path": "aiContext.tone", "legacy": "warm",
 * "postgres": "brief"}]}: JSON values as JSON, others as text; anything longer than 200 characters as shortened text). Rows are written on the shadow threads, in autocommit and
 * outside any unit of work, at most {@code maxRowsPerMinute} per minute so that a systematic difference cannot
 * flood the table (the rest are counted: {@link #skipped()}). A failed insert is logged and not retried.
 * Remove old rows with {@link #deleteOlderThan}.
 *
 * <p>Thread-safe.
 */
public final class ShadowMismatchTable implements ShadowReadListener {
    /** Default cap on rows written per minute. */
    public static final int DEFAULT_MAX_ROWS_PER_MINUTE = 600;
    static final int VALUE_CHARS = 200;

    private static final Logger LOG = LoggerFactory.getLogger(ShadowMismatchTable.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TABLE = CutoverSchema.SCHEMA + ".shadow_mismatches";
    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

    private final DataSource dataSource;
    private final int maxRowsPerMinute;
    private final AtomicLong skipped = new AtomicLong();
    private long windowStart = System.nanoTime();
    private int written;
    private volatile boolean failureLogged;

    private ShadowMismatchTable(DataSource dataSource, int maxRowsPerMinute) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        if (maxRowsPerMinute < 1) {
            throw new IllegalArgumentException("maxRowsPerMinute must be at least 1, was '" + maxRowsPerMinute + "'");
        }
        this.maxRowsPerMinute = maxRowsPerMinute;
    }

    /** Writes through the adapter's pool, at most {@value #DEFAULT_MAX_ROWS_PER_MINUTE} rows per minute. */
    public static ShadowMismatchTable of(PostgresAdapter adapter) {
        return of(adapter, DEFAULT_MAX_ROWS_PER_MINUTE);
    }

    public static ShadowMismatchTable of(PostgresAdapter adapter, int maxRowsPerMinute) {
        return new ShadowMismatchTable(adapter.connections().dataSource(), maxRowsPerMinute);
    }

    @Override
    public void mismatch(ShadowMismatch mismatch) {
        if (!admit()) {
            skipped.incrementAndGet();
            return;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO " + TABLE
                        + " (observed_at, repository, method, route, arguments, difference_count, differences)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?::jsonb)")) {
            insert.setTimestamp(1, Timestamp.from(mismatch.observedAt()));
            insert.setString(2, mismatch.method().repository());
            insert.setString(3, mismatch.method().method());
            insert.setString(4, mismatch.route().id());
            insert.setString(5, mismatch.arguments());
            insert.setInt(6, mismatch.total());
            insert.setString(7, differences(mismatch.differences()));
            insert.executeUpdate();
            failureLogged = false;
        } catch (SQLException | RuntimeException e) {
            if (!failureLogged) {
                failureLogged = true;
                LOG.warn("Could not keep a shadow-read mismatch in {} (logged once until an insert succeeds; is "
                        + "CutoverSchema.migrate run?): {}", TABLE, e.getMessage());
            }
        }
    }

    private synchronized boolean admit() {
        long now = System.nanoTime();
        if (now - windowStart >= MINUTE) {
            windowStart = now;
            written = 0;
        }
        if (written >= maxRowsPerMinute) {
            return false;
        }
        written++;
        return true;
    }

    /** Mismatches not written because the per-minute cap was reached. */
    public long skipped() {
        return skipped.get();
    }

    /**
     * The most recent rows, newest first.
     *
     * @throws DataAccessException if the table cannot be read
     */
    public List<Row> recent(int limit) {
        String sql = "SELECT observed_at, repository, method, route, arguments, difference_count, differences::text FROM "
                + TABLE + " ORDER BY observed_at DESC, id DESC LIMIT ?";
        try (Connection connection = dataSource.getConnection(); PreparedStatement query = connection.prepareStatement(sql)) {
            query.setInt(1, limit);
            List<Row> rows = new ArrayList<>();
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    rows.add(new Row(result.getTimestamp(1).toInstant(), result.getString(2), result.getString(3),
                            result.getString(4), result.getString(5), result.getInt(6), result.getString(7)));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new DataAccessException(Backend.POSTGRES, "Could not read " + TABLE + ": " + e.getMessage(), e);
        }
    }

    /**
     * Deletes the rows observed before {@code instant}.
     *
     * @return how many were deleted
     */
    public int deleteOlderThan(Instant instant) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement("DELETE FROM " + TABLE + " WHERE observed_at < ?")) {
            delete.setTimestamp(1, Timestamp.from(instant));
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw new DataAccessException(Backend.POSTGRES, "Could not delete from " + TABLE + ": " + e.getMessage(), e);
        }
    }

    static String differences(List<Difference> differences) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (Difference difference : differences) {
            ObjectNode row = array.addObject().put("path", difference.path());
            row.set("legacy", value(difference.legacy()));
            row.set("postgres", value(difference.postgres()));
        }
        try {
            return JSON.writeValueAsString(array);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Differences could not be written as JSON", e);
        }
    }

    /** JSON values stay JSON (a string, a number, a small object); anything else, or anything long, becomes shortened text. */
    private static JsonNode value(Object value) {
        if (value == null) {
            return NullNode.getInstance();
        }
        String text = String.valueOf(value).replace("\0", "\\0");
        if (text.length() > VALUE_CHARS) {
            return TextNode.valueOf(text.substring(0, VALUE_CHARS) + "...");
        }
        return value instanceof JsonNode node ? node : TextNode.valueOf(text);
    }

    @Override
    public String toString() {
        return "ShadowMismatchTable[" + TABLE + ", maxRowsPerMinute=" + maxRowsPerMinute + "]";
    }

    /**
     * One stored mismatch.
     *
     * @param differences the JSON array of listed differences, as text
     */
    public record Row(Instant observedAt, String repository, String method, String route, String arguments,
            int differenceCount, String differences) {
    }
}
