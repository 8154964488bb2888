/**
 * Resilience of backend calls with Resilience4j ({@link dev.cutover.resilience.CutoverResilience}: circuit breaker,
 * time limit, safe retries, fallback of reads to legacy) and Micrometer metrics of calls, errors, fallbacks,
 * breakers and shadow reads ({@link dev.cutover.resilience.CutoverMetrics}).
 *
 * <p>Order in one call: route handler (shadow reads, dual-write, fallback) then backend-call decorators in
 * registration order (metrics first, then {@code Retry(CircuitBreaker(TimeLimit(...)))}) then the implementation.
 */
package dev.cutover.resilience;
