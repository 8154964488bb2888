/**
 * The engine behind {@code dev.cutover.postgres}: not API, may change in any release. The jOOQ store, the
 * startup schema check against {@code pg_catalog}, and the jOOQ providers that route connections and
 * transactions through {@link dev.cutover.tx.TransactionalConnections}.
 */
package dev.cutover.postgres.internal;
