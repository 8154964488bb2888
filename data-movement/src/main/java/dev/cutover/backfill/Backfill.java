package dev.cutover.backfill;

import dev.cutover.backfill.internal.DefaultBackfill;
import dev.cutover.postgres.PostgresAdapter;
import java.util.List;
import java.util.Objects;

/**
 * Copies one entity from a source (the legacy database) into its PostgreSQL table, resumably and next to
 * live writes.
 *
 * <pre>{@code
 * Backfill<Client, Long> backfill = Backfill.of("clients-2026-11",
 *         BackfillSource.legacy(legacy, legacy.store(CLIENTS, LegacyTables.CLIENTS)), postgres,
 *         BackfillConfig.custom().workers(2).build());
 * BackfillReport report = backfill.run();   // run it again after a crash: it resumes
 * }</pre>
 *
 * <p>How: the key space is split once into chunks of about {@code chunkSize} rows by walking the source's
 * keys (keyset, never OFFSET), recorded in {@code cutover.backfill_chunks}. Workers (threads, processes,
 * machines sharing the target database) lease chunks with {@code FOR UPDATE SKIP LOCKED}; a dead worker's
 * lease expires and another takes the chunk over. A chunk is read from the source by keyset pages, never
 * stopping at a short page (a source that caps its pages is read on past the cap and the cap is reported),
 * checked value by value, encoded in COPY text and written with {@code COPY} in one transaction that also
 * marks the chunk done: a run stopped at any instant resumes with no duplicate and no gap, and a finished run
 * run again changes nothing. A batch the server refuses is split in halves until the bad rows are found;
 * they go to {@code cutover.backfill_quarantine} with the reason and the rest commits. Rows the target
 * already has are never overwritten (see {@link LiveSafety}).
 *
 * <p>Needs {@link dev.cutover.postgres.CutoverSchema#migrate} run on the target first. Thread-safe: one
 * instance may be run from several threads, though {@code workers} is the usual way.
 *
 * @param <E> the entity type
 * @param <K> the key type
 */
public interface Backfill<E, K> {

    /**
     * A backfill of {@code source}'s entity into its table in {@code target} (the adapter's schema), as run
     * {@code run}: every process that names the same run and entity shares its chunks.
     *
     * @throws dev.cutover.schema.SchemaMismatchException if the target table does not fit the mapping
     * @throws IllegalArgumentException for a bad run name or a cleaning rule on an unknown column
     */
    static <E, K> Backfill<E, K> of(String run, BackfillSource<E, K> source, PostgresAdapter target, BackfillConfig config) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(config, "config");
        return DefaultBackfill.create(run, source, target, config);
    }

    /** The run's name. */
    String runName();

    /**
     * The run's chunks: planned by walking the source's keys if no worker did yet (one worker plans, the
     * others wait for it), else read back.
     *
     * @throws BackfillException if the run was planned with another chunk size or target table
     */
    BackfillPlan plan();

    /**
     * Plans if needed, then works until no chunk is left to claim (waiting for chunks other workers hold,
     * unless {@link BackfillConfig#waitForOtherWorkers()} is off).
     *
     * @throws BackfillException if a database call failed; finished chunks stay finished
     */
    BackfillReport run();

    /** The run's state in its tables, across every worker. */
    BackfillStatus status();

    /** The rows set aside, in key order. */
    List<QuarantinedRow> quarantine();

    /**
     * Copies the run's quarantined rows again, once they are fixed (in the source, or in the target's schema): each
     * chunk holding some is read again from the source, and its quarantined rows alone are checked and written as
     * {@link #run()} writes them, never overwriting a row the target has. A row that now passes leaves the quarantine
     * (so does one the source no longer has); one that fails again stays, with its new reason and time. Each chunk's
     * rows, quarantine and counts change in one transaction, its row locked against another retry. Run it when the
     * run is complete: a chunk not done yet has no quarantined rows to retry.
     *
     * @throws BackfillException if a database call failed; chunks retried before stay retried
     */
    QuarantineRetry retryQuarantined();

    /**
     * The runs planned for an entity (the mapping's table) in the target's tables, oldest first: to find what a
     * {@link #quarantine()} or {@link #retryQuarantined()} may apply to.
     *
     * @throws dev.cutover.DataAccessException if the tables cannot be read (for one, if they were not migrated)
     */
    static List<BackfillPlan> runs(PostgresAdapter target, String entity) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(entity, "entity");
        return DefaultBackfill.runs(target, entity);
    }

    /**
     * The rows a run of an entity quarantined, read from the target's tables alone (no source needed): what
     * {@link #quarantine()} returns on that run's backfill.
     *
     * @throws dev.cutover.DataAccessException if the tables cannot be read (for one, if they were not migrated)
     */
    static List<QuarantinedRow> quarantine(PostgresAdapter target, String run, String entity) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(entity, "entity");
        return DefaultBackfill.quarantine(target, run, entity);
    }
}
