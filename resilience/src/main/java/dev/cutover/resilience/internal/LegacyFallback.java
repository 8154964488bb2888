package dev.cutover.resilience.internal;

import dev.cutover.Backend;
import dev.cutover.resilience.CutoverResilience;
import dev.cutover.routing.spi.RouteHandler;
import dev.cutover.routing.spi.RoutedCall;
import dev.cutover.tx.TransactionalConnections;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads on the {@code postgres} route: PostgreSQL, and legacy when PostgreSQL is failing (a failure the circuit
 * breaker counts, or the open breaker). Logs when fallback starts and when PostgreSQL serves again, not per call.
 */
final class LegacyFallback implements RouteHandler {
    private static final Logger LOG = LoggerFactory.getLogger(CutoverResilience.class);

    private final DefaultCutoverMetrics metrics;
    private final LongAdder total = new LongAdder();
    private final AtomicLong sinceStart = new AtomicLong();
    private final AtomicBoolean fallingBack = new AtomicBoolean();

    LegacyFallback(DefaultCutoverMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public Object handle(RoutedCall call) throws Throwable {
        if (TransactionalConnections.inUnitOfWork()) {
            return call.invoke(Backend.POSTGRES);
        }
        Object result;
        try {
            result = call.invoke(Backend.POSTGRES);
        } catch (Throwable failure) {
            FailureKind kind = FailureKind.of(failure);
            if (!kind.isUnavailability()) {
                throw failure;
            }
            total.increment();
            sinceStart.incrementAndGet();
            if (metrics != null) {
                metrics.fellBack(call.method(), kind);
            }
            if (fallingBack.compareAndSet(false, true)) {
                LOG.warn("Reads routed to postgres are now served by legacy: {} failed on postgres ({}): {}",
                        call.method(), kind.tag(), failure.getMessage());
            }
            try {
                return call.invoke(Backend.LEGACY);
            } catch (Throwable legacyFailure) {
                legacyFailure.addSuppressed(failure);
                throw legacyFailure;
            }
        }
        if (fallingBack.get() && fallingBack.compareAndSet(true, false)) {
            LOG.info("Reads routed to postgres are served by postgres again; legacy served {} of them meanwhile",
                    sinceStart.getAndSet(0));
        }
        return result;
    }

    long count() {
        return total.sum();
    }
}
