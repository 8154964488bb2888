package dev.cutover.demo;

import dev.cutover.backfill.BackfillListener;
import dev.cutover.backfill.BackfillProgress;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * A backfill's progress as one terminal line redrawn after each chunk: a bar, rows done of the planned
 * estimate, rows per second and the time left. Called on the backfill's worker threads, one call at a time.
 */
final class ProgressBar implements BackfillListener {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private final String label;
    private int lastLength;

    ProgressBar(PrintStream out, String label) {
        this.out = out;
        this.label = label;
    }

    @Override
    public synchronized void onProgress(BackfillProgress progress) {
        long total = Math.max(progress.rowsEstimate(), progress.rowsDone());
        int filled = total == 0 ? WIDTH : (int) (WIDTH * progress.rowsDone() / total);
        String eta = progress.eta().map(ProgressBar::seconds).orElse("-");
        String line = String.format(Locale.ROOT, "    %-10s [%s%s] %,9d/%,d rows  %,8.0f rows/s  ETA %s", label,
                "#".repeat(filled), ".".repeat(WIDTH - filled), progress.rowsDone(), total, progress.rowsPerSecond(), eta);
        // Pad over a longer previous line: the line is redrawn in place with a carriage return.
        out.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
        out.flush();
        lastLength = line.length();
    }

    /** Ends the line, if one was drawn. */
    synchronized void finish() {
        if (lastLength > 0) {
            out.println();
            lastLength = 0;
        }
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
