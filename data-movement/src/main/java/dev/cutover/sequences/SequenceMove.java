package dev.cutover.sequences;

import java.util.OptionalLong;

/**
 * One sequence of a copied table and what a reset did to it (or, in a dry run, would do).
 *
 * @param table the table (unqualified, in the adapter's schema)
 * @param column the column the sequence feeds
 * @param sequence the sequence, schema-qualified as PostgreSQL prints it ({@code public.clients_id_seq})
 * @param identity whether the column is an identity column ({@code GENERATED ... AS IDENTITY}); else the
 *     sequence is owned by the column ({@code serial}, {@code OWNED BY})
 * @param columnMax the column's largest value ({@code min} for a descending sequence); empty when the table
 *     holds no value
 * @param nextBefore the value {@code nextval} would have returned before the reset
 * @param nextAfter the value {@code nextval} returns after it (equal to {@code nextBefore} when not moved)
 * @param moved whether the sequence was (in a dry run: would be) moved
 */
public record SequenceMove(String table, String column, String sequence, boolean identity, OptionalLong columnMax,
        long nextBefore, long nextAfter, boolean moved) {
}
