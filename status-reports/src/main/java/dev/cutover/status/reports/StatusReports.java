package dev.cutover.status.reports;

import dev.cutover.Cutover;
import dev.cutover.status.reports.internal.DefaultStatusReports;
import dev.cutover.status.reports.internal.StatusTable;
import dev.cutover.status.StatusContributor;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;

/**
 * Instance status reports: every few seconds, one row per running instance in {@code cutover.instance_status}
 * (target PostgreSQL, created by Cutover's migrations, version V400) with what only the instance knows: its
 * route table as it resolves it (its environment and the flag store), its circuit breakers, its outbox backlog and
 * reconciler figures. {@code cutover status} reads them, so an operator sees breakers and lag of every instance
 * from one shell.
 *
 * <pre>{@code
 * StatusReports reports = StatusReports.builder(postgres.connections().dataSource(), cutover)
 *         .contributor(resilience)      // CutoverResilience: breaker states
 *         .contributor(dualWrites)      // DualWrites: outbox backlog, reconciler figures
 *         .build();                     // reports at once, then every 5 s, on a daemon thread
 * ...
 * reports.close();                      // before cutover.close(): marks the instance stopped
 * }</pre>
 *
 * <p>A report that cannot be written (the database is down) is logged once at WARN and retried at the next
 * interval; the reporter never affects calls. Thread-safe.
 */
public interface StatusReports extends AutoCloseable {

    /** The default time between two reports. */
    Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);

    /**
     * A reporter writing through {@code store} (the target PostgreSQL's pool: one connection per report) about
     * {@code cutover}'s routes.
     */
    static Builder builder(DataSource store, Cutover cutover) {
        return new DefaultStatusReports.DefaultBuilder(store, cutover);
    }

    /**
     * Every instance's last report, by instance id, stopped and stale ones included (rows not seen for a day are
     * removed by the next reporter that starts).
     *
     * @throws dev.cutover.status.reports.StatusReportException if the table cannot be read, naming the migrations if it is missing
     */
    static List<InstanceStatus> read(DataSource store) {
        return StatusTable.readAll(store);
    }

    /** This instance's id in the table. */
    String instanceId();

    /**
     * Writes this instance's report now.
     *
     * @throws dev.cutover.status.reports.StatusReportException if it cannot be written
     * @throws IllegalStateException after {@link #close()}
     */
    void report();

    /**
     * Stops the thread, writes a last report (so the stopped row shows what the instance ended with) and marks the
     * instance stopped in its row, both best effort. Idempotent.
     */
    @Override
    void close();

    /** Configures the reporter; each method validates its argument, quoting a bad value. Not thread-safe. */
    interface Builder {

        /** Adds what a component reports ({@code CutoverResilience}, {@code DualWrites}, your own). Cumulative. */
        Builder contributor(StatusContributor contributor);

        /**
         * The time between two reports, {@link #DEFAULT_INTERVAL} unless set; an instance not seen for three is
         * shown as stale.
         *
         * @throws IllegalArgumentException quoting an interval under 1 second or over 5 minutes
         */
        Builder interval(Duration interval);

        /**
         * The instance's id, {@code host:pid} unless set: set it when the platform names instances (a pod name).
         *
         * @throws IllegalArgumentException for a blank id or one over 200 characters
         */
        Builder instanceId(String instanceId);

        /** Whether a daemon thread reports every interval (the default); without it only {@link StatusReports#report()} writes. */
        Builder backgroundReporting(boolean enabled);

        /**
         * Writes the first report and, unless turned off, starts the thread.
         *
         * @throws dev.cutover.status.reports.StatusReportException if the first report cannot be written (the table is missing,
         *                                              the database is unreachable)
         */
        StatusReports build();
    }
}
