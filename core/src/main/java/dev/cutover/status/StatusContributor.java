package dev.cutover.status;

import java.util.List;
import java.util.Optional;

/**
 * A part of a running Cutover that can say how it is doing, for instance status reports (the flags module's
 * {@code StatusReports}, which {@code cutover status} reads). {@code CutoverResilience} contributes its circuit
 * breakers, {@code DualWrites} its outbox backlog and reconciler figures; each method defaults to "nothing to say".
 *
 * <p>Called on the reporter's thread every few seconds: answer from memory, quickly, and never throw for a
 * backend that is down (that is what the figures are for). Implementations are thread-safe.
 */
public interface StatusContributor {

    /** The state of each circuit breaker this component keeps. */
    default List<BreakerStatus> breakerStatus() {
        return List.of();
    }

    /** The backlog of each outbox this component writes, as last measured. */
    default List<Backlog> outboxBacklog() {
        return List.of();
    }

    /** What the reconciler has done since start, if this component runs one. */
    default Optional<ReconcilerStats> reconcilerStats() {
        return Optional.empty();
    }
}
