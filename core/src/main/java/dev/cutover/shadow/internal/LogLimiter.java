package dev.cutover.shadow.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;

/**
 * At most {@code perMinute} log lines per minute of the clock; lines over the limit are counted, and the count
 * is logged in one line when a later line (or {@link #flush()}) finds the minute over. Thread-safe.
 */
final class LogLimiter {
    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final Logger log;
    private final int perMinute;
    private final Clock clock;
    private final String what;
    private Instant windowStart;
    private int logged;
    private long suppressed;

    /**
     * @param what how the summary names the lines, for example {@code shadow-read log lines}
     */
    public LogLimiter(Logger log, int perMinute, Clock clock, String what) {
        this.log = log;
        this.perMinute = perMinute;
        this.clock = clock;
        this.what = what;
    }

    /** Whether a line may be logged now; if not, it is counted for the summary. */
    public synchronized boolean permit() {
        Instant now = clock.instant();
        if (windowStart == null || !now.isBefore(windowStart.plus(WINDOW))) {
            summarise();
            windowStart = now;
            logged = 0;
        }
        if (logged < perMinute) {
            logged++;
            return true;
        }
        suppressed++;
        return false;
    }

    /** Logs the summary of the current minute, if lines were suppressed in it. */
    public synchronized void flush() {
        summarise();
    }

    private void summarise() {
        if (suppressed > 0) {
            log.warn("Suppressed {} {} in the minute from {} (limit: {} per minute); every outcome is still counted",
                    suppressed, what, windowStart, perMinute);
            suppressed = 0;
        }
    }
}
