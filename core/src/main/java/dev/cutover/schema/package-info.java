/**
 * How a database schema does not fit an entity mapping: {@link dev.cutover.schema.SchemaProblem}, found by each
 * backend's schema check, and {@link dev.cutover.schema.SchemaMismatchException}, raised when a store is created.
 */
package dev.cutover.schema;
