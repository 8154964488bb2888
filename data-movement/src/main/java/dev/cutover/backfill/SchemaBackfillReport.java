package dev.cutover.backfill;

import dev.cutover.sequences.SequenceMove;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@link SchemaBackfill#run()} did.
 *
 * @param run the run's name
 * @param order the tables in the order they were copied, parents first
 * @param tables one report per table, in that order
 * @param restoredForeignKeys the foreign keys dropped while copying (in a cycle or self-referencing, or of a table
 *     bulk-loaded), restored and validated at the end
 * @param orphans rows the restored foreign keys refused (their parent was quarantined or is missing), moved to the
 *     quarantine of their table's run, with the rows that referenced them
 * @param sequences every identity and owned sequence of the tables, as the run left them
 * @param phases where the run's time went: the wall-clock time of each step, in order ("catalog read", "keys and
 *     indexes dropped", "tables copied", "indexes and keys restored after the copy", "foreign keys left restored"), and
 *     sums over jobs that overlap the copy: "planning, summed over tables", "index builds, summed" and "key restores
 *     while copying, summed" (a bulk-loaded table's indexes are built as soon as it is copied, and a dropped key is
 *     restored as soon as its two tables are, while other tables copy)
 */
public record SchemaBackfillReport(String run, List<String> order, List<BackfillReport> tables,
        List<ForeignKey> restoredForeignKeys, List<QuarantinedRow> orphans, List<SequenceMove> sequences,
        Map<String, Duration> phases) {

    public SchemaBackfillReport {
        order = List.copyOf(order);
        tables = List.copyOf(tables);
        restoredForeignKeys = List.copyOf(restoredForeignKeys);
        orphans = List.copyOf(orphans);
        sequences = List.copyOf(sequences);
        phases = Collections.unmodifiableMap(new LinkedHashMap<>(phases));
    }

    /** The tables some of whose rows PostgreSQL copied straight from the legacy table ({@link BackfillConfig#passThrough()}). */
    public List<String> passedThrough() {
        return tables.stream().filter(BackfillReport::passedThrough).map(BackfillReport::entity).toList();
    }

    /** Rows quarantined in this call, over every table, orphans included. */
    public long rowsQuarantined() {
        return tables.stream().mapToLong(BackfillReport::rowsQuarantined).sum() + orphans.size();
    }
}
