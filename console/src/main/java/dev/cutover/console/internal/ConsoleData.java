package dev.cutover.console.internal;

import dev.cutover.status.reports.InstanceStatus;
import dev.cutover.status.reports.StatusReports;
import java.util.List;

/** What the pages read besides the routes: instance reports, and the health tables. Thread-safe. */
final class ConsoleData {
    private final DefaultConsole console;

    /** Instance reports, or why there are none. */
    record Instances(List<InstanceStatus> all, String note) {
        List<InstanceStatus> live() {
            return all.stream().filter(i -> !i.state().equals("stopped")).toList();
        }
    }

    ConsoleData(DefaultConsole console) {
        this.console = console;
    }

    Instances instances() {
        try {
            List<InstanceStatus> all = StatusReports.read(console.config.store);
            return new Instances(all, all.isEmpty() ? "No instance reports: install StatusReports"
                    + " (dev.cutover.status.reports) in the application to see each instance's routes, breakers and"
                    + " backlog here." : null);
        } catch (RuntimeException e) {
            return new Instances(List.of(), "Instance reports could not be read: " + console.describe(e));
        }
    }
}
