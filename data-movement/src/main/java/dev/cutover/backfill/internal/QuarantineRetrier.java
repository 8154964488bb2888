package dev.cutover.backfill.internal;

import dev.cutover.backfill.Backfill;
import dev.cutover.backfill.BackfillException;
import dev.cutover.backfill.BackfillSource;
import dev.cutover.backfill.QuarantineRetry;
import dev.cutover.backfill.QuarantinedRow;
import dev.cutover.backfill.internal.ChunkTable.Chunk;
import dev.cutover.mapping.spi.KeyJson;
import dev.cutover.postgres.copy.CopyRows;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link Backfill#retryQuarantined()}: each chunk holding quarantined rows read again, only those rows written. */
final class QuarantineRetrier {
    private static final Logger LOG = LoggerFactory.getLogger(Backfill.class);

    private final RunContext<?, ?> context;
    private final ChunkCopy copy;

    QuarantineRetrier(RunContext<?, ?> context, ChunkCopy copy) {
        this.context = context;
        this.copy = copy;
    }

    QuarantineRetry retry(List<QuarantinedRow> rows, RunState state) {
        String run = context.run;
        String entity = context.entity;
        Map<Integer, List<QuarantinedRow>> byChunk = new TreeMap<>();
        rows.forEach(row -> byChunk.computeIfAbsent(row.chunk(), c -> new ArrayList<>()).add(row));
        CopyRows buffer = new CopyRows(64 * 1024);
        long[] totals = new long[3]; // copied, already present, gone
        List<QuarantinedRow> still = new ArrayList<>();
        for (Map.Entry<Integer, List<QuarantinedRow>> chunk : byChunk.entrySet()) {
            try {
                still.addAll(retry(chunk.getKey(), chunk.getValue(), state, buffer, totals));
            } catch (RuntimeException e) {
                throw new BackfillException(run, entity, "Retrying the quarantined rows of backfill run '" + run + "' of "
                        + entity + " stopped at chunk " + chunk.getKey() + ": " + e.getMessage()
                        + "; chunks retried before stay retried, run it again to go on", e);
            }
        }
        QuarantineRetry retry = new QuarantineRetry(run, entity, rows.size(), totals[0], totals[1], totals[2], still);
        LOG.info("Backfill {} of {}: retried {} quarantined rows: {} copied, {} already present, {} gone from the source, "
                + "{} still quarantined", run, entity, rows.size(), totals[0], totals[1], totals[2], still.size());
        return retry;
    }

    /**
     * Reads the chunk's range again and writes only its quarantined rows, in one transaction with the chunk's row
     * locked; the rows that fail again are returned.
     */
    private List<QuarantinedRow> retry(int number, List<QuarantinedRow> quarantined, RunState state, CopyRows buffer,
            long[] totals) {
        Set<String> wanted = new LinkedHashSet<>();
        quarantined.forEach(row -> wanted.add(KeyJson.encode(KeyJson.decode(row.key(), context.mapping.keyColumns()))));
        buffer.clear();
        ChunkReader reader = new ChunkReader(context, number, buffer);
        // At most the chunk's quarantined rows are sent, which were under the limit once: never stop for it here.
        ChunkWriter.Outcome outcome = new ChunkWriter.Outcome(Integer.MAX_VALUE / 2);
        Set<String> seen = new HashSet<>();
        BackfillSource.RowVisitor onlyWanted = new BackfillSource.RowVisitor() {
            @Override
            public void row(Object[] values) {
                String text = KeyJson.encode(context.keyOf(values));
                if (wanted.contains(text)) {
                    seen.add(text);
                    reader.row(values);
                }
            }

            @Override
            public void unreadable(Object[] key, String raw, String reason) {
                String text = KeyJson.encode(key);
                if (wanted.contains(text)) {
                    seen.add(text);
                    reader.unreadable(key, raw, reason);
                }
            }
        };
        List<QuarantinedRow> still = context.inTransaction("retry of the quarantined rows of chunk " + number, connection -> {
            Optional<Chunk> chunk = context.chunks.lockDone(connection, number);
            if (chunk.isEmpty()) {
                return List.<QuarantinedRow>of(); // the run was deleted or replanned meanwhile
            }
            try {
                copy.readAndWrite(chunk.get(), reader, onlyWanted, outcome, state, connection);
            } catch (SQLException | RuntimeException | Error e) {
                if (reader.stream != null) {
                    reader.stream.abort(e);
                }
                throw e;
            }
            Instant now = context.config.clock().instant();
            List<QuarantinedRow> failed = new ArrayList<>();
            for (QuarantinedRow row : reader.quarantined) {
                failed.add(new QuarantinedRow(context.run, context.entity, row.key(), number, row.reason(), row.sqlState(),
                        row.rawValue(), now));
            }
            for (ChunkWriter.Refused refused : outcome.refused) {
                failed.add(new QuarantinedRow(context.run, context.entity, KeyJson.encode(refused.key()), number,
                        refused.reason(), refused.sqlState(), Sanitize.text(refused.raw()), now));
            }
            Set<String> failedKeys = new HashSet<>();
            failed.forEach(row -> failedKeys.add(row.key()));
            List<String> released = wanted.stream().filter(key -> !failedKeys.contains(key)).toList();
            context.chunks.unquarantine(connection, released);
            context.chunks.quarantine(connection, failed);
            context.chunks.addCounts(connection, number, outcome.copied, outcome.skipped, -released.size());
            return failed;
        });
        totals[0] += outcome.copied;
        totals[1] += outcome.skipped;
        totals[2] += wanted.size() - seen.size();
        return still;
    }
}
