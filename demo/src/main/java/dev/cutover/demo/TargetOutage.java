package dev.cutover.demo;

/**
 * How the demo takes the target PostgreSQL away and brings it back: by stopping its embedded server, or by
 * cutting the TCP proxy in front of a server given by URL. Not thread-safe: the demo's main thread drives it.
 */
interface TargetOutage extends AutoCloseable {

    /** What {@link #cut()} does, for the narrative. */
    String how();

    /** PostgreSQL becomes unreachable: live connections fail, new ones are refused. */
    void cut();

    /** PostgreSQL is reachable again, with the data it had. */
    void restore();

    @Override
    void close();
}
