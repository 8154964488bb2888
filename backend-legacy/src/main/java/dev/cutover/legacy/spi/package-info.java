/**
 * What the legacy backend gives the modules that move data, beyond the stores: {@link
 * dev.cutover.legacy.spi.LegacyRangeReader} streams a key range of a legacy table. Called by the backfill and verify of
 * {@code cutover-data-movement}; implemented in this module only. Not for applications, whose reads go through
 * {@link dev.cutover.legacy.LegacyStore}.
 */
package dev.cutover.legacy.spi;
