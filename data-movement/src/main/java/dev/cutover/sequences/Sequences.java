package dev.cutover.sequences;

import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.sequences.internal.DefaultSequences;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Moves the sequences of copied tables past the values the tables hold. A backfill writes explicit ids, so a
 * table's identity column or {@code serial} sequence still starts at 1 afterwards, and the application's first
 * insert without an id fails with a unique violation (23505). For every identity column and every sequence a
 * column owns ({@code pg_depend}, as {@code pg_get_serial_sequence} finds them) of the tables named, a reset sets
 * the sequence so that its next value is past {@code max(column)} ({@code min} for a descending sequence)
 * and past the sequence's own position: {@code setval(seq, greatest(max, current))}. A sequence is never moved
 * backwards, so values the application already drew stay drawn, and a table holding only negative ids leaves
 * its sequence where it is.
 *
 * <p>Each table is handled in its own transaction holding a {@code SHARE} lock on it, so that no insert can draw
 * from the sequence between reading the maximum and setting it (the lock waits for writes in flight and makes new
 * ones wait a moment: one indexed {@code max()} per sequence). {@code nextval} called outside an insert into the
 * table is not held back by the lock.
 *
 * <pre>{@code
 * List<SequenceMove> moved = Sequences.of(postgres).reset(List.of("companies", "clients"));
 * }</pre>
 *
 * Thread-safe.
 */
public interface Sequences {

    /** The sequences of tables in {@code target}'s schema. */
    static Sequences of(PostgresAdapter target) {
        Objects.requireNonNull(target, "target");
        return new DefaultSequences(target);
    }

    /**
     * Moves the sequences of {@code tables} (unqualified names in the adapter's schema) past their values.
     *
     * @return one entry per sequence found, in the order of {@code tables}
     * @throws SequenceException if a table does not exist, or a sequence cannot go past its column's values
     *     (checked for every table before any sequence moves)
     * @throws dev.cutover.DataAccessException if a database call failed
     */
    List<SequenceMove> reset(Collection<String> tables);

    /** What {@link #reset} would do, changing nothing (a dry run): the same checks and the same entries. */
    List<SequenceMove> plan(Collection<String> tables);

    /** The tables of the adapter's schema in name order (Flyway's {@code *schema_history} tables left out). */
    List<String> tables();
}
