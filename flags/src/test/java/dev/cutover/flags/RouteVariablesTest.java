package dev.cutover.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.routing.MethodKind;
import dev.cutover.routing.RepositoryMethod;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouteVariablesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "findById, FIND_BY_ID",
        "findByYclientsId, FIND_BY_YCLIENTS_ID",
        "findByID, FIND_BY_ID",
        "findByIDAndName, FIND_BY_ID_AND_NAME",
        "findAllIDs, FIND_ALL_IDS",
        "findIDsByName, FIND_IDS_BY_NAME",
        "getURLsAndIDs, GET_URLS_AND_IDS",
        "findBySKUs, FIND_BY_SKUS",
        "isAValidId, IS_A_VALID_ID",
        "ClientRepository, CLIENT_REPOSITORY",
        "CLIENTRepository, CLIENT_REPOSITORY",
        "IOStats, IO_STATS",
        "saveV2, SAVE_V2",
        "findByV2Id, FIND_BY_V2_ID",
        "findTop10ByName, FIND_TOP10_BY_NAME",
        "s3Repository, S3_REPOSITORY",
        "save, SAVE",
        "URL, URL",
        "find_by_id, FIND_BY_ID",
        "find__byId, FIND_BY_ID",
        "_find$byId_, FIND_BY_ID",
        "a, A"})
    void shouldConvertJavaNamesToUpperSnakeCase(String javaName, String expected) {
        assertThat(RouteVariables.upperSnake(javaName)).isEqualTo(expected);
    }

    @Test
    void shouldRefuseNamesWithCharactersOutsideAscii() {
        assertThatThrownBy(() -> RouteVariables.upperSnake("trouv\u00e9ParNom"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'trouv\u00e9ParNom' has characters other than ASCII letters, digits, _ and $, so it cannot be"
                        + " part of an environment variable name");
    }

    @Test
    void shouldRefuseNamesWithoutALetterOrDigit() {
        assertThatThrownBy(() -> RouteVariables.upperSnake("_$_"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'_$_' has no letter or digit, so it cannot be part of an environment variable name");
        assertThatThrownBy(() -> RouteVariables.upperSnake(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot derive a variable name from null");
    }

    @Test
    void shouldNameTheMethodVariable() {
        RepositoryMethod method = new RepositoryMethod("ClientRepository", "findByYclientsId", MethodKind.READ,
                ClientRepository.class);

        assertThat(RouteVariables.forMethod(method)).isEqualTo("CUTOVER_ROUTE__CLIENT_REPOSITORY__FIND_BY_YCLIENTS_ID");
        assertThat(RouteVariables.forMethod("ClientRepository", "findById"))
                .isEqualTo("CUTOVER_ROUTE__CLIENT_REPOSITORY__FIND_BY_ID");
    }

    @Test
    void shouldNameTheRepositoryVariable() {
        assertThat(RouteVariables.forRepository(ClientRepository.class)).isEqualTo("CUTOVER_ROUTE__CLIENT_REPOSITORY");
        assertThat(RouteVariables.forRepository("BookingRepository")).isEqualTo("CUTOVER_ROUTE__BOOKING_REPOSITORY");
    }

    @Test
    void shouldListEveryVariableOfTheMethodsByRepository() {
        List<RepositoryMethod> methods = List.of(
                new RepositoryMethod("ClientRepository", "save", MethodKind.WRITE, ClientRepository.class),
                new RepositoryMethod("ClientRepository", "findById", MethodKind.READ, ClientRepository.class),
                new RepositoryMethod("BookingRepository", "findById", MethodKind.READ, BookingRepository.class));

        assertThat(RouteVariables.all(methods)).containsExactly(
                "CUTOVER_ROUTE_OVERRIDE",
                "CUTOVER_ROUTE_DEFAULT",
                "CUTOVER_ROUTE__BOOKING_REPOSITORY",
                "CUTOVER_ROUTE__BOOKING_REPOSITORY__FIND_BY_ID",
                "CUTOVER_ROUTE__CLIENT_REPOSITORY",
                "CUTOVER_ROUTE__CLIENT_REPOSITORY__FIND_BY_ID",
                "CUTOVER_ROUTE__CLIENT_REPOSITORY__SAVE");
    }

    @Test
    void shouldKnowTheCommandLinesAndTestDatabaseVariablesSorted() {
        assertThat(RouteVariables.KNOWN_VARIABLES)
                .containsExactly("CUTOVER_APPLICATION", "CUTOVER_CLASSPATH", "CUTOVER_CONFIG", "CUTOVER_CONSOLE_PROXY_CHANGERS", "CUTOVER_CONSOLE_PROXY_HEADER", "CUTOVER_CONSOLE_SECURE_COOKIES", "CUTOVER_CONSOLE_TRUSTED_PROXIES", "CUTOVER_CONSOLE_USERS", "CUTOVER_CONSOLE_USERS_FILE", "CUTOVER_DEMO_LEGACY_URL", "CUTOVER_DEMO_POSTGRES_URL", "CUTOVER_JAVA_OPTS", "CUTOVER_LEGACY_DIALECT", "CUTOVER_LEGACY_PASSWORD", "CUTOVER_LEGACY_URL", "CUTOVER_LEGACY_USER", "CUTOVER_LOG_LEVEL", "CUTOVER_POSTGRES_PASSWORD", "CUTOVER_POSTGRES_URL", "CUTOVER_POSTGRES_USER", "CUTOVER_TEST_LEGACY_URL", "CUTOVER_TEST_MARIADB_URL", "CUTOVER_TEST_POSTGRES_URL");
        assertThatThrownBy(() -> RouteVariables.KNOWN_VARIABLES.add("CUTOVER_X"))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
