/**
 * The engine behind {@link dev.cutover.flags.EnvironmentRoutes}: variable resolution and validation,
 * the Togglz feature provider and the strict, read-only environment state repository. Not API: may
 * change in any release.
 */
package dev.cutover.flags.internal;
