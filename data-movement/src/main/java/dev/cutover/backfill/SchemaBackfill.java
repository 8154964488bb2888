package dev.cutover.backfill;

import dev.cutover.backfill.internal.DefaultSchemaBackfill;
import dev.cutover.postgres.PostgresAdapter;
import java.util.List;
import java.util.Objects;

/**
 * A whole schema in one call: backfills a list of tables in dependency order, with foreign keys and sequences in
 * place at the end, the way one {@code pgloader} command moves a database.
 *
 * <pre>{@code
 * SchemaBackfillReport report = SchemaBackfill.of("move-2026-11", List.of(
 *         BackfillSource.legacy(legacy, legacy.store(BOOKINGS, LegacyTables.BOOKINGS)),
 *         BackfillSource.legacy(legacy, legacy.store(CLIENTS, LegacyTables.CLIENTS)),
 *         BackfillSource.legacy(legacy, legacy.store(COMPANIES, LegacyTables.COMPANIES))),
 *         postgres, BackfillConfig.ofDefaults()).run();   // companies, clients, bookings
 * }</pre>
 *
 * <p><b>Order.</b> The target's foreign keys between the tables ({@code pg_constraint}) decide it: a table is copied
 * after every table it references; tables that do not depend on each other keep the order given. A row the target
 * refuses for a foreign key (23503: its parent is missing, or was quarantined) is quarantined naming the column, so a
 * child whose parent was quarantined follows it into the quarantine.
 *
 * <p><b>Cycles.</b> Foreign keys that no order can satisfy (two tables referencing each other, or a table referencing
 * itself) are dropped before copying, as pgloader does, and recorded with their definitions in
 * {@code cutover.backfill_deferred_constraints}; at the end each is added back {@code NOT VALID}, the rows it refuses
 * (and the rows that reference them, through the enforced keys) are moved to the quarantine, and it is validated. A
 * run stopped in between restores them when it is run again and finishes. While they are dropped the application's
 * own writes are not checked by them.
 *
 * <p>Each table is a {@link Backfill} of the same run name (so {@code cutover quarantine list --run} and
 * {@link Backfill#retryQuarantined()} work per table); the sequences of every table are reset at the end
 * ({@link dev.cutover.sequences.Sequences}). Thread-safe.
 */
public interface SchemaBackfill {

    /**
     * A backfill of {@code sources}' tables into {@code target}, as run {@code run}; {@code config} applies to each
     * table (its listener hears every table: {@link BackfillProgress#entity()} tells which).
     *
     * @throws IllegalArgumentException for no source, or two sources of one table
     * @throws dev.cutover.schema.SchemaMismatchException if a target table does not fit its mapping
     */
    static SchemaBackfill of(String run, List<? extends BackfillSource<?, ?>> sources, PostgresAdapter target,
            BackfillConfig config) {
        Objects.requireNonNull(sources, "sources");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(config, "config");
        return DefaultSchemaBackfill.create(run, sources, target, config);
    }

    /** The tables, parents first (read from the target's constraints and the run's dropped ones). */
    List<String> order();

    /** The foreign keys among the tables that no order satisfies: dropped while copying, restored at the end. */
    List<ForeignKey> deferredForeignKeys();

    /** The backfill of one of the tables. */
    Backfill<?, ?> backfill(String table);

    /**
     * Drops the {@link #deferredForeignKeys()} (recording them first), backfills every table in {@link #order()},
     * restores and validates the dropped keys, and resets every table's sequences.
     *
     * @throws BackfillException if a table's backfill stopped (the tables before it stay copied; run it again to
     *     resume: the dropped keys are restored when a run finishes)
     */
    SchemaBackfillReport run();

    /**
     * {@link #run()} with up to {@code tablesAtOnce} tables copied at the same time (each with its own
     * {@link BackfillConfig#workers()}), a table starting once every table it references is done: many small tables
     * then overlap their round trips, as pgcopydb's table jobs do. {@code run()} is {@code run(1)}.
     *
     * @throws IllegalArgumentException if {@code tablesAtOnce} is not between 1 and 64
     */
    SchemaBackfillReport run(int tablesAtOnce);
}
