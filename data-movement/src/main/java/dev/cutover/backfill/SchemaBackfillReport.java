package dev.cutover.backfill;

import dev.cutover.sequences.SequenceMove;
import java.util.List;

/**
 * What a {@link SchemaBackfill#run()} did.
 *
 * @param run the run's name
 * @param order the tables in the order they were copied, parents first
 * @param tables one report per table, in that order
 * @param restoredForeignKeys the foreign keys dropped while copying (in a cycle or self-referencing), restored and
 *     validated at the end
 * @param orphans rows the restored foreign keys refused (their parent was quarantined or is missing), moved to the
 *     quarantine of their table's run, with the rows that referenced them
 * @param sequences every identity and owned sequence of the tables, as the run left them
 */
public record SchemaBackfillReport(String run, List<String> order, List<BackfillReport> tables,
        List<ForeignKey> restoredForeignKeys, List<QuarantinedRow> orphans, List<SequenceMove> sequences) {

    public SchemaBackfillReport {
        order = List.copyOf(order);
        tables = List.copyOf(tables);
        restoredForeignKeys = List.copyOf(restoredForeignKeys);
        orphans = List.copyOf(orphans);
        sequences = List.copyOf(sequences);
    }

    /** Rows quarantined in this call, over every table, orphans included. */
    public long rowsQuarantined() {
        return tables.stream().mapToLong(BackfillReport::rowsQuarantined).sum() + orphans.size();
    }
}
