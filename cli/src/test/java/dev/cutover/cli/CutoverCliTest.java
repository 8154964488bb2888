package dev.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.cli.testing.CliDatabases;
import dev.cutover.cli.testing.CliDatabases.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The root command: help, settings errors. Commands that touch databases are tested in their own classes. */
class CutoverCliTest {

    static Run run(Map<String, String> environment, String... args) {
        return CliDatabases.run(environment, args);
    }

    @Test
    void helpListsEveryCommand() {
        Run run = run(Map.of(), "--help");
        assertThat(run.status()).isZero();
        assertThat(run.out()).contains("status", "flags", "schema-check", "backfill", "verify", "reconcile", "quarantine");
    }

    @Test
    void printsTheVersionOfTheBuild() {
        Run run = run(Map.of(), "--version");
        assertThat(run.status()).isZero();
        assertThat(run.out().strip()).isEqualTo("cutover " + System.getProperty("cutover.expected.version"));
        assertThat(run.out()).doesNotContain("${");
    }

    @Test
    void generatesABashCompletionScriptThatKnowsTheCommandsAndOptions() {
        Run run = run(Map.of(), "generate-completion");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("#!/usr/bin/env bash").contains("complete -F _complete_cutover", "migrate",
                "--accept-write-loss", "--legacy-journal");
        assertThat(run(Map.of(), "--help").out()).contains("generate-completion");
    }

    @Test
    void saysHowToProvideTheApplicationWhenNoneIsFound() {
        Run run = run(Map.of("CUTOVER_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:1/app"), "status");
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("cutover status: No application found: put a jar with a dev.cutover.cli.CutoverApplication"
                + " implementation (registered in META-INF/services) on the class path (bin/cutover adds CUTOVER_CLASSPATH"
                + " to it), or name the class in CUTOVER_APPLICATION" + System.lineSeparator());
    }

    @Test
    void saysHowToNameTheLegacyDialectWhenTheUrlDoesNotTell() {
        Run unknown = run(Map.of("CUTOVER_LEGACY_URL", "jdbc:oracle:thin:@db:1521/app?password=hunter2"), "schema-check");
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).startsWith("cutover schema-check: Cannot tell the legacy database's dialect from its URL"
                + " (jdbc:oracle:thin:@db:1521/app?password=***); set CUTOVER_LEGACY_DIALECT to one of: ").doesNotContain("hunter2");

        Run misnamed = run(Map.of("CUTOVER_LEGACY_URL", "jdbc:postgresql://db/app", "CUTOVER_LEGACY_DIALECT", "oracle"),
                "schema-check");
        assertThat(misnamed.status()).isEqualTo(2);
        assertThat(misnamed.err()).startsWith("cutover schema-check: CUTOVER_LEGACY_DIALECT='oracle' is not a dialect; allowed: ");
    }

    @Test
    void unknownCommandIsAUsageError() {
        Run run = run(Map.of(), "verfy");
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("verfy");
    }

    @Test
    void configFileWithAnUnknownKeyNamesTheKeyAndTheKnownOnes(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("cutover.properties");
        Files.writeString(file, "postgres.url=jdbc:postgresql://db/app\npostgres.pasword=hunter2\n");
        Run run = run(Map.of(), "--config", file.toString(), "verify", "--help");
        assertThat(run.status()).isZero(); // help needs no settings

        Run failing = run(Map.of("CUTOVER_CONFIG", file.toString()), "schema-check");
        assertThat(failing.status()).isEqualTo(2);
        assertThat(failing.err()).contains("postgres.pasword", "postgres.password", file.toString())
                .doesNotContain("hunter2");
    }
}
