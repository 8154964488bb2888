package dev.cutover.demo;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The target's embedded PostgreSQL, stopped and started again on the same port and data directory, so that
 * an outage is a real server going away (connections reset, then refused) and coming back with its data.
 * Thread-safe (a shutdown hook may close it while the demo runs).
 */
final class EmbeddedTarget implements TargetOutage {
    private final Path dataDirectory;
    private final int port;
    private EmbeddedPostgres server;

    private EmbeddedTarget(Path dataDirectory, int port) {
        this.dataDirectory = dataDirectory;
        this.port = port;
    }

    static EmbeddedTarget start(Path dataDirectory, int port) {
        EmbeddedTarget target = new EmbeddedTarget(dataDirectory, port);
        target.restore();
        return target;
    }

    @Override
    public String how() {
        return "stopping the target's PostgreSQL server (port " + port + ")";
    }

    @Override
    public void cut() {
        close();
    }

    @Override
    public synchronized void restore() {
        if (server != null) {
            return;
        }
        try {
            // DemoServers' shutdown hook stops it (then deletes its files), not one of zonky's.
            server = EmbeddedPostgres.builder().setDataDirectory(dataDirectory).setCleanDataDirectory(false)
                    .setPort(port).setRegisterShutdownHook(false).start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the target PostgreSQL on port " + port + " with data directory "
                    + dataDirectory + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not stop the target PostgreSQL on port " + port + ": " + e.getMessage(), e);
        } finally {
            server = null;
        }
    }
}
