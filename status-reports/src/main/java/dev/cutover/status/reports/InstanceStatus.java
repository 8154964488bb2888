package dev.cutover.status.reports;

import dev.cutover.status.Backlog;
import dev.cutover.status.ReconcilerStats;
import dev.cutover.status.BreakerStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one instance last reported through {@link StatusReports}, as read from {@code cutover.instance_status}.
 *
 * @param instanceId   the instance's id ({@code host:pid} unless the application named it)
 * @param host         its host name
 * @param pid          its process id
 * @param startedAt    when its process started
 * @param lastSeen     when it last reported (the database's clock)
 * @param interval     how often it reports
 * @param stoppedAt    when it stopped reporting by closing its reporter, or {@code null}
 * @param sinceSeen    the time since {@code lastSeen} when read (the database's clock)
 * @param routesDigest a digest of its route table (method, kind, route): equal digests, equal routes
 * @param routes       its route table, for a call without a tenant
 * @param breakers     its circuit breakers (none without {@code CutoverResilience} among its contributors)
 * @param outboxes     the backlog of each outbox as its reconciler last measured it (none without dual-write)
 * @param reconciler   its reconciler's figures, or {@code null} without dual-write
 */
public record InstanceStatus(String instanceId, String host, long pid, Instant startedAt, Instant lastSeen, Duration interval,
        Instant stoppedAt, Duration sinceSeen, String routesDigest, List<ReportedRoute> routes, List<BreakerStatus> breakers,
        List<Backlog> outboxes, ReconcilerStats reconciler) {

    /** An instance not seen for this many intervals is stale: stopped without closing its reporter, hung, or cut off. */
    public static final int STALE_AFTER_INTERVALS = 3;

    public InstanceStatus {
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(lastSeen, "lastSeen");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(sinceSeen, "sinceSeen");
        Objects.requireNonNull(routesDigest, "routesDigest");
        routes = List.copyOf(routes);
        breakers = List.copyOf(breakers);
        outboxes = List.copyOf(outboxes);
    }

    /** {@code stopped} (closed its reporter), {@code stale} (not seen for {@value #STALE_AFTER_INTERVALS} intervals) or {@code running}. */
    public String state() {
        if (stoppedAt != null) {
            return "stopped";
        }
        return sinceSeen.compareTo(interval.multipliedBy(STALE_AFTER_INTERVALS)) > 0 ? "stale" : "running";
    }

    public boolean isRunning() {
        return state().equals("running");
    }
}
