package dev.cutover.backfill.internal;

import dev.cutover.backfill.BackfillException;
import dev.cutover.backfill.BackfillSource;
import dev.cutover.backfill.QuarantinedRow;
import dev.cutover.backfill.internal.ChunkTable.Chunk;
import dev.cutover.mapping.spi.KeyJson;
import dev.cutover.postgres.copy.CopyRows;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies one chunk in one transaction (lock its row, read, check, COPY, quarantine, mark done, commit), and reads a
 * chunk's range into a {@link ChunkWriter.Stream} for {@link QuarantineRetrier} too. Thread-safe: the state of a
 * chunk lives in its {@link ChunkReader} and {@link ChunkWriter.Outcome}.
 */
final class ChunkCopy {
    private static final Logger LOG = LoggerFactory.getLogger(dev.cutover.backfill.Backfill.class);
    private final RunContext<?, ?> context;

    ChunkCopy(RunContext<?, ?> context) {
        this.context = context;
    }

    /** Copies the chunk this owner leased, unless another worker took it over meanwhile. */
    void copy(Chunk chunk, String owner, RunState state, CopyRows buffer) {
        buffer.clear();
        ChunkReader reader = new ChunkReader(context, chunk.number(), buffer);
        ChunkWriter.Outcome outcome = new ChunkWriter.Outcome(context.config.maxQuarantinedPerChunk());
        List<QuarantinedRow> finalQuarantine = new ArrayList<>();
        boolean done = context.inTransaction("copy of chunk " + chunk.number(), connection -> {
            if (!context.chunks.lockOwned(RunContext.relaxed(connection), chunk.number(), owner)) {
                return false; // another worker took it over after this lease expired
            }
            try {
                if (!passThrough(chunk, outcome, state, connection)) {
                    readAndWrite(chunk, reader, reader, outcome, state, connection);
                }
            } catch (SQLException | RuntimeException | Error e) {
                if (reader.stream != null) {
                    reader.stream.abort(e);
                }
                if (e instanceof ChunkWriter.TooManyRefused tooMany) {
                    throw tooMany(chunk, tooMany.getMessage(), keepRecords(chunk, reader, outcome));
                }
                throw e;
            }
            List<QuarantinedRow> quarantined = stamped(chunk.number(), reader, outcome, context.config.clock().instant());
            context.chunks.forgetQuarantined(connection, chunk.number()); // records of an attempt that stopped
            context.chunks.quarantine(connection, quarantined);
            context.chunks.complete(connection, chunk.number(), owner, outcome.copied, outcome.skipped, quarantined.size(),
                    context.config.clock().instant());
            finalQuarantine.addAll(quarantined);
            return true;
        });
        if (!done) {
            return;
        }
        state.copied.addAndGet(outcome.copied);
        state.passedThrough.addAndGet(outcome.passedThrough);
        state.skipped.addAndGet(outcome.skipped);
        state.quarantined.addAndGet(finalQuarantine.size());
        state.chunksDone.incrementAndGet();
        synchronized (state) {
            for (QuarantinedRow row : finalQuarantine) {
                context.config.listener().onQuarantined(row);
            }
            context.config.listener().onProgress(state.progress());
        }
    }

    /** The rows set aside before sending and those the server refused, stamped {@code now}. */
    private List<QuarantinedRow> stamped(int chunk, ChunkReader reader, ChunkWriter.Outcome outcome, Instant now) {
        List<QuarantinedRow> quarantined = new ArrayList<>();
        for (QuarantinedRow q : reader.quarantined) {
            quarantined.add(new QuarantinedRow(q.run(), q.entity(), q.key(), q.chunk(), q.reason(), q.sqlState(),
                    q.rawValue(), now));
        }
        for (ChunkWriter.Refused refused : outcome.refused) {
            quarantined.add(new QuarantinedRow(context.run, context.entity, KeyJson.encode(refused.key()), chunk,
                    refused.reason(), refused.sqlState(), Sanitize.text(refused.raw()), now));
        }
        return quarantined;
    }

