package dev.cutover.testkit;

/**
 * A test server of a test class's own ({@link TestMariaDb#startOwn}, {@link TestPostgres#startOwn}), apart from the
 * shared one so the test may reconfigure it; closing it stops it and deletes its files. Thread-safe.
 *
 * @param <S> the server's kind
 */
public final class OwnServer<S> implements AutoCloseable {
    private final S server;
    private final AutoCloseable stop;

    OwnServer(S server, AutoCloseable stop) {
        this.server = server;
        this.stop = stop;
    }

    /** The server, to create databases on and run statements as its admin user. */
    public S server() {
        return server;
    }

    @Override
    public void close() {
        try {
            stop.close();
        } catch (Exception e) {
            System.err.println("[cutover-testkit] a test's own server did not stop cleanly: " + e);
        }
    }
}
