package dev.cutover.backfill;

import java.time.Instant;

/**
 * A row a backfill set aside instead of copying ({@code cutover.backfill_quarantine}).
 *
 * @param key the row's key values as a JSON array, in key order: {@code [42]}
 * @param reason why, with the table, column and value or the server's error
 * @param sqlState PostgreSQL's SQLState when the server refused the row; {@code null} when the value was
 *     refused before sending
 * @param rawValue the row as read or as sent, as JSON text: column name to text
 */
public record QuarantinedRow(String run, String entity, String key, int chunk, String reason, String sqlState,
        String rawValue, Instant quarantinedAt) {
}
