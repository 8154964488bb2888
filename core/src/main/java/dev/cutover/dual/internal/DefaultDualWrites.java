package dev.cutover.dual.internal;

import dev.cutover.Backend;
import dev.cutover.Cutover;
import dev.cutover.status.Backlog;
import dev.cutover.dual.DualWrites;
import dev.cutover.dual.MirrorMode;
import dev.cutover.dual.Outbox;
import dev.cutover.dual.Reconciler;
import dev.cutover.status.ReconcilerStats;
import dev.cutover.routing.MethodKind;
import dev.cutover.routing.Route;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link DualWrites} of {@link DualWrites#custom()}: puts its parts together and installs them. A call is
 * {@link DualWriteHandler}'s; what follows its commit, {@link Mirroring}'s; the rest, {@link DefaultReconciler}'s. All
 * share one {@link DualWriteCounters}. Thread-safe.
 */
final class DefaultDualWrites implements DualWrites {
    private static final Logger LOG = LoggerFactory.getLogger(DualWrites.class);

    private final MirrorMode mode;
    private final Map<Backend, Outbox> outboxes;
    private final Map<String, MirroredTable<?, ?>> tables;
    private final int repositories;
    private final DualWriteCounters counters = new DualWriteCounters();
    private final DefaultReconciler reconciler;
    private final DualWriteHandler handler;
    private final MeterRegistry registry;
    private final Clock clock;
    private final AtomicBoolean installed = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    DefaultDualWrites(DualWritesBuilder builder, Map<Class<?>, Map<String, WritePlan>> plans) {
        this.registry = builder.registry;
        this.clock = builder.clock;
        this.mode = builder.mode;
        this.outboxes = new EnumMap<>(builder.outboxes);
        this.tables = Map.copyOf(builder.tables);
        this.repositories = plans.size();
        OutboxWatch watch = new OutboxWatch();
        CopiesInFlight inFlight = new CopiesInFlight();
        this.reconciler = new DefaultReconciler(outboxes, tables, builder.comparison, builder.clock, builder.batchSize,
                builder.pollInterval, builder.gracePeriod, new Backoff(builder.backoffInitial, builder.backoffMax),
                builder.queueCapacity, counters, watch, inFlight, builder.uncommittedCopies, new SettlePacer(builder.settleRate));
        Mirroring mirroring = new Mirroring(mode, outboxes, tables, reconciler, counters, watch, inFlight);
        this.handler = new DualWriteHandler(builder.clock, outboxes, tables, Map.copyOf(plans), mirroring, watch, inFlight);
    }

    @Override
    public Cutover.Builder install(Cutover.Builder cutover) {
        Objects.requireNonNull(cutover, "builder");
        if (closed.get()) {
            throw new IllegalStateException("This DualWrites is closed; build a new one");
        }
        if (!installed.compareAndSet(false, true)) {
            throw new IllegalStateException("This DualWrites is installed already; one DualWrites serves one Cutover");
        }
        cutover.handle(Route.LEGACY_DUAL, MethodKind.WRITE, handler)
                .handle(Route.POSTGRES_DUAL, MethodKind.WRITE, handler)
                .handle(Route.LEGACY, MethodKind.WRITE, handler.singleRoute())
                .handle(Route.POSTGRES, MethodKind.WRITE, handler.singleRoute())
                .closeOnClose(this);
        if (registry != null) {
            DualWriteMetrics.register(registry, reconciler, counters, clock);
        }
        reconciler.start();
        LOG.info("Dual-write: {} mirroring of {} repositories over tables {}; outbox of legacy-primary writes: {}; "
                + "of postgres-primary writes: {}", mode.name().toLowerCase(Locale.ROOT), repositories,
                tables.keySet(), outboxes.get(Backend.LEGACY).description(), outboxes.get(Backend.POSTGRES).description());
        return cutover;
    }

    @Override
    public Reconciler reconciler() {
        return reconciler;
    }

    @Override
    public List<Backlog> outboxBacklog() {
        return reconciler.backlog();
    }

    @Override
    public Optional<ReconcilerStats> reconcilerStats() {
        return Optional.of(reconciler.stats());
    }

    @Override
    public Reconciler startReconciler() {
        if (closed.get()) {
            throw new IllegalStateException("This DualWrites is closed; build a new one");
        }
        reconciler.start();
        return reconciler;
    }

    @Override
    public MirrorMode mode() {
        return mode;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        reconciler.close();
        RuntimeException failure = null;
        for (Outbox outbox : outboxes.values()) {
            try {
                outbox.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "DualWrites[" + mode + ", tables " + tables.keySet() + "]";
    }
}
