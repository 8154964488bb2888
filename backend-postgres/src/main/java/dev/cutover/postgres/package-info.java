/**
 * The PostgreSQL backend: {@link dev.cutover.postgres.PostgresAdapter} (a HikariCP pool, jOOQ and one
 * {@link dev.cutover.postgres.PostgresStore} per entity mapping, all joining Cutover's units of work),
 * configured by {@link dev.cutover.postgres.PostgresConfig}. Types in {@code dev.cutover.postgres.internal}
 * are not API and may change in any release.
 */
package dev.cutover.postgres;
