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

    /**
     * Waits until the database has no session but the asking one. A closed connection's server process
     * leaves {@code pg_stat_activity} a moment after the client hangs up, so this polls, for at most 10 s.
     */
    static void assertNoOpenConnections(TestDatabase database) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        long open = database.openConnections();
        while (open > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            open = database.openConnections();
        }
        assertThat(open).as("connections left open to %s", database.name()).isZero();
    }
}
