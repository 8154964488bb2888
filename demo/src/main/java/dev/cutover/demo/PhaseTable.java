package dev.cutover.demo;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Prints the summary: one row per phase with its time and checks, then the failed checks' figures. */
final class PhaseTable {
    private PhaseTable() {
    }

    static void print(PrintStream out, List<PhaseResult> results, Duration total) {
        out.printf(Locale.ROOT, "%-3s %-28s %8s  %-9s %s%n", "#", "phase", "time", "checks", "what was checked");
        for (PhaseResult result : results) {
            String verdict = (result.passed() ? "pass " : "FAIL ") + result.passedCount() + "/" + result.checks().size();
            List<String> names = result.checks().stream().map(c -> c.passed() ? c.name() : c.name() + " (FAILED)").toList();
            out.printf(Locale.ROOT, "%-3d %-28s %7.1fs  %-9s %s%n", result.number(), result.name(),
                    result.took().toMillis() / 1000.0, verdict, String.join("; ", names));
        }
        for (PhaseResult result : results) {
            for (Check check : result.checks()) {
                if (!check.passed()) {
                    out.printf(Locale.ROOT, "FAILED %d %s: %s: %s%n", result.number(), result.name(), check.name(), check.detail());
                }
            }
        }
        long failed = results.stream().filter(r -> !r.passed()).count();
        out.printf(Locale.ROOT, "%s in %.1f s%n", failed == 0 ? "Every check passed" : failed + " phase(s) failed",
                total.toMillis() / 1000.0);
    }
}
