package dev.cutover.tx;

/** The body of a unit of work. */
@FunctionalInterface
public interface TransactionRunnable<X extends Throwable> {
    void run() throws X;
}
