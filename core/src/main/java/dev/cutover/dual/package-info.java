/**
 * Dual-write with a transactional outbox: writes on the dual routes go to the primary backend, record their keys
 * in the primary's outbox in the same transaction, and are copied to the secondary after commit; a reconciler
 * converges what is left. Entry point: {@link dev.cutover.dual.DualWrites}. A call goes: dual-write (the route
 * handler) -> backend-call decorators -> the implementation.
 */
package dev.cutover.dual;
