package dev.cutover.testkit.internal;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.util.Properties;

/** An embedded PostgreSQL (io.zonky.test); loaded only when it is on the class path. */
final class EmbeddedPostgresServer {
    private EmbeddedPostgresServer() {
    }

    /**
     * Starts one, stopped at the JVM's exit.
     *
     * @throws IllegalStateException saying why it did not start
     */
    static PostgresServers.Found start() {
        EmbeddedPostgres postgres = startWith(java.util.Map.of());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.close();
            } catch (IOException e) {
                System.err.println("[cutover-testkit] embedded PostgreSQL did not stop cleanly: " + e.getMessage());
            }
        }, "cutover-testkit-embedded-stop"));
        Properties credentials = new Properties();
        credentials.setProperty("user", "postgres");
        return new PostgresServers.Found("jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres", credentials,
                "embedded PostgreSQL (io.zonky.test)");
    }

    /** Starts one with server settings ({@code wal_level=logical}, ...); the caller closes it. */
    static EmbeddedPostgres startWith(java.util.Map<String, String> settings) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            settings.forEach(builder::setServerConfig);
            return builder.start();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** {@link #startWith} as a located server and the handle that stops it. */
    static PostgresServers.Embedded startOwn(java.util.Map<String, String> settings) {
        EmbeddedPostgres postgres = startWith(settings);
        Properties credentials = new Properties();
        credentials.setProperty("user", "postgres");
        return new PostgresServers.Embedded(new PostgresServers.Found("jdbc:postgresql://127.0.0.1:" + postgres.getPort()
                + "/postgres", credentials, "embedded PostgreSQL (io.zonky.test) with " + settings), postgres::close);
    }
}
