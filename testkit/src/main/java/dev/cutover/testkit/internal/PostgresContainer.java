package dev.cutover.testkit.internal;

import java.util.Properties;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** A Testcontainers PostgreSQL; loaded only when Testcontainers is on the class path. */
final class PostgresContainer {
    private PostgresContainer() {
    }

    static PostgresServers.Found start() {
        PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine");
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "cutover-testkit-container-stop"));
        Properties credentials = new Properties();
        credentials.setProperty("user", container.getUsername());
        credentials.setProperty("password", container.getPassword());
        return new PostgresServers.Found(container.getJdbcUrl(), credentials, "Testcontainers PostgreSQL container");
    }
}
