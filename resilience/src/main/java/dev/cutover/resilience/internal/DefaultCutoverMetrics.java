package dev.cutover.resilience.internal;

import dev.cutover.Backend;
import dev.cutover.Cutover;
import dev.cutover.resilience.CutoverMetrics;
import dev.cutover.routing.RepositoryMethod;
import dev.cutover.routing.spi.BackendCall;
import dev.cutover.routing.spi.BackendCallDecorator;
import dev.cutover.shadow.ShadowOutcome;
import dev.cutover.shadow.ShadowReadListener;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The {@link CutoverMetrics} of {@link CutoverMetrics#of}. Meters are created once per method (on its first
 * call) and kept, so a call costs one map lookup and the recording itself.
 */
public final class DefaultCutoverMetrics implements CutoverMetrics, BackendCallDecorator {
    public static final String CALLS = "cutover.calls";
    public static final String ERRORS = "cutover.errors";
    public static final String RETRIES = "cutover.retries";
    public static final String FALLBACKS = "cutover.fallbacks";
    public static final String BREAKER_STATE = "cutover.circuit_breaker.state";
    public static final String SHADOW_READS = "cutover.shadow.reads";

    private static final Backend[] BACKENDS = Backend.values();

    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<RepositoryMethod, MethodMeters> methods = new ConcurrentHashMap<>();
    private final ShadowReadListener shadowListener = new ShadowReadListener() {
        @Override
        public void outcome(RepositoryMethod method, Backend secondary, ShadowOutcome outcome) {
            meters(method).shadow(secondary, outcome).increment();
        }

        @Override
        public String toString() {
            return "CutoverMetrics shadow-read listener";
        }
    };

    public DefaultCutoverMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.clock = registry.config().clock();
    }

    @Override
    public CutoverMetrics install(Cutover.Builder builder) {
        builder.decorateBackendCalls(this);
        return this;
    }

    @Override
    public ShadowReadListener shadowReadListener() {
        return shadowListener;
    }

    @Override
    public MeterRegistry registry() {
        return registry;
    }

    @Override
    public Object call(Backend backend, RepositoryMethod method, BackendCall call) throws Throwable {
        MethodMeters meters = meters(method);
        long start = clock.monotonicTime();
        Object result;
        try {
            result = call.invoke();
        } catch (Throwable failure) {
            meters.calls[backend.ordinal()][1].record(clock.monotonicTime() - start, TimeUnit.NANOSECONDS);
            meters.error(backend, FailureKind.errorTag(failure)).increment();
            throw failure;
        }
        meters.calls[backend.ordinal()][0].record(clock.monotonicTime() - start, TimeUnit.NANOSECONDS);
        return result;
    }

    void retried(RepositoryMethod method, Backend backend) {
        meters(method).retries[backend.ordinal()].increment();
    }

    void fellBack(RepositoryMethod method, FailureKind reason) {
        meters(method).fallback(reason).increment();
    }

    /** One gauge per state, 1 for the current one, as Resilience4j's own binder does. */
    void bind(Backend backend, CircuitBreaker breaker) {
        for (CircuitBreaker.State state : CircuitBreaker.State.values()) {
            Gauge.builder(BREAKER_STATE, breaker, b -> b.getState() == state ? 1 : 0)
                    .description("1 for the circuit breaker's current state, 0 for the others")
                    .tags("backend", backend.id(), "state", state.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
    }

    private MethodMeters meters(RepositoryMethod method) {
        MethodMeters meters = methods.get(method);
        return meters != null ? meters : methods.computeIfAbsent(method, MethodMeters::new);
    }

    @Override
    public String toString() {
        return "CutoverMetrics[" + registry.getClass().getSimpleName() + "]";
    }

    /** The meters of one repository method. */
    private final class MethodMeters {
        private final Tags tags;
        private final Timer[][] calls = new Timer[BACKENDS.length][2];
        private final Counter[] retries = new Counter[BACKENDS.length];
        private final Map<String, Counter> errors = new ConcurrentHashMap<>();
        private final Map<String, Counter> others = new ConcurrentHashMap<>();

        MethodMeters(RepositoryMethod method) {
            this.tags = Tags.of("repository", method.repository(), "method", method.method());
            String kind = method.kind().name().toLowerCase(Locale.ROOT);
            for (Backend backend : BACKENDS) {
                for (int outcome = 0; outcome < 2; outcome++) {
                    calls[backend.ordinal()][outcome] = Timer.builder(CALLS)
                            .description("Backend calls made by the Cutover router")
                            .tags(tags).tags("kind", kind, "backend", backend.id(), "outcome", outcome == 0 ? "success" : "error")
                            .register(registry);
                }
                retries[backend.ordinal()] = Counter.builder(RETRIES)
                        .description("Backend call attempts repeated after a transient failure")
                        .tags(tags).tags("backend", backend.id()).register(registry);
            }
        }

        Counter error(Backend backend, String error) {
            return errors.computeIfAbsent(backend.id() + "/" + error, key -> Counter.builder(ERRORS)
                    .description("Failed backend calls by SQLState class or Cutover condition")
                    .tags(tags).tags("backend", backend.id(), "error", error).register(registry));
        }

        Counter fallback(FailureKind reason) {
            return others.computeIfAbsent("fallback/" + reason.tag(), key -> Counter.builder(FALLBACKS)
                    .description("Reads routed to PostgreSQL that legacy served because PostgreSQL was failing")
                    .tags(tags).tags("reason", reason.tag()).register(registry));
        }

        Counter shadow(Backend secondary, ShadowOutcome outcome) {
            return others.computeIfAbsent("shadow/" + secondary.id() + "/" + outcome.tag(), key -> Counter.builder(SHADOW_READS)
                    .description("Sampled shadow reads by outcome")
                    .tags(tags).tags("secondary", secondary.id(), "outcome", outcome.tag()).register(registry));
        }
    }
}
