/**
 * What core gives the modules that read and write mapped rows: {@link dev.cutover.mapping.spi.Values} checks and converts
 * values to a column type's canonical Java type and holds the one JSON mapper; {@link dev.cutover.mapping.spi.KeyJson} is
 * the one text encoding of keys that Cutover persists (outbox rows, backfill chunk bounds, quarantine rows). Called by
 * the stores and COPY of the backend modules, by data movement (backfill, verify) and by core's comparison and
 * dual-write; nothing here is for applications, which hand values to an {@code EntityMapping}.
 */
package dev.cutover.mapping.spi;
