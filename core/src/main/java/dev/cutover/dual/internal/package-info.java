/** Dual-write's engine: the write handler, key plans, table and journal outboxes, the reconciler. Not API. */
package dev.cutover.dual.internal;