    /**
     * A chunk that stops the run still leaves the records it made: written in a transaction of their own (the chunk's
     * is rolled back), so that {@code quarantine list} shows why; redoing the chunk replaces them. Returns how many.
     */
    private int keepRecords(Chunk chunk, ChunkReader reader, ChunkWriter.Outcome outcome) {
        List<QuarantinedRow> rows = stamped(chunk.number(), reader, outcome, context.config.clock().instant());
        try {
            context.inTransaction("keeping the quarantine records of chunk " + chunk.number(), connection -> {
                context.chunks.quarantine(connection, rows);
                return null;
            });
            return rows.size();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /**
     * Copies the chunk with {@link PassThrough} under a savepoint, if the table has one. A row the target refuses (or
     * already has) rolls it back and returns {@code false}: the chunk is then copied value by value, which quarantines
     * the bad rows (or inserts only the missing ones) as usual.
     */
    private boolean passThrough(Chunk chunk, ChunkWriter.Outcome outcome, RunState state, Connection connection)
            throws SQLException {
        PassThrough passThrough = context.passThrough;
        if (passThrough == null) {
            return false;
        }
        boolean staged = context.writer.staged();
        long start = System.nanoTime();
        Savepoint savepoint = connection.setSavepoint();
        try {
            if (staged) {
                context.writer.prepareStage(connection);
            }
            long rows = passThrough.copy(connection, chunk.lower(), chunk.upper(), context.writer.binaryCopySql(staged));
            if (rows < 0) {
                connection.rollback(savepoint);
                return false;
            }
            long inserted = staged ? context.writer.insertMissing(connection) : rows;
            connection.releaseSavepoint(savepoint);
            outcome.copied += inserted;
            outcome.skipped += rows - inserted;
            outcome.passedThrough += rows;
            return true;
        } catch (SQLException e) {
            if (!ChunkWriter.isRowError(e.getSQLState())) {
                throw e;
            }
            connection.rollback(savepoint);
            LOG.debug("Backfill {} of {}: chunk {} copied value by value after pass-through met: {}", context.run,
                    context.entity, chunk.number(), e.getMessage());
            return false;
        } finally {
            state.writeNanos.addAndGet(System.nanoTime() - start);
        }
    }

    /** Reads the chunk's rows by keyset pages, never stopping at a short page, streaming them into the COPY. */
    void readAndWrite(Chunk chunk, ChunkReader reader, BackfillSource.RowVisitor visitor, ChunkWriter.Outcome outcome,
            RunState state, Connection connection) throws SQLException {
        Object[] after = chunk.lower();
        int shortPage = 0;
        int chunkSize = context.config.chunkSize();
        reader.stream = context.writer.stream(connection, outcome);
        while (true) {
            long readStart = System.nanoTime();
            BackfillSource.Page page = context.source.read(after, chunk.upper(), chunkSize, visitor);
            state.readNanos.addAndGet(System.nanoTime() - readStart);
            outcome.quarantinedBeforeSending = reader.quarantined.size();
            if (reader.quarantined.size() > context.config.maxQuarantinedPerChunk()) {
                throw new ChunkWriter.TooManyRefused(reader.quarantined.get(0).reason());
            }
            if (page.rows() > 0 && shortPage > 0) {
                state.pageCap.accumulateAndGet(shortPage, Math::max);
                state.warnPageCap(shortPage, context.source.description());
            }
            if (page.passedUpperBound() || page.rows() == 0) {
                break;
            }
            if (reader.rows.rows() >= chunkSize) {
                flush(reader, outcome, state); // a chunk that grew since it was planned: keep memory bounded
                reader.stream = context.writer.stream(connection, outcome);
            }
            shortPage = page.rows() < chunkSize ? page.rows() : 0;
            after = page.lastKey();
        }
        flush(reader, outcome, state);
    }

    private static void flush(ChunkReader reader, ChunkWriter.Outcome outcome, RunState state) throws SQLException {
        long start = System.nanoTime();
        reader.stream.finish(reader.rows, reader.keys, outcome);
        reader.stream = null;
        state.writeNanos.addAndGet(System.nanoTime() - start);
        reader.rows.clear();
        reader.keys.clear();
    }

    private BackfillException tooMany(Chunk chunk, String firstReason, int kept) {
        String run = context.run;
        return new BackfillException(run, context.entity, "chunk " + chunk.number() + " had more than "
                + context.config.maxQuarantinedPerChunk() + " rows to set aside (the first: " + firstReason + "); so many "
                + "look like a schema or mapping problem rather than bad rows: fix it, or raise maxQuarantinedPerChunk"
                + (kept == 0 ? "" : "; the " + kept + " rows set aside so far are in the quarantine of run '" + run
                        + "' (cutover quarantine list --run " + run + ") and the chunk will be copied again"), null);
    }
}
