package dev.cutover.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.cli.testing.CliDatabases;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code cutover flags validate}: the startup check of the route variables, without a database. */
class FlagsValidateTest {

    @Test
    void shouldAcceptValidVariablesAndShowTheRoutesTheyGive() {
        CliDatabases.Run run = Cli.withEnvironment(Map.of("CUTOVER_ROUTE__CLIENT_REPOSITORY__FIND_BY_ID", "postgres",
                "CUTOVER_ROUTE__BOOKING_REPOSITORY", " Postgres-Dual ")).run("flags", "validate");

        assertThat(run.status()).as(run.toString()).isZero();
        assertThat(run.out()).contains("Route variables are valid (2 set)")
                .containsPattern("ClientRepository\\.findById +read +postgres +method +CUTOVER_ROUTE__CLIENT_REPOSITORY__FIND_BY_ID")
                .containsPattern("BookingRepository\\.save +write +postgres-dual +repository +CUTOVER_ROUTE__BOOKING_REPOSITORY")
                .containsPattern("ClientRepository\\.save +write +legacy +default +built-in default");
    }

    @Test
    void shouldListEveryProblemWithADidYouMeanAndExitOne() {
        CliDatabases.Run run = Cli.withEnvironment(Map.of("CUTOVER_ROUTE__CLIENT_REPOSITORY__FIND_BY_IDD", "postgres",
                "CUTOVER_ROUTE_DEFAULT", "treu")).run("flags", "validate");

        assertThat(run.status()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).contains("Invalid route configuration (2 problems); an instance with this environment would not start:",
                "  - CUTOVER_ROUTE_DEFAULT='treu' is not a route; allowed: legacy, legacy-dual, postgres-dual, postgres",
                "did you mean CUTOVER_ROUTE__CLIENT_REPOSITORY__FIND_BY_ID?");
    }

    @Test
    void shouldKnowTheCommandsOwnVariablesAndNeverPrintTheirValues() {
        CliDatabases.Run run = Cli.withEnvironment(Map.of(
                "CUTOVER_POSTGRES_URL", "jdbc:postgresql://db/app?user=app&password=hunter2",
                "CUTOVER_POSTGRES_PASSWORD", "s3cret",
                "CUTOVER_LEGACY_URL", "jdbc:postgresql://legacy/app",
                "CUTOVER_POSTGRES_PASWORD", "s3cret2")).run("flags", "validate");

        assertThat(run.status()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).contains("Unknown variable CUTOVER_POSTGRES_PASWORD: did you mean CUTOVER_POSTGRES_PASSWORD?")
                .doesNotContain("Unknown variable CUTOVER_POSTGRES_URL", "Unknown variable CUTOVER_LEGACY_URL");
        assertThat(run.out() + run.err()).doesNotContain("hunter2", "s3cret");
    }

    @Test
    void shouldAnswerJsonForScripts() {
        JsonNode valid = Cli.withEnvironment(Map.of("CUTOVER_ROUTE_OVERRIDE", "legacy")).run("flags", "validate", "--json").json();
        assertThat(valid.get("valid").asBoolean()).isTrue();
        assertThat(valid.get("problems")).isEmpty();
        JsonNode first = valid.get("routes").get(0);
        assertThat(first.get("origin").asText()).isEqualTo("override");
        assertThat(first.get("source").asText()).isEqualTo("CUTOVER_ROUTE_OVERRIDE");
        assertThat(valid.get("routes").findValuesAsText("method")).contains("ClientRepository.findById", "BookingRepository.save");

        CliDatabases.Run invalid = Cli.withEnvironment(Map.of("CUTOVER_ROUT_DEFAULT", "postgres")).run("flags", "validate", "--json");
        assertThat(invalid.status()).isEqualTo(1);
        assertThat(invalid.json().get("valid").asBoolean()).isFalse();
        assertThat(invalid.json().get("problems").get(0).asText())
                .isEqualTo("Unknown variable CUTOVER_ROUT_DEFAULT: did you mean CUTOVER_ROUTE_DEFAULT?");
    }

    @Test
    void shouldNameTheApplicationItCannotFind() {
        CliDatabases.Run run = Cli.withEnvironment(Map.of("CUTOVER_APPLICATION", "com.example.Nope")).run("flags", "validate");
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("CUTOVER_APPLICATION='com.example.Nope' is not on the class path");
    }
}
