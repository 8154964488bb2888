/**
 * What other modules tell dual-write's reconciler: {@link dev.cutover.dual.spi.UncommittedCopies} (the backfill's
 * chunks being copied, so that their keys' entries are kept until the chunk commits).
 */
package dev.cutover.dual.spi;
