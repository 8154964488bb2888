/**
 * Routes from feature flags: {@link dev.cutover.flags.EnvironmentRoutes} reads one environment variable
 * per method, repository, default and emergency override ({@link dev.cutover.flags.RouteVariables}),
 * validates them strictly at startup, and exposes them as Togglz features
 * ({@link dev.cutover.flags.RouteFeatures}). See {@code docs/configuration.md}.
 *
 * <p>Classes in {@code dev.cutover.flags.internal} are not API.
 */
package dev.cutover.flags;
