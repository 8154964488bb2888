package dev.cutover.retry;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares that a write repository method may be repeated with the same arguments without changing the
 * outcome: an upsert by key, a delete by key, a "set status to X". Resilience (the {@code cutover-resilience4j}
 * module) retries a failed write on a transient failure only when it carries this annotation; reads are
 * retried without it. Overloads share one route, so a method name counts as idempotent only when every
 * overload of that name is annotated.
 *
 * <p>Not idempotent, so never annotate: inserts that generate keys, increments ({@code balance = balance + ?}),
 * appends, anything that sends a message.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Idempotent {
}
