package dev.cutover.demo;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * One side's embedded PostgreSQL (legacy or target), stopped and started again on the same port and data directory, so
 * that an outage is a real server going away (connections reset, then refused) and coming back with its data.
 * Thread-safe (a shutdown hook may close it while the demo runs).
 */
final class EmbeddedServer implements ServerOutage {
    private final String side;
    private final Path dataDirectory;
    private final int port;
    private EmbeddedPostgres server;

    private EmbeddedServer(String side, Path dataDirectory, int port) {
        this.side = side;
        this.dataDirectory = dataDirectory;
        this.port = port;
    }

    /** @param side {@code legacy} or {@code target}, for messages */
    static EmbeddedServer start(String side, Path dataDirectory, int port) {
        EmbeddedServer embedded = new EmbeddedServer(side, dataDirectory, port);
        embedded.restore();
        return embedded;
    }

    int port() {
        return port;
    }

    @Override
    public String how() {
        return "stopping the " + side + " PostgreSQL server (port " + port + ")";
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
            throw new UncheckedIOException("Could not start the " + side + " PostgreSQL on port " + port + " with data directory "
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
            throw new UncheckedIOException("Could not stop the " + side + " PostgreSQL on port " + port + ": " + e.getMessage(), e);
        } finally {
            server = null;
        }
    }
}
