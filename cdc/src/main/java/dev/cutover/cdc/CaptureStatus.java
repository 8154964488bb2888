package dev.cutover.cdc;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What capture has done, as {@link ChangeCapture#status()} reads it: for {@code cutover cdc status}, status reports and
 * metrics. Counts are since this {@link ChangeCapture} started; pauses are read from the target database, so they
 * survive restarts.
 *
 * @param state             where capture is in its life
 * @param position          the log position of the last change applied (the source's own terms), or {@code null}
 *     before the first
 * @param lastCommittedAt   when the legacy database committed the last change applied, or {@code null}
 * @param lag               how far behind the legacy database's commits the last batch was when it was applied (its
 *     newest change's commit time to the moment its keys were in the outbox); zero before the first
 * @param eventsBehind      changes received and not in the outbox: held for paused tables (durably, in PostgreSQL)
 * @param changesReceived   row changes and schema events the feed delivered
 * @param keysQueued        outbox entries recorded (a key change counts two)
 * @param notCaptured       changes of tables whose writes were routed to PostgreSQL as primary when they were committed
 *     ({@code postgres-dual}, {@code postgres}): there the application's own dual-write writes legacy, and those writes
 *     are not copied back
 * @param unmappedTables    changes per legacy table that no mapping covers: counted and logged once per table, never
 *     applied (the feed should not deliver them; widen the mappings or narrow the feed's table list)
 * @param pausedTables      tables whose changes are held after a schema change, a TRUNCATE, a statement-format event
 *     or a key that could not be read; {@link ChangeCapture#resume} applies what they hold
 * @param failure           why capture stopped, or {@code null}
 */
public record CaptureStatus(State state, String position, Instant lastCommittedAt, Duration lag, long eventsBehind,
        long changesReceived, long keysQueued, long notCaptured, Map<String, Long> unmappedTables,
        List<PausedTable> pausedTables, String failure) {

    public CaptureStatus {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(lag, "lag");
        unmappedTables = Map.copyOf(unmappedTables);
        pausedTables = List.copyOf(pausedTables);
    }

    /** {@link #lag} in seconds, with milliseconds. */
    public double lagSeconds() {
        return lag.toMillis() / 1000.0;
    }

    /** Where capture is in its life. */
    public enum State {
        /** Built, not started. */
        NEW,
        /** The feed delivers changes. */
        RUNNING,
        /** {@link ChangeCapture#stop()} was called. */
        STOPPED,
        /** Applying a batch failed: the feed stopped without committing its position; {@link CaptureStatus#failure} says why. */
        FAILED
    }

    /**
     * A table whose changes are held, not applied and not dropped.
     *
     * @param table        the mapping's table
     * @param legacyTable  the legacy table, as the log names it
     * @param reason       what paused it: the event (a DDL statement, TRUNCATE, a statement-format event) or the key
     *     that could not be read, with its position
     * @param since        when capture paused it
     * @param heldChanges  changes held since, applied by {@link ChangeCapture#resume}
     * @param schemaCheck  what the schema check found when it paused (empty: the table still fits its mapping)
     */
    public record PausedTable(String table, String legacyTable, String reason, Instant since, long heldChanges,
            List<String> schemaCheck) {
        public PausedTable {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(reason, "reason");
            schemaCheck = List.copyOf(schemaCheck);
        }
    }
}
