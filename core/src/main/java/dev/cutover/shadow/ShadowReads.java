package dev.cutover.shadow;

import dev.cutover.Cutover;
import dev.cutover.compare.Comparison;
import dev.cutover.compare.ComparisonRules;
import dev.cutover.shadow.internal.DefaultShadowReads;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * Shadow reads for the dual routes: on {@code legacy-dual} a read is served by legacy and, for a sample of
 * calls, read again from PostgreSQL and compared; on {@code postgres-dual} the other way round.
 *
 * <pre>{@code
 * ShadowReads shadow = ShadowReads.custom()
 *         .sampleRate(0.1)
 *         .timeout(Duration.ofSeconds(1))
 *         .rules(ComparisonRules.custom().ignore("updatedAt").build())
 *         .rules(ClientRepository.class, "findByCompany", ComparisonRules.custom().unordered("tags").build())
 *         .listener(metrics.shadowReadListener())
 *         .build()
 *         .install(cutoverBuilder);
 * }</pre>
 *
 * <p>What the caller gets is the primary's answer or the primary's exception, and nothing of the secondary's
 * time: the secondary read is submitted after the primary answered, to a bounded executor (when its queue is
 * full the read is dropped and counted, never waited for), and limited in time. Each sampled call ends with one
 * {@link ShadowOutcome}; a mismatch is kept with its method, its arguments (rendered safely and shortened) and
 * the field-level differences found by {@link Comparison} (the one normalisation Cutover uses everywhere),
 * counted, kept among the {@link #recentMismatches() recent mismatches}, passed to the listeners and logged at
 * a rate that cannot flood the log. Failures and time-outs of the secondary are recorded the same way, never
 * thrown.
 *
 * <p>Calls inside a unit of work are not shadow-read ({@link ShadowOutcome#SKIPPED}): the secondary runs on
 * another thread, outside the unit, and could not see its uncommitted writes. The secondary call goes through
 * the backend-call decorators (metrics, circuit breaker) like any other. Do not modify a result while it may
 * still be compared (records of immutable values are safe; a {@code JsonNode} inside one is mutable).
 *
 * <p>Thread-safe. {@link Cutover#close()} closes it (it registers itself with {@code closeOnClose}).
 */
public interface ShadowReads extends AutoCloseable {

    /** A builder with the defaults: sample rate 0.1, time limit 1 s, 2 threads, a queue of 100. */
    static Builder custom() {
        return new Builder();
    }

    /**
     * Handles reads on {@code legacy-dual} and {@code postgres-dual} for the Cutover being built, and has it
     * closed with the Cutover. Once only.
     *
     * @return this
     * @throws IllegalStateException if already installed
     */
    ShadowReads install(Cutover.Builder builder);

    /** Outcomes counted so far; an outcome is counted after every listener has been told of it. */
    ShadowReadStats stats();

    /** The most recent mismatches, newest first, at most {@link Builder#recentMismatches(int)} of them. */
    List<ShadowMismatch> recentMismatches();

    /**
     * Stops taking shadow reads, lets running ones finish within the time limit, then stops the threads it
     * owns (an executor given with {@link Builder#executor} is left to its owner). Idempotent.
     */
    @Override
    void close();

    /** Collects settings, checking each as it is given. Not thread-safe. */
    final class Builder {
        /** Default share of calls that get a shadow read. */
        public static final double DEFAULT_SAMPLE_RATE = 0.1;
        public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
        public static final int DEFAULT_THREADS = 2;
        public static final int DEFAULT_QUEUE_CAPACITY = 100;
        public static final int DEFAULT_RECENT_MISMATCHES = 100;
        public static final int DEFAULT_LOG_LINES_PER_MINUTE = 10;

        private ShadowSampler sampler = ShadowSampler.rate(DEFAULT_SAMPLE_RATE);
        private Duration timeout = DEFAULT_TIMEOUT;
        private int threads = DEFAULT_THREADS;
        private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
        private Executor executor;
        private ComparisonRules rules = ComparisonRules.ofDefaults();
        private final Map<Class<?>, Map<String, ComparisonRules>> methodRules = new LinkedHashMap<>();
        private final List<ShadowReadListener> listeners = new ArrayList<>();
        private int recentMismatches = DEFAULT_RECENT_MISMATCHES;
        private int logLinesPerMinute = DEFAULT_LOG_LINES_PER_MINUTE;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** The share of calls shadow-read, from 0.0 (none) to 1.0 (every call); {@value #DEFAULT_SAMPLE_RATE} by default. */
        public Builder sampleRate(double sampleRate) {
            this.sampler = ShadowSampler.rate(sampleRate);
            return this;
        }

        /** Decides per call instead of {@link #sampleRate}: per method, per tenant, or deterministically in tests. */
        public Builder sampler(ShadowSampler sampler) {
            this.sampler = Objects.requireNonNull(sampler, "sampler");
            return this;
        }

        /**
         * How long a secondary read may take, counted from its submission (so time in the queue counts); past it
         * the read is recorded as {@link ShadowOutcome#TIMED_OUT} and its late answer ignored. The thread stays
         * busy until the driver returns: a blocking JDBC call cannot be abandoned, so bound it on the server too
         * ({@code statement_timeout}). 1 s by default.
         */
        public Builder timeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, was '" + timeout + "'");
            }
            this.timeout = timeout;
            return this;
        }

        /** Threads of the shadow executor Cutover creates; {@value #DEFAULT_THREADS} by default. */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, was '" + threads + "'");
            }
            this.threads = threads;
            return this;
        }

        /**
         * Shadow reads that may wait for a thread; when this many wait, further ones are dropped
         * ({@link ShadowOutcome#DROPPED}). {@value #DEFAULT_QUEUE_CAPACITY} by default.
         */
        public Builder queueCapacity(int queueCapacity) {
            if (queueCapacity < 1) {
                throw new IllegalArgumentException("queueCapacity must be at least 1, was '" + queueCapacity + "'");
            }
            this.queueCapacity = queueCapacity;
            return this;
        }

        /**
         * Runs the secondary reads on an executor of the application's instead of one Cutover creates (then
         * {@link #threads} and {@link #queueCapacity} do not apply, and closing leaves it running). It must reject
         * work when full rather than block or run it on the caller's thread: a {@link ThreadPoolExecutor} with an
         * unbounded queue or a {@link ThreadPoolExecutor.CallerRunsPolicy} is refused.
         */
        public Builder executor(Executor executor) {
            Objects.requireNonNull(executor, "executor");
            if (executor instanceof ThreadPoolExecutor pool) {
                if (pool.getRejectedExecutionHandler() instanceof ThreadPoolExecutor.CallerRunsPolicy) {
                    throw new IllegalArgumentException("The shadow executor runs rejected work on the caller's thread "
                            + "(CallerRunsPolicy), which would add the secondary's latency to callers; use AbortPolicy");
                }
                if (pool.getQueue().remainingCapacity() == Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("The shadow executor's queue is unbounded, so shadow reads would "
                            + "pile up when the secondary is slow; give it a bounded queue (new ArrayBlockingQueue<>(100))");
                }
            }
            this.executor = executor;
            return this;
        }

        /** How every method's answers are compared, unless {@link #rules(Class, String, ComparisonRules)} says otherwise. */
        public Builder rules(ComparisonRules rules) {
            this.rules = Objects.requireNonNull(rules, "rules");
            return this;
        }

        /**
         * How one method's answers are compared (all its overloads).
         *
         * @throws IllegalArgumentException if {@code repository} has no such method, listing the ones it has
         */
        public Builder rules(Class<?> repository, String method, ComparisonRules rules) {
            Objects.requireNonNull(repository, "repository");
            Objects.requireNonNull(rules, "rules");
            List<Method> methods = Arrays.stream(repository.getMethods())
                    .filter(m -> !m.isDefault() && !Modifier.isStatic(m.getModifiers())).toList();
            if (methods.stream().noneMatch(m -> m.getName().equals(method))) {
                throw new IllegalArgumentException(repository.getSimpleName() + " has no method '" + method
                        + "'; its methods: " + new TreeSet<>(methods.stream().map(Method::getName).toList()));
            }
            methodRules.computeIfAbsent(repository, r -> new LinkedHashMap<>()).put(method, rules);
            return this;
        }

        /** Told of every outcome and mismatch; several may be added. */
        public Builder listener(ShadowReadListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** How many mismatches {@link ShadowReads#recentMismatches()} keeps; {@value #DEFAULT_RECENT_MISMATCHES} by default. */
        public Builder recentMismatches(int capacity) {
            if (capacity < 0) {
                throw new IllegalArgumentException("recentMismatches must be at least 0, was '" + capacity + "'");
            }
            this.recentMismatches = capacity;
            return this;
        }

        /**
         * At most this many shadow-read log lines (mismatches, failures, time-outs, drops) per minute; the rest
         * are counted and summed up in one line when the minute is over. {@value #DEFAULT_LOG_LINES_PER_MINUTE}
         * by default; 0 logs only the summaries.
         */
        public Builder logLinesPerMinute(int lines) {
            if (lines < 0) {
                throw new IllegalArgumentException("logLinesPerMinute must be at least 0, was '" + lines + "'");
            }
            this.logLinesPerMinute = lines;
            return this;
        }

        /** The clock of mismatch timestamps and of the log's minutes; tests give a fixed or manual one. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public ShadowReads build() {
            Map<Class<?>, Map<String, ComparisonRules>> perMethod = new LinkedHashMap<>();
            methodRules.forEach((type, byName) -> perMethod.put(type, Map.copyOf(byName)));
            return new DefaultShadowReads(new DefaultShadowReads.Settings(sampler, timeout, threads, queueCapacity,
                    executor, rules, Map.copyOf(perMethod), List.copyOf(listeners), recentMismatches,
                    logLinesPerMinute, clock));
        }
    }
}
