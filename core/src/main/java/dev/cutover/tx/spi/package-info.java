/**
 * Units of work as route handlers and stores see them; not for applications, which use {@code Cutover.transaction}.
 *
 * <ul>
 *   <li>{@link dev.cutover.tx.spi.UnitOfWork}: the one thread-bound resource. Begun by {@code Cutover.transaction}, by
 *       dual-write for a call outside any unit and by the reconciler's copies; read by the router (pinned routes), by
 *       {@link dev.cutover.tx.TransactionalConnections} (the unit's connection) and by dual-write.</li>
 *   <li>{@link dev.cutover.tx.spi.OutboxParticipant}: implemented by dual-write and registered on the unit while a call's
 *       primary implementation runs, for the primary's connections.</li>
 *   <li>{@link dev.cutover.tx.spi.StatementOutbox}: what a store's write gets from
 *       {@link dev.cutover.tx.TransactionalConnections#upsertOutbox} / {@code deleteOutbox} when it is the primary write
 *       of a dual write: the outbox entries to write in the same statement. Used by the stores of the backend
 *       modules.</li>
 * </ul>
 *
 * <p>One dual write, top to bottom: the route handler opens or joins the unit and registers its participant; the
 * repository implementation calls its store; the store asks its connections for the write's outbox, sends one
 * statement, and reports what came back to the participant; the handler records whatever keys no statement carried,
 * and the unit's end mirrors them. Nothing below the handler calls back into it.
 */
package dev.cutover.tx.spi;
