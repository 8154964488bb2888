/**
 * Routes from feature flags. {@link dev.cutover.flags.EnvironmentRoutes} reads one environment variable
 * per method, repository, default and emergency override ({@link dev.cutover.flags.RouteVariables}),
 * validates them strictly at startup, and exposes them as Togglz features
 * ({@link dev.cutover.flags.RouteFeatures}). {@link dev.cutover.flags.LiveRoutes} adds a shared flag store
 * in PostgreSQL that every instance polls, changed through a validated and audited API
 * ({@link dev.cutover.flags.RouteFlags}), with sticky per-tenant rollouts ({@link dev.cutover.flags.Rollout});
 * the variables still beat it. See {@code docs/configuration.md}.
 *
 * <p>Classes in {@code dev.cutover.flags.internal} are not API.
 */
package dev.cutover.flags;
