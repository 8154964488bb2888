/**
 * Schema check: the legacy schema, the PostgreSQL schema and the entity mappings against each other, every
 * problem of every table listed at once; at startup ({@link dev.cutover.schemacheck.SchemaCheck#enforce()}, a
 * {@link dev.cutover.schema.SchemaMismatchException}) or on demand ({@link dev.cutover.schemacheck.SchemaCheck#report()}).
 * Each side's part is the check its adapter runs when it creates a store. See docs/verify-and-schema-check.md.
 * The engine is in {@code dev.cutover.schemacheck.internal}, which is not API.
 */
package dev.cutover.schemacheck;
