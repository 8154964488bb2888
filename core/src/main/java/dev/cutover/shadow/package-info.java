/**
 * Shadow reads for the dual routes: the caller is served by the route's primary; a sample of reads is repeated
 * on the other backend, off the caller's thread, and the two answers compared field by field with
 * {@link dev.cutover.compare.Comparison}. Entry point: {@link dev.cutover.shadow.ShadowReads}.
 *
 * <p>Where it sits in a call: route handler (this, for reads on {@code legacy-dual} and {@code postgres-dual})
 * then, for each backend call it makes, the backend-call decorators (metrics, resilience) then the
 * implementation.
 */
package dev.cutover.shadow;
