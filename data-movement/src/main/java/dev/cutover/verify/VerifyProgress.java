package dev.cutover.verify;

import java.time.Duration;

/**
 * How far a verification has come.
 *
 * @param entity        the mapping's table
 * @param legacyRows    legacy rows verified so far (by checksum or row by row)
 * @param expectedRows  the legacy row count taken at the start
 * @param elapsed       time since the start
 */
public record VerifyProgress(String entity, long legacyRows, long expectedRows, Duration elapsed) {

    /** Rows per second so far. */
    public double rowsPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : legacyRows / seconds;
    }

    /** The estimated time left at the rate so far, or {@code null} while unknown. */
    public Duration remaining() {
        double rate = rowsPerSecond();
        if (rate <= 0 || legacyRows >= expectedRows) {
            return legacyRows >= expectedRows ? Duration.ZERO : null;
        }
        return Duration.ofMillis((long) ((expectedRows - legacyRows) / rate * 1000));
    }
}
