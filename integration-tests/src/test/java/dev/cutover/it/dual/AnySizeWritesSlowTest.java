package dev.cutover.it.dual;

import dev.cutover.routing.Route;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link AnySizeWritesTest} at the size the issue names: 200,000 rows and keys with a three-column key, on every route
 * and both legacy engines. A soak suite (about 6 minutes): not in the default run; CI's second pass runs it, and so does
 * {@code mvn verify -pl integration-tests -am -Dgroups=soak -DexcludedGroups=}.
 */
@Tag("soak")
class AnySizeWritesSlowTest extends AnySizeWrites {
    static final int ROWS = 200_000;
    private static Databases databases;

    @BeforeAll
    static void createDatabases() {
        databases = Databases.create("any_size_slow");
    }

    @AfterAll
    static void dropDatabases() {
        databases.close();
    }

    static Stream<Arguments> routes() {
        return AnySizeWritesTest.routes();
    }

    @ParameterizedTest(name = "{0} legacy, route {1}")
    @MethodSource("routes")
    void shouldSaveFindAndDeleteTwoHundredThousandRows(Engine engine, Route route) throws Exception {
        saveFindDelete(databases, engine, route, ROWS, 100);
    }
}
