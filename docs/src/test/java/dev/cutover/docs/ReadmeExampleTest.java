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
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The README's example runs as the README says, and the README quotes it verbatim. */
class ReadmeExampleTest {
    private static TestDatabase legacyDatabase;
    private static TestDatabase targetDatabase;

    @BeforeAll
    static void createDatabases() {
        legacyDatabase = NoteDatabases.legacy("readme_legacy");
        targetDatabase = NoteDatabases.target("readme_target");
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
    void shouldBeQuotedVerbatimInTheReadme() {
        DocSnippets.assertQuoted("../README.md", "ReadmeExample.java", "readme-example", 4);
    }
}
