package dev.cutover.backfill;

import java.time.Instant;

/**
 * A row a backfill set aside instead of copying ({@code cutover.backfill_quarantine}).
 *
 * @param key the row's key values as a JSON array, in key order: {@code [42]}
 * @param reason why, with the table, column and value or the server's error
 * @param sqlState PostgreSQL's SQLState when the server refused the row, or the one it raises for such a value when
 *     Cutover refused it before sending ({@code 22003} for a number out of range, {@code 22P02} for text that is not of
 *     the type, {@code 22021} for a NUL character, {@code 22008} for a zero date); {@code null} when PostgreSQL would
 *     have taken the value and changed it (a rounded decimal, a time a zone skips)
 * @param rawValue the row as read or as sent, as JSON text: column name to text
 */
public record QuarantinedRow(String run, String entity, String key, int chunk, String reason, String sqlState,
        String rawValue, Instant quarantinedAt) {
}
