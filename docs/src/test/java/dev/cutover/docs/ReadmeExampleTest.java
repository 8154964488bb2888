package dev.cutover.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.Cutover;
import dev.cutover.docs.ReadmeExample.Note;
import dev.cutover.docs.ReadmeExample.NoteRepository;
import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyConfig;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.postgres.PostgresConfig;
import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The README's example runs as the README says, and the README quotes it verbatim. */
class ReadmeExampleTest {
    private static TestDatabase legacyDatabase;
    private static TestDatabase targetDatabase;

    @BeforeAll
    static void createDatabases() {
        legacyDatabase = TestPostgres.server().createDatabase("readme_legacy");
        targetDatabase = TestPostgres.server().createDatabase("readme_target");
        legacyDatabase.execute("CREATE TABLE tbl_notes (note_id bigint PRIMARY KEY, text text NOT NULL)",
                "INSERT INTO tbl_notes VALUES (1, 'from legacy')");
        targetDatabase.execute("CREATE TABLE notes (id bigint PRIMARY KEY, text text NOT NULL)",
                "INSERT INTO notes VALUES (1, 'from postgres')");
    }

    @AfterAll
    static void dropDatabases() {
        legacyDatabase.close();
        targetDatabase.close();
    }

    private static Cutover cutover(Map<String, String> environment) {
        LegacyAdapter legacy = LegacyAdapter.create(LegacyConfig.custom().jdbcUrl(legacyDatabase.jdbcUrl())
                .username(legacyDatabase.username()).password(legacyDatabase.password()).maximumPoolSize(2).build());
        PostgresAdapter postgres = PostgresAdapter.create(PostgresConfig.custom().jdbcUrl(targetDatabase.jdbcUrl())
                .username(targetDatabase.username()).password(targetDatabase.password()).maximumPoolSize(2).build());
        return ReadmeExample.cutover(legacy, postgres, environment);
    }

    @Test
    void shouldReadLegacyUntilTheVariableSendsFindByIdToPostgres() {
        try (Cutover cutover = cutover(Map.of())) {
            assertThat(cutover.repository(NoteRepository.class).findById(1)).map(Note::text).contains("from legacy");
        }
        try (Cutover cutover = cutover(Map.of("CUTOVER_ROUTE__NOTE_REPOSITORY__FIND_BY_ID", "postgres"))) {
            NoteRepository notes = cutover.repository(NoteRepository.class);
            assertThat(notes.findById(1)).map(Note::text).contains("from postgres");

            notes.save(new Note(2, "written"));
            assertThat(legacyDatabase.queryLong("SELECT count(*) FROM tbl_notes WHERE note_id = 2")).isEqualTo(1);
            assertThat(notes.findById(2)).as("writes stayed on legacy").isEqualTo(Optional.empty());
        }
        assertThat(legacyDatabase.openConnectionsAfterClose()).isZero();
        assertThat(targetDatabase.openConnectionsAfterClose()).isZero();
    }

    @Test
    void shouldBeQuotedVerbatimInTheReadme() throws IOException {
        String source = Files.readString(Path.of("src/test/java/dev/cutover/docs/ReadmeExample.java"));
        String tagged = source.substring(source.indexOf("// tag::readme-example[]\n") + "// tag::readme-example[]\n".length(),
                source.indexOf("    // end::readme-example[]"));
        String snippet = Arrays.stream(tagged.split("\n", -1))
                .map(line -> line.startsWith("    ") ? line.substring(4) : line)
                .collect(Collectors.joining("\n"));

        String readme = Files.readString(Path.of("..", "README.md"));

        assertThat(readme).as("README.md must quote docs/src/test/java/dev/cutover/docs/ReadmeExample.java "
                + "between its readme-example tags, unindented by four spaces").contains("```java\n" + snippet + "```");
    }
}
