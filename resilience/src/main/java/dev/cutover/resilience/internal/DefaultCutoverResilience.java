package dev.cutover.resilience.internal;

import dev.cutover.Backend;
import dev.cutover.Cutover;
import dev.cutover.DataAccessException;
import dev.cutover.resilience.BackendBusyException;
import dev.cutover.resilience.BackendTimeoutException;
import dev.cutover.resilience.CircuitOpenException;
import dev.cutover.resilience.CutoverMetrics;
import dev.cutover.resilience.CutoverResilience;
import dev.cutover.retry.Idempotent;
import dev.cutover.routing.MethodKind;
import dev.cutover.routing.RepositoryMethod;
import dev.cutover.routing.Route;
import dev.cutover.routing.spi.BackendCall;
import dev.cutover.routing.spi.BackendCallDecorator;
import dev.cutover.status.BreakerStatus;
import dev.cutover.tx.TransactionalConnections;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.core.functions.CheckedSupplier;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.lang.reflect.Method;
import java.lang.reflect.UndeclaredThrowableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link CutoverResilience} built by {@link CutoverResilience#custom()}: the decorator and the fallback handler. */
public final class DefaultCutoverResilience implements CutoverResilience, BackendCallDecorator {
    private static final Logger LOG = LoggerFactory.getLogger(CutoverResilience.class);

    /** What the builder collected; checked there. */
    public record Settings(Map<Backend, CircuitBreakerConfig> circuitBreakers, Map<Backend, Duration> timeLimits,
            int timeLimitThreads, int timeLimitQueueCapacity, int maxAttempts, Duration retryBackoff, Duration maxBackoff,
            List<String> retrySqlStates, boolean fallbackToLegacy, CutoverMetrics metrics) {
    }

    private final Settings settings;
    private final CircuitBreaker[] breakers = new CircuitBreaker[Backend.values().length];
    private final TimeLimiter[] limiters = new TimeLimiter[Backend.values().length];
    private final Duration[] limits = new Duration[Backend.values().length];
    private final Retry[] retries = new Retry[Backend.values().length];
    private final ThreadPoolExecutor timeLimitExecutor;
    private final DefaultCutoverMetrics metrics;
    private final Map<RepositoryMethod, Boolean> retryableWrites = new ConcurrentHashMap<>();
    private final LegacyFallback fallback;
    private final AtomicBoolean installed = new AtomicBoolean();

    public DefaultCutoverResilience(Settings settings) {
        this.settings = settings;
        this.metrics = (DefaultCutoverMetrics) settings.metrics();
        for (Backend backend : Backend.values()) {
            String name = "cutover-" + backend.id();
            CircuitBreaker breaker = CircuitBreaker.of(name, settings.circuitBreakers().get(backend));
            breaker.getEventPublisher().onStateTransition(event -> {
                CircuitBreaker.StateTransition transition = event.getStateTransition();
                CircuitBreaker.State to = transition.getToState();
                if (to == CircuitBreaker.State.CLOSED) {
                    LOG.info("Circuit breaker '{}': {} -> {}; {} is called again", name, transition.getFromState(), to, backend);
                } else if (to == CircuitBreaker.State.HALF_OPEN) {
                    LOG.info("Circuit breaker '{}': {} -> {}; trial calls go to {}", name, transition.getFromState(), to, backend);
                } else if (to == CircuitBreaker.State.OPEN) {
                    LOG.warn("Circuit breaker '{}': {} -> {} (failure rate {}% of the last {} calls); {} is not called for a while",
                            name, transition.getFromState(), to, breaker.getMetrics().getFailureRate(),
                            breaker.getMetrics().getNumberOfBufferedCalls(), backend);
                } else {
                    LOG.warn("Circuit breaker '{}': {} -> {}", name, transition.getFromState(), to);
                }
            });
            breakers[backend.ordinal()] = breaker;
            Duration limit = settings.timeLimits().get(backend);
            if (limit != null) {
                limits[backend.ordinal()] = limit;
                limiters[backend.ordinal()] = TimeLimiter.of(name, TimeLimiterConfig.custom()
                        .timeoutDuration(limit).cancelRunningFuture(true).build());
            }
            if (settings.maxAttempts() > 1) {
                retries[backend.ordinal()] = Retry.of(name, RetryConfig.custom()
                        .maxAttempts(settings.maxAttempts())
                        .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(settings.retryBackoff(), 2.0, 0.5,
                                settings.maxBackoff()))
                        .retryOnException(this::isTransient)
                        .build());
            }
        }
        if (settings.timeLimits().isEmpty()) {
            this.timeLimitExecutor = null;
        } else {
            AtomicInteger number = new AtomicInteger();
            ThreadPoolExecutor pool = new ThreadPoolExecutor(settings.timeLimitThreads(), settings.timeLimitThreads(),
                    30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(settings.timeLimitQueueCapacity()), runnable -> {
                        Thread thread = new Thread(runnable, "cutover-time-limit-" + number.incrementAndGet());
                        thread.setDaemon(true);
                        return thread;
                    }, new ThreadPoolExecutor.AbortPolicy());
            pool.allowCoreThreadTimeOut(true);
            this.timeLimitExecutor = pool;
        }
        this.fallback = settings.fallbackToLegacy() ? new LegacyFallback(metrics) : null;
    }

    /** The breakers' failures: signs of an unavailable backend, not of a bad call. */
    public static boolean countsAsFailure(Throwable failure) {
        FailureKind kind = FailureKind.of(failure);
        return kind.isUnavailability() && kind != FailureKind.CIRCUIT_OPEN;
    }

    @Override
    public CutoverResilience install(Cutover.Builder builder) {
        if (!installed.compareAndSet(false, true)) {
            throw new IllegalStateException("This CutoverResilience is already installed in a Cutover; build another "
                    + "for another Cutover (circuit breakers are per Cutover)");
        }
        builder.decorateBackendCalls(this);
        if (fallback != null) {
            builder.handle(Route.POSTGRES, MethodKind.READ, fallback);
        }
        builder.closeOnClose(this);
        if (metrics != null) {
            for (Backend backend : Backend.values()) {
                metrics.bind(backend, breakers[backend.ordinal()]);
            }
        }
        return this;
    }

    @Override
    public Object call(Backend backend, RepositoryMethod method, BackendCall call) throws Throwable {
        boolean inUnitOfWork = TransactionalConnections.inUnitOfWork();
        int index = backend.ordinal();
        TimeLimiter limiter = limiters[index];
        CheckedSupplier<Object> attempt = limiter != null && method.kind() == MethodKind.READ && !inUnitOfWork
                ? () -> timeLimited(backend, method, call, limiter)
                : call::invoke;
        CircuitBreaker breaker = breakers[index];
        CheckedSupplier<Object> guarded = () -> {
            try {
                return breaker.executeCheckedSupplier(attempt);
            } catch (CallNotPermittedException refused) {
                throw new CircuitOpenException(backend, method.qualifiedName(), breaker, refused);
            }
        };
        Retry retry = retries[index];
        if (retry == null || inUnitOfWork || !(method.kind() == MethodKind.READ || isIdempotent(method))) {
            return guarded.get();
        }
        int[] attempts = {0};
        return retry.executeCheckedSupplier(() -> {
            if (attempts[0]++ > 0 && metrics != null) {
                metrics.retried(method, backend);
            }
            return guarded.get();
        });
    }

    private Object timeLimited(Backend backend, RepositoryMethod method, BackendCall call, TimeLimiter limiter) throws Throwable {
        Future<Object> future;
        try {
            future = timeLimitExecutor.submit(() -> {
                try {
                    return call.invoke();
                } catch (Exception | Error e) {
                    throw e;
                } catch (Throwable t) {
                    throw new UndeclaredThrowableException(t);
                }
            });
        } catch (RejectedExecutionException e) {
            throw new BackendBusyException(backend, method.qualifiedName(), settings.timeLimitThreads(),
                    settings.timeLimitQueueCapacity(), e);
        }
        try {
            return limiter.executeFutureSupplier(() -> future);
        } catch (TimeoutException e) {
            throw new BackendTimeoutException(backend, method.qualifiedName(), limits[backend.ordinal()], e);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new DataAccessException(backend, "Interrupted while waiting for " + backend + " to answer "
                    + method.qualifiedName(), e);
        }
    }

    private boolean isTransient(Throwable failure) {
        String state = FailureKind.sqlState(failure);
        if (state == null || failure instanceof CircuitOpenException || failure instanceof BackendTimeoutException
                || failure instanceof BackendBusyException) {
            return false;
        }
        for (String retried : settings.retrySqlStates()) {
            if (retried.length() == 2 ? state.startsWith(retried) : state.equals(retried)) {
                return true;
            }
        }
        return false;
    }

    /** A write is retried only if every overload of its name declares it idempotent. */
    private boolean isIdempotent(RepositoryMethod method) {
        return retryableWrites.computeIfAbsent(method, m -> {
            List<Method> named = Arrays.stream(m.type().getMethods()).filter(x -> x.getName().equals(m.method())).toList();
            return !named.isEmpty() && named.stream().allMatch(x -> x.isAnnotationPresent(Idempotent.class));
        });
    }

    @Override
    public CircuitBreaker circuitBreaker(Backend backend) {
        return breakers[backend.ordinal()];
    }

    @Override
    public long fallbacks() {
        return fallback == null ? 0 : fallback.count();
    }

    @Override
    public List<BreakerStatus> breakerStatus() {
        List<BreakerStatus> status = new ArrayList<>();
        for (Backend backend : Backend.values()) {
            CircuitBreaker breaker = circuitBreaker(backend);
            CircuitBreaker.Metrics metrics = breaker.getMetrics();
            status.add(new BreakerStatus(backend, breaker.getName(), breaker.getState().name(), metrics.getFailureRate(),
                    metrics.getNumberOfBufferedCalls(), metrics.getNumberOfFailedCalls(), metrics.getNumberOfNotPermittedCalls(),
                    backend == Backend.POSTGRES ? fallbacks() : 0));
        }
        return List.copyOf(status);
    }

    @Override
    public void close() {
        if (timeLimitExecutor != null) {
            timeLimitExecutor.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return "CutoverResilience[timeLimits=" + settings.timeLimits() + ", maxAttempts=" + settings.maxAttempts()
                + ", retrySqlStates=" + settings.retrySqlStates() + ", fallbackToLegacy=" + settings.fallbackToLegacy() + "]";
    }
}
