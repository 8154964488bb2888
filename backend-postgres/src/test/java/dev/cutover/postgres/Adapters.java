package dev.cutover.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.testkit.TestDatabase;
import java.time.Duration;

/** Adapters on test databases, and the leak check that follows closing them. */
final class Adapters {
    private Adapters() {
    }

    static PostgresConfig config(TestDatabase database) {
        return PostgresConfig.custom()
                .jdbcUrl(database.jdbcUrl())
                .username(database.username())
                .password(database.password())
                .maximumPoolSize(4)
                .connectionTimeout(Duration.ofSeconds(5))
                .build();
    }

    static PostgresAdapter create(TestDatabase database) {
        return PostgresAdapter.create(config(database));
    }

    static void assertNoOpenConnections(TestDatabase database) {
        assertThat(database.openConnectionsAfterClose()).as("connections left open to %s", database.name()).isZero();
    }
}
