package dev.cutover.routing.spi;

/** One call of one backend's implementation, with the caller's arguments already bound. */
@FunctionalInterface
public interface BackendCall {
    Object invoke() throws Throwable;
}
