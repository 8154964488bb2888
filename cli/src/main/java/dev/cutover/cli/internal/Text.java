package dev.cutover.cli.internal;

import java.time.Duration;
import java.util.Locale;

/** Numbers and durations in the commands' messages. */
public final class Text {
    private Text() {
    }

    /** {@code 1 row}, {@code 1,000 rows}. */
    public static String count(long n, String one, String many) {
        return String.format(Locale.ROOT, "%,d %s", n, n == 1 ? one : many);
    }

    /** {@code 12.3 s}. */
    public static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toNanos() / 1e9);
    }
}
