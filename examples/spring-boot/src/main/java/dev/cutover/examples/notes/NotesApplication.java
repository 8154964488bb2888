package dev.cutover.examples.notes;

import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyStore;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.postgres.PostgresStore;
import dev.cutover.spring.boot.CutoverRepository;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * The notes application. The starter does the rest from application.properties: adapters, routes, the live flag store,
 * dual-write, shadow reads, resilience, metrics, health and {@code /actuator/cutover}; {@code NoteRepository} and
 * {@code TagRepository} are injected routed.
 */
@SpringBootApplication
public class NotesApplication {

    public static void main(String[] args) {
        SpringApplication.run(NotesApplication.class, args);
    }

    // tag::repositories[]
    @Bean
    CutoverRepository<NoteRepository> notes(LegacyAdapter legacy, PostgresAdapter postgres) {
        LegacyStore<Note, Long> legacyNotes = legacy.store(Tables.NOTES, Tables.LEGACY_NOTES);
        PostgresStore<Note, Long> postgresNotes = postgres.store(Tables.NOTES);
        return CutoverRepository.of(NoteRepository.class, new LegacyNotes(legacyNotes), new PostgresNotes(postgresNotes))
                .mirrors(legacyNotes, postgresNotes);        // for dual-write: the table its writes change
    }

    @Bean
    CutoverRepository<TagRepository> tags(LegacyAdapter legacy, PostgresAdapter postgres) {
        LegacyStore<Tag, Long> legacyTags = legacy.store(Tables.TAGS, Tables.LEGACY_TAGS);
        PostgresStore<Tag, Long> postgresTags = postgres.store(Tables.TAGS);
        return CutoverRepository.of(TagRepository.class, new LegacyTags(legacyTags), new PostgresTags(postgresTags))
                .mirrors(legacyTags, postgresTags);
    }
    // end::repositories[]
}
