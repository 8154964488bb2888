package dev.cutover.backfill.internal;

import dev.cutover.Backend;
import dev.cutover.DataAccessException;
import dev.cutover.backfill.Backfill;
import dev.cutover.backfill.BackfillConfig;
import dev.cutover.backfill.BackfillException;
import dev.cutover.backfill.BackfillPlan;
import dev.cutover.backfill.BackfillReport;
import dev.cutover.backfill.BackfillSource;
import dev.cutover.backfill.BackfillStatus;
import dev.cutover.backfill.QuarantineRetry;
import dev.cutover.backfill.QuarantinedRow;
import dev.cutover.backfill.internal.ChunkTable.Chunk;
import dev.cutover.mapping.EntityMapping;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.postgres.copy.CopyRows;
import dev.cutover.sequences.SequenceException;
import dev.cutover.sequences.SequenceMove;
import dev.cutover.sequences.Sequences;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Backfill} of {@link Backfill#of}: plans, runs the workers and finishes the run; a chunk's copy is
 * {@link ChunkCopy}'s, a retry {@link QuarantineRetrier}'s. Thread-safe: every run keeps its state in its own objects.
 */
public final class DefaultBackfill<E, K> implements Backfill<E, K> {
    private static final Logger LOG = LoggerFactory.getLogger(Backfill.class);
    /** Keys per planning query of a source that reads keys only. */
    private static final int PLAN_PAGE = 100_000;

    private final RunContext<E, K> context;
    private final String run;
    private final String entity;
    private final BackfillConfig config;
    private final ChunkCopy copy;

    private DefaultBackfill(RunContext<E, K> context) {
        this.context = context;
        this.run = context.run;
        this.entity = context.entity;
        this.config = context.config;
        this.copy = new ChunkCopy(context);
    }

    public static <E, K> DefaultBackfill<E, K> create(String run, BackfillSource<E, K> source, PostgresAdapter adapter,
            BackfillConfig config) {
        if (run == null || run.isBlank() || run.length() > 200 || run.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("Backfill run name must be 1 to 200 characters, not blank, was "
                    + (run == null ? "null" : "'" + Sanitize.text(run) + "'"));
        }
        EntityMapping<E, K> mapping = source.mapping();
        adapter.store(mapping); // checks the target table against the mapping, once per adapter
        List<UnaryOperator<Object>> rules = new ArrayList<>(Collections.nCopies(mapping.columns().size(), null));
        config.cleaningRules().forEach((column, rule) -> rules.set(mapping.indexOf(column), rule));
        boolean[] asBytes = new boolean[mapping.columns().size()];
        for (int i = 0; i < asBytes.length; i++) {
            asBytes[i] = rules.get(i) == null; // a cleaning rule gets the value as its canonical type
        }
        BackfillSource<E, K> tuned = source instanceof LegacyBackfillSource<E, K> legacy
                ? legacy.tuned(config.fetchSize(), asBytes) : source;
        return new DefaultBackfill<>(new RunContext<>(run, tuned, adapter, config, rules,
                passThrough(run, tuned, adapter, config)));
    }

    /** The table's {@link PassThrough}, if it is on and applies; says which way the table goes. */
    private static PassThrough passThrough(String run, BackfillSource<?, ?> source, PostgresAdapter adapter,
            BackfillConfig config) {
        String entity = source.mapping().table();
        if (!config.passThrough() || !(source instanceof LegacyBackfillSource<?, ?> legacy)) {
            return null;
        }
        if (!config.cleaningRules().isEmpty()) {
            LOG.info("Backfill {} of {}: value by value (a cleaning rule is set)", run, entity);
            return null;
        }
        try (Connection connection = adapter.connections().dataSource().getConnection()) {
            PassThrough.Decision decision = PassThrough.of(legacy, connection, adapter.schema(), entity,
                    source.mapping().columns());
            LOG.info("Backfill {} of {}: {} ({})", run, entity, decision.passThrough().isPresent()
                    ? "pass-through, COPY (FORMAT binary) from the legacy table straight into the target" : "value by value",
                    decision.reason());
            return decision.passThrough().orElse(null);
        } catch (SQLException e) {
            throw new DataAccessException(Backend.POSTGRES, "Backfill " + run + " of " + entity + ": reading the target's "
                    + "column types failed: " + e.getMessage(), e);
        }
    }

    RunContext<E, K> context() {
        return context;
    }

    @Override
    public String runName() {
        return run;
    }

    @Override
    public BackfillPlan plan() {
        BackfillPlan plan = context.inTransaction("plan", connection -> {
            context.chunks.lockPlanning(connection);
            Optional<BackfillPlan> existing = context.chunks.findPlan(connection);
            if (existing.isPresent()) {
                return existing.get();
            }
            long started = System.nanoTime();
            long[] keys = {0};
            List<Object[]> boundaries = boundaries(keys);
            BackfillPlan planned = new BackfillPlan(run, entity, context.source.description(), context.targetTable,
                    config.chunkSize(), boundaries.size() + 1, keys[0], config.workerName(), config.clock().instant());
            context.chunks.insertPlan(connection, planned, boundaries);
            LOG.info("Backfill {} of {}: planned {} chunks of about {} rows from {} in {} ms", run, entity, planned.chunks(),
                    planned.chunkSize(), planned.source(), (System.nanoTime() - started) / 1_000_000);
            return planned;
        });
        if (!plan.targetTable().equals(context.targetTable)) {
            throw new BackfillException(run, entity, "Backfill run '" + run + "' of " + entity + " was planned into "
                    + plan.targetTable() + ", not " + context.targetTable + "; use another run name for another target", null);
        }
        return plan;
    }

    /**
     * The last key of every {@code chunkSize} keys, walking the source's keys; never trusting a short page as the
     * end. Counts the keys too: the row estimate, without a {@code count(*)} of its own.
     */
    private List<Object[]> boundaries(long[] keys) {
        List<Object[]> boundaries = new ArrayList<>();
        BackfillSource<E, K> source = context.source;
        if (source instanceof LegacyBackfillSource<E, K> legacy) {
            // The database picks every chunkSize-th key itself: one round trip rather than every key sent over.
            OptionalLong rows = legacy.boundaries(config.chunkSize(), boundaries::add);
            if (rows.isPresent()) {
                keys[0] = rows.getAsLong();
                if (!boundaries.isEmpty() && (long) boundaries.size() * config.chunkSize() >= keys[0]) {
                    boundaries.remove(boundaries.size() - 1); // the last chunk is open-ended, as below
                }
                return boundaries;
            }
        }
        int pageSize = source instanceof LegacyBackfillSource ? Math.max(PLAN_PAGE, config.chunkSize()) : config.chunkSize();
        int[] inChunk = {0};
        Object[] after = null;
        while (true) {
            BackfillSource.Page page = source.keys(after, pageSize, key -> {
                keys[0]++;
                if (++inChunk[0] == config.chunkSize()) {
                    boundaries.add(key);
                    inChunk[0] = 0;
                }
            });
            if (page.rows() == 0) {
                break;
            }
            after = page.lastKey();
        }
        if (inChunk[0] == 0 && !boundaries.isEmpty()) {
            boundaries.remove(boundaries.size() - 1); // the last chunk is open-ended: it also takes keys added later
        }
        return boundaries;
    }

    @Override
    public BackfillReport run() {
        BackfillPlan plan = plan();
        BackfillStatus before = status();
        config.listener().onStart(plan, before);
        RunState state = new RunState(context, plan, before);
        String prefix = config.workerName() + "/" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < config.workers(); i++) {
            String owner = prefix + "#" + i;
            Thread thread = new Thread(() -> work(owner, state), "cutover-backfill-" + entity + "-" + i);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                state.failed.set(true);
                Thread.currentThread().interrupt();
            }
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - state.startNanos);
        BackfillStatus after = status();
        if (state.failure != null) {
            throw new BackfillException(run, entity, "Backfill run '" + run + "' of " + entity + " stopped after "
                    + state.chunksDone.get() + " chunks: " + state.failure.getMessage()
                    + "; finished chunks stay finished, run it again to resume", state.failure);
        }
        if (after.complete()) {
            requireSomeRowsCopied(after);
        }
        List<SequenceMove> sequences = after.complete() && config.resetSequences() ? resetSequences() : List.of();
        long done = state.copied.get() + state.skipped.get() + state.quarantined.get();
        double seconds = Math.max(elapsed.toNanos(), 1) / 1e9;
        BackfillReport report = new BackfillReport(run, entity, state.copied.get(), state.passedThrough.get(),
                state.skipped.get(),
                state.quarantined.get(), state.chunksDone.get(), after.chunksTotal() - after.chunksDone(), elapsed,
                done / seconds, state.pageCap.get() > 0 ? OptionalInt.of(state.pageCap.get()) : OptionalInt.empty(),
                sequences);
        LOG.info("Backfill {} of {}: {}; workers spent {} ms reading and checking, {} ms writing", run, entity, report,
                state.readNanos.get() / 1_000_000, state.writeNanos.get() / 1_000_000);
        config.listener().onFinish(report, after);
        return report;
    }

    /** A run whose every row went to the quarantine stops loudly: that is a schema or mapping problem, not bad rows. */
    private void requireSomeRowsCopied(BackfillStatus status) {
        if (status.rowsQuarantined() == 0 || status.rowsCopied() + status.rowsSkipped() > 0) {
            return;
        }
        List<QuarantinedRow> rows = quarantine();
        String first = rows.isEmpty() ? "" : " (the first, key " + rows.get(0).key() + ": " + rows.get(0).reason() + ")";
        throw new BackfillException(run, entity, "Backfill run '" + run + "' of " + entity + " set aside every one of its "
                + status.rowsQuarantined() + " rows" + first + "; a table none of whose rows fit looks like a schema or "
                + "mapping problem rather than bad rows. The rows are in the quarantine (cutover quarantine list --run "
                + run + "); fix the cause, then copy them with cutover quarantine retry --run " + run
                + " (Backfill.retryQuarantined())", null);
    }

    private List<SequenceMove> resetSequences() {
        try {
            List<SequenceMove> moves = Sequences.of(context.adapter).reset(List.of(context.mapping.table()));
            moves.stream().filter(SequenceMove::moved).forEach(m -> LOG.info("Backfill {} of {}: sequence {} moved from {} "
                    + "to {} (next value past the copied {})", run, entity, m.sequence(), m.nextBefore(), m.nextAfter(),
                    m.columnMax().orElse(0)));
            return moves;
        } catch (SequenceException | DataAccessException e) {
            throw new BackfillException(run, entity, "Backfill run '" + run + "' of " + entity + " copied every chunk, but "
                    + "its sequences could not be moved past the copied values: " + e.getMessage() + "; once fixed, run "
                    + "'cutover sequences reset " + entity + "' (Sequences.reset)", e);
        }
    }

    private void work(String owner, RunState state) {
        // One buffer per worker for all its chunks: a chunk's rows are megabytes, which G1 allocates as humongous
        // objects straight in the old generation; a new buffer per chunk would cost an old collection per chunk.
        CopyRows buffer = new CopyRows(Math.min(config.chunkSize(), 100_000) * 700);
        while (!state.failed.get()) {
            long seen = state.finishedCount();
            Optional<Chunk> claimed;
            try {
                Instant now = config.clock().instant();
                claimed = context.inTransaction("claim", connection -> context.chunks.claim(RunContext.relaxed(connection),
                        owner, now, now.plus(config.leaseDuration())));
            } catch (RuntimeException e) {
                state.fail(e);
                return;
            }
            if (claimed.isPresent()) {
                Chunk chunk = claimed.get();
                try {
                    copy.copy(chunk, owner, state, buffer);
                } catch (RuntimeException | Error e) {
                    state.fail(e);
                    try {
                        context.inTransaction("release", connection -> {
                            context.chunks.release(connection, chunk.number(), owner);
                            return null;
                        });
                    } catch (RuntimeException releaseFailure) {
                        e.addSuppressed(releaseFailure);
                    }
                    return;
                } finally {
                    state.chunkFinished();
                }
                continue;
            }
            BackfillStatus now;
            try {
                now = status();
            } catch (RuntimeException e) {
                state.fail(e);
                return;
            }
            if (now.complete() || !config.waitForOtherWorkers()) {
                return;
            }
            try {
                // Woken as soon as a worker of this process is done with its chunk; the interval bounds the wait
                // for chunks that other processes hold.
                state.awaitChunkFinished(seen, config.pollInterval().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public QuarantineRetry retryQuarantined() {
        List<QuarantinedRow> rows = quarantine();
        if (rows.isEmpty()) { // nothing to read: and a run that does not exist is not planned by asking
            return new QuarantineRetry(run, entity, 0, 0, 0, 0, List.of());
        }
        // The run's totals are not reported by a retry: no status read.
        return new QuarantineRetrier(context, copy).retry(rows, new RunState(context, plan()));
    }

    /** {@link Backfill#runs}. */
    public static List<BackfillPlan> runs(PostgresAdapter target, String entity) {
        try (Connection connection = target.connections().dataSource().getConnection()) {
            return ChunkTable.plans(connection, entity);
        } catch (SQLException e) {
            throw new DataAccessException(Backend.POSTGRES, "Reading the backfill runs of " + entity + " failed: "
                    + e.getMessage(), e);
        }
    }

    /** {@link Backfill#quarantine(PostgresAdapter, String, String)}. */
    public static List<QuarantinedRow> quarantine(PostgresAdapter target, String run, String entity) {
        try (Connection connection = target.connections().dataSource().getConnection()) {
            return new ChunkTable(run, entity, List.of()).quarantined(connection); // reading needs no key columns
        } catch (SQLException e) {
            throw new DataAccessException(Backend.POSTGRES, "Reading the quarantined rows of " + entity + " (run " + run
                    + ") failed: " + e.getMessage(), e);
        }
    }

    @Override
    public BackfillStatus status() {
        return context.inTransaction("status", connection -> {
            long estimate = context.chunks.findPlan(connection).map(BackfillPlan::rowsEstimate).orElse(0L);
            return context.chunks.status(connection, estimate);
        });
    }

    @Override
    public List<QuarantinedRow> quarantine() {
        return context.inTransaction("quarantine", context.chunks::quarantined);
    }

    @Override
    public String toString() {
        return "Backfill[" + run + ", " + context.source.description() + " -> " + context.targetTable + ", " + config + "]";
    }
}
