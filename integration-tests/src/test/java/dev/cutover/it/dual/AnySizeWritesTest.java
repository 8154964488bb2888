package dev.cutover.it.dual;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.routing.Route;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A route never changes whether a write can be made (issue 9): on every route and both legacy engines, {@code saveAll},
 * {@code findByKeys} and {@code deleteByKeys} of 22,000 rows with a three-column key. That is 66,000 key parameters and
 * 110,000 row parameters, past PgJDBC's and MariaDB's 65,535 bind parameters, and a write of 22 MB, past this MariaDB's
 * {@code max_allowed_packet}, so that a statement or batch that is not chunked fails. 200,000 rows: {@link AnySizeWritesSlowTest}.
 */
class AnySizeWritesTest extends AnySizeWrites {
    static final int ROWS = 22_000;
    static final int LABEL = 1_000;
    private static Databases databases;

    @BeforeAll
    static void createDatabases() {
        databases = Databases.create("any_size");
    }

    @AfterAll
    static void dropDatabases() {
        databases.close();
    }

    static Stream<Arguments> routes() {
        return Stream.of(Engine.values()).flatMap(engine -> Stream.of(Route.values()).map(route -> Arguments.of(engine, route)));
    }

    @ParameterizedTest(name = "{0} legacy, route {1}")
    @MethodSource("routes")
    void shouldSaveFindAndDeleteMoreRowsAndKeysThanAStatementCanCarry(Engine engine, Route route) throws Exception {
        assertThat(ROWS * 3).as("key parameters").isGreaterThan(65_535);
        assertThat((long) ROWS * LABEL).as("bytes written")
                .isGreaterThan(databases.legacyMariaDb().queryLong("SELECT @@max_allowed_packet"));

        saveFindDelete(databases, engine, route, ROWS, LABEL);
    }

    @ParameterizedTest(name = "route {0}")
    @EnumSource(value = Route.class, names = {"LEGACY_DUAL", "POSTGRES_DUAL"})
    void shouldMirrorAUnitOfWorkThatWritesMoreRowsThanAStatementCanCarry(Route route) throws Exception {
        databases.reset(Engine.POSTGRESQL);
        try (Fixture fixture = new Fixture(databases, Engine.POSTGRESQL, route)) {
            List<Reading> readings = readings(ROWS, 20, "unit-");

            fixture.cutover.transaction(() -> fixture.readings().saveAll(readings));

            assertThat(fixture.dualWrites.reconciler().awaitEmpty(Duration.ofMinutes(5))).isTrue();
            assertThat(databases.legacyPostgres().queryLong("SELECT count(*) FROM readings")).isEqualTo(ROWS);
            assertThat(databases.target().queryLong("SELECT count(*) FROM readings")).isEqualTo(ROWS);
            List<Reading.Key> keys = readings.stream().map(Reading::key).toList();
            assertThat(new HashSet<>(fixture.legacyStore.findByKeys(keys))).isEqualTo(new HashSet<>(readings));
            assertThat(new HashSet<>(fixture.postgresStore.findByKeys(keys))).isEqualTo(new HashSet<>(readings));
        }
    }
}
