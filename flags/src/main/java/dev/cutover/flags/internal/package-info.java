/**
 * The engine behind {@link dev.cutover.flags.EnvironmentRoutes} and {@link dev.cutover.flags.LiveRoutes}:
 * variable resolution and validation, the Togglz feature provider, the strict read-only environment state
 * repository, the flag store's tables and refresher, the precomputed switch plans and the tenant hash.
 * Not API: may change in any release.
 */
package dev.cutover.flags.internal;
