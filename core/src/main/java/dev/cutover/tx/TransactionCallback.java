package dev.cutover.tx;

/** The body of a unit of work that returns a value. */
@FunctionalInterface
public interface TransactionCallback<T, X extends Throwable> {
    T run() throws X;
}
