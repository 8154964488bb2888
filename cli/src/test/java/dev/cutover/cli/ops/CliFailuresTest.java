package dev.cutover.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.cli.testing.CliDatabases;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How every command fails: with {@code --json}, one JSON object on standard output with stable fields; a mistyped
 * variable said first by {@code cutover status}, which exits as {@code flags validate} does; no secret in any form in
 * any command's output.
 */
class CliFailuresTest {
    private static final String SECRET = "Hunter2-Secret-9e1f";
    private static final String MISTYPED = "CUTOVER_ROUTE__CLIENT_REPOSITORY__FIND_BY_IDD";
    private static TargetDatabase target;

    @BeforeAll
    static void createTarget() {
        target = TargetDatabase.create("cli_failures");
    }

    @AfterAll
    static void dropTarget() {
        target.close();
    }

    private static void assertJsonFailure(CliDatabases.Run run, String error) {
        assertThat(run.status()).as(run.toString()).isEqualTo(2);
        JsonNode json = run.json();
        assertThat(json.get("error").asText()).as(run.toString()).isEqualTo(error);
        assertThat(json.get("message").asText()).isNotBlank();
        assertThat(json.has("hint")).isTrue();
        assertThat(json.get("exitCode").asInt()).isEqualTo(2);
        assertThat(run.err()).as("nothing but the JSON object").isEmpty();
    }

    @Test
    void shouldPrintEveryFailureAsAJsonObjectWithStableFieldsUnderJson() {
        CliDatabases.Run missing = Cli.withEnvironment(Map.of()).run("flags", "show", "--json");
        assertJsonFailure(missing, "missing-setting");
        assertThat(missing.json().get("message").asText()).startsWith("This command needs CUTOVER_POSTGRES_URL");
        assertThat(missing.json().get("hint").asText()).isEqualTo("set CUTOVER_POSTGRES_URL");

        CliDatabases.Run usage = target.cli().run("status", "--json", "--no-such-option");
        assertJsonFailure(usage, "usage");
        assertThat(usage.json().get("message").asText()).isEqualTo("Unknown option: '--no-such-option'");
        assertThat(usage.json().get("hint").asText()).isEqualTo("see 'cutover status --help'");

        CliDatabases.Run refused = target.cli().run("flags", "set", "ClientRepository.findById", "postgres", "--actor", "a",
                "--reason", "r", "--json");
        assertJsonFailure(refused, "route-change-refused");
        assertThat(refused.json().get("message").asText()).startsWith("refused: the change can lose writes or serve stale reads");
        assertThat(refused.json().get("hint").asText()).contains("--force");

        CliDatabases.Run unreachable = Cli.withEnvironment(Map.of("CUTOVER_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:1/app"))
                .run("migrate", "--json");
        assertJsonFailure(unreachable, "failure");
        assertThat(unreachable.json().get("message").asText()).startsWith("DataAccessException: ")
                .contains("127.0.0.1:1");
        assertThat(unreachable.json().get("causes")).isNotEmpty();
    }

    @Test
    void shouldSayAMistypedVariableFirstAndExitAsFlagsValidateDoes() {
        Cli cli = target.cli().with(MISTYPED, "postgres");
        CliDatabases.Run validate = cli.run("flags", "validate");
        CliDatabases.Run status = cli.run("status");

        assertThat(status.status()).as(status.toString()).isEqualTo(validate.status()).isEqualTo(1);
        String problem = MISTYPED + " names method FIND_BY_IDD, which ClientRepository does not have; its methods: ";
        assertThat(status.out()).startsWith("Invalid route configuration (1 problem); an instance with this environment would"
                + " not start:" + System.lineSeparator() + "  - " + problem)
                .contains("did you mean CUTOVER_ROUTE__CLIENT_REPOSITORY__FIND_BY_ID?", "Routes (this environment, then the"
                        + " flag store: the configuration is invalid, see above)");
        assertThat(validate.out()).contains("  - " + problem);
        JsonNode json = cli.run("status", "--json").json();
        assertThat(json.get("valid").asBoolean()).isFalse();
        assertThat(json.get("problems").get(0).asText()).startsWith(problem);
    }

    @Test
    void shouldShowNoSecretOfAnyFormInAnyCommandEitherWay() {
        String postgres = "jdbc:postgresql://127.0.0.1:1/app?user=ops&password=" + SECRET + "&sslpassword=" + SECRET;
        List<Map<String, String>> environments = List.of(
                Map.of("CUTOVER_POSTGRES_URL", postgres, "CUTOVER_LEGACY_URL", "jdbc:mariadb://127.0.0.1:1/legacy?user=root"
                        + "&trustStorePassword=" + SECRET + "&password=" + SECRET, "CUTOVER_POSTGRES_PASSWORD", SECRET),
                Map.of("CUTOVER_POSTGRES_URL", "jdbc:postgresql://ops:" + SECRET + "@127.0.0.1:1/app",
                        "CUTOVER_LEGACY_URL", "jdbc:postgresql://127.0.0.1:1/legacy?apiToken=" + SECRET,
                        "CUTOVER_LEGACY_PASSWORD", SECRET),
                Map.of("CUTOVER_POSTGRES_URL", target.database.jdbcUrl() + "?secretKey=" + SECRET,
                        "CUTOVER_LEGACY_URL", "jdbc:mysql://root:" + SECRET + "@127.0.0.1:1/legacy"));
        List<String[]> commands = List.of(new String[] {"status"}, new String[] {"flags", "validate"},
                new String[] {"flags", "show"}, new String[] {"flags", "set", "default", "legacy-dual", "--actor", "a",
                        "--reason", "r"}, new String[] {"flags", "rollout", "ClientRepository.save", "postgres-dual",
                        "--percent", "5", "--actor", "a", "--reason", "r"},
                new String[] {"flags", "clear", "default", "--actor", "a", "--reason", "r"}, new String[] {"migrate"},
                new String[] {"schema-check"}, new String[] {"backfill", "--table", "clients"}, new String[] {"verify"},
                new String[] {"reconcile", "--timeout", "1s"}, new String[] {"quarantine", "list"});
        List<String> ran = new ArrayList<>();
        for (Map<String, String> environment : environments) {
            for (String[] command : commands) {
                for (boolean json : new boolean[] {false, true}) {
                    String[] args = json ? append(command, "--json") : command;
                    CliDatabases.Run run = Cli.withEnvironment(environment).run(append(args, "--stacktrace"));
                    assertThat(run.out() + run.err()).as(String.join(" ", args) + " in " + environment.keySet())
                            .doesNotContain(SECRET);
                    ran.add(String.join(" ", args));
                }
            }
        }
        assertThat(ran).hasSize(environments.size() * commands.size() * 2);
    }

    @Test
    void shouldRefuseUserAndPasswordBeforeTheHostSayingWhichFormTheDriverAccepts() {
        CliDatabases.Run run = Cli.withEnvironment(Map.of("CUTOVER_POSTGRES_URL", "jdbc:postgresql://ops:" + SECRET
                + "@127.0.0.1:5432/app")).run("flags", "show");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("cutover flags show: CUTOVER_POSTGRES_URL: jdbcUrl 'jdbc:postgresql://ops:***@127.0.0.1:5432/app' puts the user (and password)"
                + " before the host and an @, libpq's form, which PgJDBC does not accept",
                "Write jdbc:postgresql://host:port/database?user=NAME&password=...").doesNotContain(SECRET);
    }

    private static String[] append(String[] args, String more) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 1);
        all[args.length] = more;
        return all;
    }
}
