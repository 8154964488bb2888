/**
 * What a running instance can report about itself: the {@link dev.cutover.status.StatusContributor} SPI and the figures
 * it reports, {@link dev.cutover.status.BreakerStatus} (a circuit breaker), {@link dev.cutover.status.Backlog} (an
 * outbox's entries) and {@link dev.cutover.status.ReconcilerStats}. Implemented by the resilience and dual-write
 * components, read by the instance status reports (module cutover-status-reports). The figures live here, below the
 * features that produce them (dual-write's outbox SPI and reconciler return them too), so that the status vocabulary
 * depends on no feature and a reader of every contributor needs none of them.
 */
package dev.cutover.status;
