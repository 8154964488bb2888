package dev.cutover.shadow.internal;

import dev.cutover.Backend;
import dev.cutover.Cutover;
import dev.cutover.compare.Comparison;
import dev.cutover.compare.ComparisonResult;
import dev.cutover.compare.ComparisonRules;
import dev.cutover.routing.MethodKind;
import dev.cutover.routing.RepositoryMethod;
import dev.cutover.routing.Route;
import dev.cutover.routing.spi.RouteHandler;
import dev.cutover.routing.spi.RoutedCall;
import dev.cutover.shadow.ShadowMismatch;
import dev.cutover.shadow.ShadowOutcome;
import dev.cutover.shadow.ShadowReadListener;
import dev.cutover.shadow.ShadowReadStats;
import dev.cutover.shadow.ShadowReads;
import dev.cutover.shadow.ShadowSampler;
import dev.cutover.tx.TransactionalConnections;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Spliterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.BaseStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ShadowReads} built by {@link ShadowReads#custom()}, and the route handler of reads on both dual
 * routes. The caller's thread only samples, calls the primary and hands the secondary read to the executor
 * (a non-blocking offer to a bounded queue); everything else runs on the shadow threads.
 */
public final class DefaultShadowReads implements ShadowReads, RouteHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ShadowReads.class);

    /** What the builder collected; checked there. */
    public record Settings(ShadowSampler sampler, Duration timeout, int threads, int queueCapacity, Executor executor,
            ComparisonRules rules, Map<Class<?>, Map<String, ComparisonRules>> methodRules,
            List<ShadowReadListener> listeners, int recentMismatches, int logLinesPerMinute, Clock clock) {
    }

    private final Settings settings;
    private final ShadowReadListener[] listeners;
    private final Executor executor;
    private final ShadowWorkers ownedExecutor;
    private final ScheduledThreadPoolExecutor timer;
    private final long timeoutNanos;
    /** Submitted reads in submission order, so in deadline order: the timer expires them from the head. */
    private final ConcurrentLinkedQueue<Task> inFlight = new ConcurrentLinkedQueue<>();
    private final LongAdder[] counts = new LongAdder[ShadowOutcome.values().length];
    private final ArrayDeque<ShadowMismatch> recent = new ArrayDeque<>();
    private final LogLimiter logLimiter;
    private final Map<RepositoryMethod, Comparison> comparisons = new ConcurrentHashMap<>();
    private final Comparison defaultComparison;
    private final AtomicBoolean installed = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    public DefaultShadowReads(Settings settings) {
        this.settings = settings;
        this.listeners = settings.listeners().toArray(new ShadowReadListener[0]);
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
        if (settings.executor() != null) {
            this.ownedExecutor = null;
            this.executor = settings.executor();
        } else {
            ShadowWorkers workers = new ShadowWorkers(settings.threads(), settings.queueCapacity(), "cutover-shadow-");
            this.ownedExecutor = workers;
            this.executor = workers;
        }
        this.timer = new ScheduledThreadPoolExecutor(1, daemonThreads("cutover-shadow-timer-"));
        timer.setRemoveOnCancelPolicy(true);
        this.timeoutNanos = settings.timeout().toNanos();
        this.logLimiter = new LogLimiter(LOG, settings.logLinesPerMinute(), settings.clock(), "shadow-read log lines");
        this.defaultComparison = Comparison.of(settings.rules());
    }

    @Override
    public ShadowReads install(Cutover.Builder builder) {
        if (!installed.compareAndSet(false, true)) {
            throw new IllegalStateException("These shadow reads are already installed in a Cutover; build another "
                    + "ShadowReads for another Cutover");
        }
        builder.handle(Route.LEGACY_DUAL, MethodKind.READ, this);
        builder.handle(Route.POSTGRES_DUAL, MethodKind.READ, this);
        builder.closeOnClose(this);
        if (ownedExecutor != null) {
            ownedExecutor.start();
        }
        long period = Math.max(1, Math.min(100, settings.timeout().toMillis() / 10));
        timer.scheduleAtFixedRate(this::expireOverdue, period, period, TimeUnit.MILLISECONDS);
        return this;
    }

    @Override
    public Object handle(RoutedCall call) throws Throwable {
        Route route = call.decision().route();
        boolean sampled = sample(call);
        Object result = call.invoke(route.primary());
        if (sampled) {
            submit(call, route, result);
        }
        return result;
    }

    private boolean sample(RoutedCall call) {
        if (closed.get()) {
            return false;
        }
        try {
            return settings.sampler().sample(call.method(), call.arguments());
        } catch (RuntimeException e) {
            if (logLimiter.permit()) {
                LOG.warn("The shadow-read sampler threw for {}; the call is not shadow-read: {}", call.method(), e.toString(), e);
            }
            return false;
        }
    }

    /** Never throws and never waits: the caller must not notice the shadow read. */
    private void submit(RoutedCall call, Route route, Object primaryResult) {
        Backend secondary = route.primary().other();
        try {
            if (TransactionalConnections.inUnitOfWork()) {
                record(call.method(), secondary, ShadowOutcome.SKIPPED);
                return;
            }
            if (primaryResult instanceof BaseStream<?, ?> || primaryResult instanceof Iterator<?>
                    || primaryResult instanceof Spliterator<?>) {
                record(call.method(), secondary, ShadowOutcome.SKIPPED);
                if (logLimiter.permit()) {
                    LOG.warn("Shadow reads skip {}: it returns a {}, which can be read only once; return a list to compare it",
                            call.method(), primaryResult.getClass().getSimpleName());
                }
                return;
            }
            Task task = new Task(call, route, primaryResult, System.nanoTime() + timeoutNanos);
            inFlight.offer(task);
            try {
                executor.execute(task);
            } catch (RejectedExecutionException e) {
                task.ended.set(true);
                throw e;
            }
        } catch (RejectedExecutionException e) {
            record(call.method(), secondary, ShadowOutcome.DROPPED);
            if (logLimiter.permit()) {
                LOG.warn("Shadow read of {}({}) on {} dropped: {}", call.method(), Arguments.render(call.arguments()),
                        secondary, closed.get() ? "shadow reads are closed" : ownedExecutor != null
                                ? "all " + settings.threads() + " shadow threads are busy and " + settings.queueCapacity()
                                        + " reads wait; raise threads or queueCapacity, or lower the sample rate"
                                : "the shadow executor rejected it");
            }
        } catch (RuntimeException e) {
            if (logLimiter.permit()) {
                LOG.warn("Shadow read of {} could not be submitted: {}", call.method(), e.toString(), e);
            }
        }
    }

    /**
     * Ends the reads whose deadline has passed, running or still queued. A read's time limit runs from its
     * submission, so a read stuck behind hung ones in the queue times out too, and a late answer is ignored.
     */
    private void expireOverdue() {
        long now = System.nanoTime();
        for (Task head = inFlight.peek(); head != null; head = inFlight.peek()) {
            if (!head.ended.get() && now - head.deadline < 0) {
                return;
            }
            inFlight.poll();
            head.expire();
        }
    }

    /** Counts the outcome last, so stats that count it mean every listener has been told of it. */
    private void record(RepositoryMethod method, Backend secondary, ShadowOutcome outcome) {
        for (ShadowReadListener listener : listeners) {
            try {
                listener.outcome(method, secondary, outcome);
            } catch (RuntimeException e) {
                listenerFailed(listener, e);
            }
        }
        counts[outcome.ordinal()].increment();
    }

    private void mismatch(ShadowMismatch mismatch) {
        synchronized (recent) {
            if (settings.recentMismatches() > 0) {
                if (recent.size() == settings.recentMismatches()) {
                    recent.removeLast();
                }
                recent.addFirst(mismatch);
            }
        }
        for (ShadowReadListener listener : listeners) {
            try {
                listener.mismatch(mismatch);
            } catch (RuntimeException e) {
                listenerFailed(listener, e);
            }
        }
        record(mismatch.method(), mismatch.secondary(), ShadowOutcome.MISMATCH);
        if (logLimiter.permit()) {
            LOG.warn("Shadow read mismatch: {}", mismatch);
        }
    }

    private void listenerFailed(ShadowReadListener listener, RuntimeException e) {
        if (logLimiter.permit()) {
            LOG.warn("Shadow-read listener {} threw: {}", listener, e.toString(), e);
        }
    }

    private Comparison comparison(RepositoryMethod method) {
        return comparisons.computeIfAbsent(method, m -> {
            Map<String, ComparisonRules> byName = settings.methodRules().get(m.type());
            ComparisonRules rules = byName == null ? null : byName.get(m.method());
            return rules == null ? defaultComparison : Comparison.of(rules);
        });
    }

    @Override
    public ShadowReadStats stats() {
        return new ShadowReadStats(count(ShadowOutcome.MATCH), count(ShadowOutcome.MISMATCH), count(ShadowOutcome.FAILED),
                count(ShadowOutcome.TIMED_OUT), count(ShadowOutcome.DROPPED), count(ShadowOutcome.SKIPPED));
    }

    private long count(ShadowOutcome outcome) {
        return counts[outcome.ordinal()].sum();
    }

    @Override
    public List<ShadowMismatch> recentMismatches() {
        synchronized (recent) {
            return List.copyOf(new ArrayList<>(recent));
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            if (ownedExecutor != null && !ownedExecutor.shutdown(timeoutNanos)) {
                ownedExecutor.shutdownNow();
            }
        } catch (InterruptedException e) {
            ownedExecutor.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            timer.shutdownNow();
            logLimiter.flush();
        }
    }

    @Override
    public String toString() {
        return "ShadowReads[timeout=" + settings.timeout() + ", threads=" + (ownedExecutor == null ? "given executor"
                : settings.threads() + ", queueCapacity=" + settings.queueCapacity()) + ", rules=" + settings.rules() + "]";
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger number = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** One secondary read: ends exactly once, by its answer, its failure or its deadline, whichever comes first. */
    private final class Task implements Runnable {
        private final RoutedCall call;
        private final Route route;
        private final long deadline;
        private final AtomicBoolean ended = new AtomicBoolean();
        private Object primaryResult;

        Task(RoutedCall call, Route route, Object primaryResult, long deadline) {
            this.call = call;
            this.route = route;
            this.primaryResult = primaryResult;
            this.deadline = deadline;
        }

        @Override
        public void run() {
            if (System.nanoTime() - deadline >= 0) {
                expire();
                return;
            }
            Object secondaryResult;
            try {
                secondaryResult = call.invoke(route.primary().other());
            } catch (Throwable failure) {
                if (ended.compareAndSet(false, true)) {
                    failed(failure);
                }
                if (failure instanceof VirtualMachineError error) {
                    throw error;
                }
                return;
            } finally {
                if (ended.get()) {
                    primaryResult = null;
                }
            }
            if (ended.compareAndSet(false, true)) {
                compare(secondaryResult);
            }
            primaryResult = null;
        }

        private void expire() {
            if (ended.compareAndSet(false, true)) {
                record(call.method(), secondary(), ShadowOutcome.TIMED_OUT);
                if (logLimiter.permit()) {
                    LOG.warn("Shadow read of {}({}) on {} took longer than {}; its answer will be ignored", call.method(),
                            Arguments.render(call.arguments()), secondary(), settings.timeout());
                }
            }
        }

        private void failed(Throwable failure) {
            record(call.method(), secondary(), ShadowOutcome.FAILED);
            if (logLimiter.permit()) {
                LOG.warn("Shadow read of {}({}) on {} failed (the caller got {}'s answer): {}", call.method(),
                        Arguments.render(call.arguments()), secondary(), route.primary(), failure.toString());
                LOG.debug("Shadow read failure", failure);
            }
        }

        private void compare(Object secondaryResult) {
            ComparisonResult result;
            try {
                Comparison comparison = comparison(call.method());
                result = route.primary() == Backend.LEGACY ? comparison.compare(primaryResult, secondaryResult)
                        : comparison.compare(secondaryResult, primaryResult);
            } catch (RuntimeException e) {
                failed(e);
                return;
            }
            if (result.matches()) {
                record(call.method(), secondary(), ShadowOutcome.MATCH);
            } else {
                mismatch(new ShadowMismatch(settings.clock().instant(), call.method(), route,
                        Arguments.render(call.arguments()), result.differences(), result.total()));
            }
        }

        private Backend secondary() {
            return route.primary().other();
        }
    }
}
