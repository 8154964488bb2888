/**
 * What makes a repository call safe to repeat. {@link dev.cutover.retry.Idempotent} is here, in core, so that
 * repository interfaces can declare it without depending on a resilience library.
 */
package dev.cutover.retry;
