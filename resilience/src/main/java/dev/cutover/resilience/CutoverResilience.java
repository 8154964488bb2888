package dev.cutover.resilience;

import dev.cutover.Backend;
import dev.cutover.Cutover;
import dev.cutover.resilience.internal.DefaultCutoverResilience;
import dev.cutover.status.StatusContributor;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Resilience per backend with Resilience4j, as one backend-call decorator, and the fallback of reads from
 * PostgreSQL to legacy.
 *
 * <pre>{@code
 * CutoverResilience.custom()
 *         .timeLimit(Backend.POSTGRES, Duration.ofMillis(500))
 *         .fallbackToLegacy(true)
 *         .metrics(metrics)
 *         .build()
 *         .install(cutoverBuilder);
 * }</pre>
 *
 * <p>Each backend call goes through, outermost first: {@code Retry(CircuitBreaker(TimeLimit(call)))}. So every
 * attempt asks the breaker, an open breaker stops the retries, and a time-out counts as a failure.
 * <ul>
 *   <li><b>Circuit breaker</b>, one per backend ({@code cutover-legacy}, {@code cutover-postgres}). It counts as
 *       failures only signs of an unavailable backend: SQLState classes {@code 08} (connection), {@code 53}
 *       (insufficient resources), {@code 57} (shutdown, cancelled statement), {@code 58}, HikariCP's
 *       "connection is not available", and our time-outs. A constraint violation or an application exception
 *       proves the backend answered and counts as a success. When open, calls fail at once with
 *       {@link CircuitOpenException}.</li>
 *   <li><b>Time limit</b> (off unless set), for reads outside units of work only. A blocking JDBC call cannot be
 *       interrupted on the caller's thread, so a time-limited read runs on a bounded executor and the caller waits
 *       for it at most the limit ({@link BackendTimeoutException}); the statement may go on running until the
 *       driver returns, holding its thread and connection, so bound it on the server with {@code statement_timeout}
 *       as well. When the executor's threads and queue are full the read is refused at once
 *       ({@link BackendBusyException}). Writes are never time-limited: a caller told "failed" while the write
 *       commits later would break "a call succeeds iff its primary succeeded". Calls inside a unit of work are not
 *       time-limited either: their connection belongs to the caller's thread.</li>
 *   <li><b>Retries</b> only where safe: reads, and writes whose every overload is annotated
 *       {@link dev.cutover.retry.Idempotent}; only for transient SQLStates ({@link Builder#DEFAULT_RETRY_SQL_STATES});
 *       never inside a unit of work (a failed statement aborts the transaction, so only the whole unit could be
 *       retried); with exponential, randomised backoff.</li>
 *   <li><b>Fallback</b> (off unless set): a read on the {@code postgres} route that fails with one of the breaker's
 *       failures, or meets the open breaker, is served by legacy, counted, and logged once when fallback starts and
 *       once when PostgreSQL serves again. Not inside a unit of work, where the read must see the unit's own
 *       writes.</li>
 * </ul>
 *
 * <p>As a {@link StatusContributor} it reports each backend's breaker: state, failure rate, refused calls, fallbacks.
 *
 * <p>Thread-safe. Closed with the Cutover (its time-limit threads).
 */
public interface CutoverResilience extends AutoCloseable, StatusContributor {

    /** A builder with Cutover's defaults (see its constants). */
    static Builder custom() {
        return new Builder();
    }

    /**
     * Registers the decorator (and, if configured, the fallback handler for reads on the {@code postgres} route)
     * with the Cutover being built, and has this closed with it. Once only.
     *
     * @return this
     */
    CutoverResilience install(Cutover.Builder builder);

    /** The backend's circuit breaker, to inspect or to force ({@code transitionToForcedOpenState()}). */
    CircuitBreaker circuitBreaker(Backend backend);

    /** How many reads routed to PostgreSQL legacy has served. */
    long fallbacks();

    /** Stops the time-limit threads. Idempotent. */
    @Override
    void close();

    /** Collects settings, checking each as it is given. Not thread-safe. */
    final class Builder {
        /**
         * Cutover's circuit breaker: opens when at least half of the last 20 calls (once 10 were made) failed;
         * lets 3 trial calls through after 10 s.
         */
        public static final CircuitBreakerConfig DEFAULT_CIRCUIT_BREAKER = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(20)
                .minimumNumberOfCalls(10)
                .failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(10))
                .permittedNumberOfCallsInHalfOpenState(3)
                .build();
        /** Attempts in all, the first included. */
        public static final int DEFAULT_MAX_ATTEMPTS = 3;
        public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofMillis(50);
        public static final Duration MAX_RETRY_BACKOFF = Duration.ofSeconds(2);
        /**
         * Transient SQLStates, retried: {@code 08} (connection lost or refused; a new connection may work),
         * {@code 40001} (serialization failure) and {@code 40P01} (deadlock), which the server asks to retry,
         * {@code 57P01} (admin shutdown, the connection was terminated), {@code 57P02} (crash shutdown),
         * {@code 57P03} (cannot connect now, server starting). Not retried: {@code 55P03} (lock not available: the
         * application asked not to wait, by {@code lock_timeout} or {@code NOWAIT}; retrying multiplies the wait),
         * {@code 57014} (statement timeout: a retry doubles it), {@code 53300} (too many connections: retrying adds
         * load; the breaker handles it).
         */
        public static final List<String> DEFAULT_RETRY_SQL_STATES = List.of("08", "40001", "40P01", "57P01", "57P02", "57P03");
        public static final int DEFAULT_TIME_LIMIT_THREADS = 16;
        public static final int DEFAULT_TIME_LIMIT_QUEUE_CAPACITY = 256;

        private final Map<Backend, CircuitBreakerConfig> circuitBreakers = new EnumMap<>(Backend.class);
        private final Map<Backend, Duration> timeLimits = new EnumMap<>(Backend.class);
        private int timeLimitThreads = DEFAULT_TIME_LIMIT_THREADS;
        private int timeLimitQueueCapacity = DEFAULT_TIME_LIMIT_QUEUE_CAPACITY;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration retryBackoff = DEFAULT_RETRY_BACKOFF;
        private Set<String> retrySqlStates = new LinkedHashSet<>(DEFAULT_RETRY_SQL_STATES);
        private boolean fallbackToLegacy;
        private Clock clock;
        private CutoverMetrics metrics;

        private Builder() {
            for (Backend backend : Backend.values()) {
                circuitBreakers.put(backend, DEFAULT_CIRCUIT_BREAKER);
            }
        }

        /**
         * Both backends' circuit breaker settings (a Resilience4j config). Cutover replaces its
         * {@code recordException} predicate with its own classification of failures, and its clock with
         * {@link #clock}'s if one is given.
         */
        public Builder circuitBreaker(CircuitBreakerConfig config) {
            Objects.requireNonNull(config, "config");
            for (Backend backend : Backend.values()) {
                circuitBreakers.put(backend, config);
            }
            return this;
        }

        /** One backend's circuit breaker settings; see {@link #circuitBreaker(CircuitBreakerConfig)}. */
        public Builder circuitBreaker(Backend backend, CircuitBreakerConfig config) {
            circuitBreakers.put(Objects.requireNonNull(backend, "backend"), Objects.requireNonNull(config, "config"));
            return this;
        }

        /** Time limit of reads on both backends; none by default. */
        public Builder timeLimit(Duration limit) {
            for (Backend backend : Backend.values()) {
                timeLimit(backend, limit);
            }
            return this;
        }

        /** Time limit of reads on one backend (outside units of work); none by default. */
        public Builder timeLimit(Backend backend, Duration limit) {
            Objects.requireNonNull(backend, "backend");
            if (limit == null || limit.isNegative() || limit.isZero() || limit.toMillis() == 0) {
                throw new IllegalArgumentException("timeLimit must be at least 1 ms, was '" + limit + "'");
            }
            timeLimits.put(backend, limit);
            return this;
        }

        /**
         * Threads that run time-limited reads, for both backends together; size it like the connection pools, since
         * each running read holds a connection. {@value #DEFAULT_TIME_LIMIT_THREADS} by default.
         */
        public Builder timeLimitThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("timeLimitThreads must be at least 1, was '" + threads + "'");
            }
            this.timeLimitThreads = threads;
            return this;
        }

        /** Time-limited reads that may wait for a thread; past it they are refused. {@value #DEFAULT_TIME_LIMIT_QUEUE_CAPACITY} by default. */
        public Builder timeLimitQueueCapacity(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("timeLimitQueueCapacity must be at least 1, was '" + capacity + "'");
            }
            this.timeLimitQueueCapacity = capacity;
            return this;
        }

        /**
         * Attempts in all, the first included (1: no retries), and the wait before the first retry, doubled (with
         * up to 50% jitter) for each further one, at most {@link #MAX_RETRY_BACKOFF}. 3 attempts, 50 ms by default.
         */
        public Builder retries(int maxAttempts, Duration backoff) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1 (1 means no retries), was '" + maxAttempts + "'");
            }
            if (backoff == null || backoff.toMillis() < 1) {
                throw new IllegalArgumentException("retry backoff must be at least 1 ms, was '" + backoff + "'");
            }
            this.maxAttempts = maxAttempts;
            this.retryBackoff = backoff;
            return this;
        }

        /** No retries at all. */
        public Builder withoutRetries() {
            this.maxAttempts = 1;
            return this;
        }

        /**
         * The SQLStates retried, instead of {@link #DEFAULT_RETRY_SQL_STATES}: classes of 2 characters ({@code 08})
         * or states of 5 ({@code 40001}).
         */
        public Builder retrySqlStates(String... statesOrClasses) {
            Objects.requireNonNull(statesOrClasses, "statesOrClasses");
            Set<String> states = new LinkedHashSet<>();
            for (String state : statesOrClasses) {
                if (state == null || !(state.length() == 2 || state.length() == 5)
                        || !state.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'))) {
                    throw new IllegalArgumentException("retry SQLState '" + state + "' is neither a class of 2 characters "
                            + "('08') nor a state of 5 ('40001'), in digits and capital letters");
                }
                states.add(state);
            }
            this.retrySqlStates = states;
            return this;
        }

        /** Whether reads on the {@code postgres} route are served by legacy while PostgreSQL fails; off by default. */
        public Builder fallbackToLegacy(boolean fallback) {
            this.fallbackToLegacy = fallback;
            return this;
        }

        /**
         * The circuit breakers' clock (open-state waits and call timestamps), so that tests move time instead of
         * sleeping. The system clock by default.
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Where breaker states, retries and fallbacks are counted; none by default. */
        public Builder metrics(CutoverMetrics metrics) {
            this.metrics = Objects.requireNonNull(metrics, "metrics");
            return this;
        }

        public CutoverResilience build() {
            Map<Backend, CircuitBreakerConfig> breakers = new EnumMap<>(Backend.class);
            circuitBreakers.forEach((backend, base) -> {
                CircuitBreakerConfig.Builder config = CircuitBreakerConfig.from(base)
                        .recordException(DefaultCutoverResilience::countsAsFailure);
                if (clock != null) {
                    config.clock(clock).currentTimestampFunction(Clock::millis, TimeUnit.MILLISECONDS);
                }
                breakers.put(backend, config.build());
            });
            return new DefaultCutoverResilience(new DefaultCutoverResilience.Settings(breakers, new EnumMap<>(timeLimits),
                    timeLimitThreads, timeLimitQueueCapacity, maxAttempts, retryBackoff, MAX_RETRY_BACKOFF,
                    List.copyOf(new ArrayList<>(retrySqlStates)), fallbackToLegacy, metrics));
        }
    }
}
