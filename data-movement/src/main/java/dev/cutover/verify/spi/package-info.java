/**
 * What verify shares with its sibling feature, the schema check: {@link dev.cutover.verify.spi.ReportJson}, the JSON form
 * of both reports. Called by {@code dev.cutover.verify} and {@code dev.cutover.schemacheck}; not for applications.
 */
package dev.cutover.verify.spi;
