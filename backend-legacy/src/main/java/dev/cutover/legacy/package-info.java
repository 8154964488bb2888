/**
 * The legacy backend: generic {@link dev.cutover.store.EntityStore}s in plain JDBC over a legacy schema
 * whose table names, column names and storage types differ from the target's. Start with
 * {@link dev.cutover.legacy.LegacyAdapter#create(dev.cutover.legacy.LegacyConfig)}, bind each mapping to its
 * legacy table with {@link dev.cutover.legacy.LegacyTable}, and ask the adapter for a
 * {@link dev.cutover.legacy.LegacyStore}. Everything in {@code dev.cutover.legacy.internal} is not API.
 */
package dev.cutover.legacy;
