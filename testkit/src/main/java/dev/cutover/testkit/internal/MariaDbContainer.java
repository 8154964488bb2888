package dev.cutover.testkit.internal;

import java.util.Properties;
import org.testcontainers.mariadb.MariaDBContainer;

/** A Testcontainers MariaDB; loaded only when Testcontainers is on the class path. */
final class MariaDbContainer {
    private MariaDbContainer() {
    }

    static MariaDbServers.Found start() {
        // As root, so that tests may create and drop databases; Testcontainers gives root the container's password.
        MariaDBContainer container = new MariaDBContainer("mariadb:10.11").withUsername("root");
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "cutover-testkit-mariadb-stop"));
        Properties credentials = new Properties();
        credentials.setProperty("user", container.getUsername());
        credentials.setProperty("password", container.getPassword());
        String url = container.getJdbcUrl();
        return new MariaDbServers.Found(url, credentials,
                MariaDbServers.version(url, credentials, "Testcontainers MariaDB container"));
    }
}
