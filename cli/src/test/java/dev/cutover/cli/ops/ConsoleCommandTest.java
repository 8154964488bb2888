package dev.cutover.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cutover.cli.CutoverCli;
import dev.cutover.cli.testing.CliDatabases;
import dev.cutover.cli.testing.ReferenceTestApplication;
import dev.cutover.console.ConsoleUsers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code cutover console}: refuses to serve without a login, serves the console on 127.0.0.1 with the command's settings. */
class ConsoleCommandTest {
    private static TargetDatabase target;

    @BeforeAll
    static void createTarget() {
        target = TargetDatabase.create("cli_console");
    }

    @AfterAll
    static void dropTarget() {
        target.close();
    }

    @Test
    void shouldRefuseToServeWithoutAWayToLogIn() {
        CliDatabases.Run run = target.cli().run("console", "--port", "0");

        assertThat(run.status()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("The console serves nothing anonymously", "CUTOVER_CONSOLE_USERS_FILE",
                "CUTOVER_CONSOLE_PROXY_HEADER", "cutover console --hash-password");
    }

    @Test
    void shouldRefuseAUsersLineWithAPasswordWhereItsHashBelongs() {
        CliDatabases.Run run = target.cli().with("CUTOVER_CONSOLE_USERS", "alice:change:plain-password").run("console");

        assertThat(run.status()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("user alice: the third part is not a bcrypt hash").doesNotContain("plain-password");
    }

    @Test
    void shouldServeTheConsoleOnTheLoopbackBehindALogin() throws Exception {
        Map<String, String> environment = new HashMap<>(target.environment());
        environment.put("CUTOVER_APPLICATION", ReferenceTestApplication.class.getName());
        environment.put("CUTOVER_CONSOLE_USERS", "alice:change:" + ConsoleUsers.hash("pw".toCharArray(), 4));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AtomicInteger status = new AtomicInteger(-1);
        Thread command = new Thread(() -> status.set(CutoverCli.run(new String[] {"console", "--port", "0"}, environment,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true,
                        StandardCharsets.UTF_8))), "cutover-console-test");
        command.start();
        try {
            Pattern started = Pattern.compile("Cutover console at (http://127\\.0\\.0\\.1:\\d+/) \\(passwords login\\)");
            await().atMost(Duration.ofSeconds(30)).until(() -> started.matcher(out.toString(StandardCharsets.UTF_8)).find());
            Matcher matcher = started.matcher(out.toString(StandardCharsets.UTF_8));
            assertThat(matcher.find()).isTrue();
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> routes = http.send(HttpRequest.newBuilder(URI.create(matcher.group(1) + "routes")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(routes.statusCode()).isEqualTo(302);
            assertThat(routes.headers().firstValue("Location").orElseThrow()).endsWith("/login");
            HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(matcher.group(1) + "login")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(login.body()).contains("id=\"username\"", "id=\"password\"");
        } finally {
            command.interrupt();
            command.join(30_000);
        }
        assertThat(command.isAlive()).isFalse();
    }
}
