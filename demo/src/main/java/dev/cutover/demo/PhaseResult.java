package dev.cutover.demo;

import java.time.Duration;
import java.util.List;

/** What one phase of the demo did: how long it took and its checks. */
record PhaseResult(int number, String name, Duration took, List<Check> checks) {

    PhaseResult {
        checks = List.copyOf(checks);
    }

    boolean passed() {
        return !checks.isEmpty() && checks.stream().allMatch(Check::passed);
    }

    long passedCount() {
        return checks.stream().filter(Check::passed).count();
    }
}
