package dev.cutover.cli.internal;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Progress of a long command on stderr: a bar redrawn in place on a terminal, a plain line every so often
 * elsewhere (logs, CI), or nothing. Thread-safe: workers report from their threads.
 */
public final class ProgressDisplay {
    /** Redraws of the bar at most this often: a terminal cannot show more, and each costs a write. */
    private static final long BAR_EVERY_NANOS = Duration.ofMillis(200).toNanos();
    private static final int BAR_WIDTH = 30;

    /** How progress is shown. */
    public enum Style {
        /** A bar redrawn in place with carriage returns: for a terminal. */
        BAR,
        /** A line every interval: for logs. */
        LINES,
        /** Nothing. */
        NONE
    }

    private final PrintWriter err;
    private final Style style;
    private final long lineEveryNanos;
    private final LongSupplier nanoTime;
    private final String unit;
    private long lastShown;
    private boolean shownOnce;
    private int lastWidth;

    public ProgressDisplay(PrintWriter err, Style style, Duration lineInterval, LongSupplier nanoTime) {
        this(err, style, lineInterval, nanoTime, "rows");
    }

    /** @param unit what is counted, plural: {@code rows}, {@code entries} */
    public ProgressDisplay(PrintWriter err, Style style, Duration lineInterval, LongSupplier nanoTime, String unit) {
        this.unit = Objects.requireNonNull(unit, "unit");
        this.err = Objects.requireNonNull(err, "err");
        this.style = Objects.requireNonNull(style, "style");
        this.lineEveryNanos = lineInterval.toNanos();
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /** What {@code --progress} asks for. */
    public enum Mode {
        /** A bar when this process has a terminal, else lines. */
        AUTO,
        BAR,
        LINES,
        NONE
    }

    /** The display {@code mode} asks for; {@link Mode#AUTO} draws a bar only when the JVM has a terminal. */
    public static ProgressDisplay create(PrintWriter err, Mode mode, Duration lineInterval, String unit) {
        Style style = switch (mode) {
            case AUTO -> System.console() != null ? Style.BAR : Style.LINES;
            case BAR -> Style.BAR;
            case LINES -> Style.LINES;
            case NONE -> Style.NONE;
        };
        return new ProgressDisplay(err, style, lineInterval, System::nanoTime, unit);
    }

    /** Shows the progress if it is time to (the first report is always shown). */
    public synchronized void update(String label, long done, long total, double rowsPerSecond, Duration eta) {
        if (style == Style.NONE) {
            return;
        }
        long now = nanoTime.getAsLong();
        long every = style == Style.BAR ? BAR_EVERY_NANOS : lineEveryNanos;
        if (shownOnce && now - lastShown < every) {
            return;
        }
        shownOnce = true;
        lastShown = now;
        if (style == Style.BAR) {
            String line = bar(label, done, total, rowsPerSecond, eta, BAR_WIDTH, unit);
            err.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
            lastWidth = line.length();
        } else {
            err.print(line(label, done, total, rowsPerSecond, eta, unit) + System.lineSeparator());
        }
        err.flush();
    }

    /** Ends the current bar (if any) and prints {@code text} on a line of its own; the next update shows at once. */
    public synchronized void println(String text) {
        clear();
        if (style != Style.NONE) {
            err.print(text + System.lineSeparator());
            err.flush();
        }
        shownOnce = false;
    }

    /** Wipes the bar, if one is drawn, so that what follows starts on a clean line. */
    public synchronized void clear() {
        if (style == Style.BAR && lastWidth > 0) {
            err.print("\r" + " ".repeat(lastWidth) + "\r");
            err.flush();
            lastWidth = 0;
        }
        shownOnce = false;
    }

    /** {@code clients [########......................]  27%  2,700/10,000 rows  1,234 rows/s  ETA 0:06}. */
    static String bar(String label, long done, long total, double rowsPerSecond, Duration eta, int width, String unit) {
        double fraction = total <= 0 ? (done > 0 ? 1 : 0) : Math.min(1, done / (double) total);
        int filled = (int) Math.round(fraction * width);
        return label + " [" + "#".repeat(filled) + ".".repeat(width - filled) + "] "
                + String.format(Locale.ROOT, "%3d%%", (int) Math.floor(fraction * 100)) + "  "
                + String.format(Locale.ROOT, "%,d/%,d %s  %,.0f %s/s  ETA ", done, total, unit, rowsPerSecond, unit) + eta(eta);
    }

    /** {@code clients: 2,700/10,000 rows (27%), 1,234 rows/s, ETA 0:06}. */
    static String line(String label, long done, long total, double rowsPerSecond, Duration eta, String unit) {
        String percent = total <= 0 ? "" : String.format(Locale.ROOT, " (%d%%)", (int) Math.floor(Math.min(1, done
                / (double) total) * 100));
        return label + ": " + String.format(Locale.ROOT, "%,d/%,d %s", done, total, unit) + percent + ", "
                + String.format(Locale.ROOT, "%,.0f %s/s", rowsPerSecond, unit) + ", ETA " + eta(eta);
    }

    /** {@code 0:06}, {@code 1:02:03}, {@code ?} while unknown. */
    static String eta(Duration eta) {
        if (eta == null) {
            return "?";
        }
        long seconds = Math.max(0, (eta.toMillis() + 999) / 1000);
        long hours = seconds / 3600;
        return hours > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", hours, seconds / 60 % 60, seconds % 60)
                : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }
}
