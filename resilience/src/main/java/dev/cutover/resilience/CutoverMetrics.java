package dev.cutover.resilience;

import dev.cutover.Cutover;
import dev.cutover.resilience.internal.DefaultCutoverMetrics;
import dev.cutover.shadow.ShadowReadListener;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Micrometer metrics of a Cutover. Every tag value comes from a bounded set (repository and method names from
 * the interfaces, backends, outcomes, SQLState classes): never an argument or a value.
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th><th>what</th></tr>
 *   <tr><td>{@code cutover.calls}</td><td>timer</td><td>repository, method, kind, backend, outcome</td>
 *       <td>every backend call (primary, mirror, shadow, fallback) as the router made it, retries included;
 *       {@code outcome} is {@code success} or {@code error}</td></tr>
 *   <tr><td>{@code cutover.errors}</td><td>counter</td><td>repository, method, backend, error</td>
 *       <td>failed backend calls; {@code error} is {@code circuit_open}, {@code timeout}, {@code busy}, else the
 *       SQLState class ({@code 08}, {@code 23}, {@code 57}, ...), else {@code none}</td></tr>
 *   <tr><td>{@code cutover.retries}</td><td>counter</td><td>repository, method, backend</td>
 *       <td>attempts repeated after a transient failure</td></tr>
 *   <tr><td>{@code cutover.fallbacks}</td><td>counter</td><td>repository, method, reason</td>
 *       <td>reads routed to PostgreSQL served by legacy; {@code reason} is {@code circuit_open}, {@code timeout},
 *       {@code busy}, {@code connection} or {@code unavailable}</td></tr>
 *   <tr><td>{@code cutover.circuit_breaker.state}</td><td>gauge</td><td>backend, state</td>
 *       <td>1 for the breaker's current state, 0 for the others ({@code closed}, {@code open}, {@code half_open},
 *       {@code forced_open}, {@code disabled}, {@code metrics_only})</td></tr>
 *   <tr><td>{@code cutover.shadow.reads}</td><td>counter</td><td>repository, method, secondary, outcome</td>
 *       <td>sampled shadow reads; {@code outcome} is {@code match}, {@code mismatch}, {@code failed},
 *       {@code timed_out}, {@code dropped} or {@code skipped}</td></tr>
 * </table>
 *
 * <pre>{@code
 * CutoverMetrics metrics = CutoverMetrics.of(meterRegistry);
 * Cutover.Builder builder = Cutover.builder()...;
 * metrics.install(builder);                                   // first: outermost, times what callers see
 * CutoverResilience.custom().metrics(metrics).fallbackToLegacy(true).build().install(builder);
 * ShadowReads.custom().listener(metrics.shadowReadListener()).build().install(builder);
 * }</pre>
 *
 * <p>Thread-safe; one instance may serve several Cutovers.
 */
public interface CutoverMetrics {

    static CutoverMetrics of(MeterRegistry registry) {
        return new DefaultCutoverMetrics(registry);
    }

    /**
     * Times and counts every backend call of the Cutover being built. Backend-call decorators nest in the order
     * they are registered: install metrics before {@link CutoverResilience} to measure what callers see (one call
     * however many retries, circuit-breaker refusals included), after it to measure each attempt.
     *
     * @return this
     */
    CutoverMetrics install(Cutover.Builder builder);

    /** Counts shadow-read outcomes: give it to {@code ShadowReads.custom().listener(...)}. */
    ShadowReadListener shadowReadListener();

    MeterRegistry registry();
}
