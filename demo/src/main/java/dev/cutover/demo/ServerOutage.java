package dev.cutover.demo;

/**
 * How the demo takes one side's PostgreSQL away and brings it back: by stopping its embedded server, or by cutting the
 * TCP proxy in front of a server given by URL. Not thread-safe: the demo's main thread drives it.
 */
interface ServerOutage extends AutoCloseable {

    /** What {@link #cut()} does, for the narrative. */
    String how();

    /** The server becomes unreachable: live connections fail, new ones are refused. */
    void cut();

    /** The server is reachable again, with the data it had. */
    void restore();

    @Override
    void close();
}
