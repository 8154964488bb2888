package dev.cutover.spring.boot;

import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyStore;
import dev.cutover.legacy.LegacyTable;
import dev.cutover.mapping.ColumnType;
import dev.cutover.mapping.EntityMapping;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.postgres.PostgresStore;
import dev.cutover.testkit.TestDatabase;
import java.util.List;
import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.annotation.Transactional;

/** A routed repository of notes for the starter's tests: legacy table tbl_notes (note_id), PostgreSQL table notes. */
final class Notes {
    private Notes() {
    }

    record Note(long id, String text) {
    }

    interface NoteRepository {
        Optional<Note> findById(long id);

        void save(Note note);
    }

    static final EntityMapping<Note, Long> NOTES = EntityMapping.builder(Note.class, Long.class).table("notes")
            .key("id", ColumnType.BIGINT, Note::id).column("text", ColumnType.TEXT, Note::text)
            .reader(row -> new Note(row.getLong("id"), row.getString("text"))).build();

    record LegacyNotes(LegacyStore<Note, Long> store) implements NoteRepository {
        public Optional<Note> findById(long id) {
            return store.findWhere("note_id = ?", id).stream().findFirst();
        }

        public void save(Note note) {
            store.upsertAll(List.of(note));
        }
    }

    record PostgresNotes(PostgresStore<Note, Long> store) implements NoteRepository {
        public Optional<Note> findById(long id) {
            return store.findByKey(id);
        }

        public void save(Note note) {
            store.upsertAll(List.of(note));
        }
    }

    static void createTables(TestDatabase legacy, TestDatabase postgres) {
        legacy.execute("CREATE TABLE tbl_notes (note_id bigint PRIMARY KEY, text text NOT NULL)");
        postgres.execute("CREATE TABLE notes (id bigint PRIMARY KEY, text text NOT NULL)");
    }

    /** What an application writes: one bean per routed repository. */
    @Configuration(proxyBeanMethods = false)
    static class NotesConfiguration {
        @Bean
        CutoverRepository<NoteRepository> notes(LegacyAdapter legacy, PostgresAdapter postgres) {
            LegacyStore<Note, Long> legacyNotes = legacy.store(NOTES, LegacyTable.named("tbl_notes").column("id", "note_id"));
            PostgresStore<Note, Long> postgresNotes = postgres.store(NOTES);
            return CutoverRepository.of(NoteRepository.class, new LegacyNotes(legacyNotes), new PostgresNotes(postgresNotes))
                    .mirrors(legacyNotes, postgresNotes);
        }

        @Bean
        NoteService noteService(NoteRepository notes) {
            return new NoteService(notes);
        }
    }

    /** A service whose method is one unit of work. */
    static class NoteService {
        private final NoteRepository notes;

        NoteService(NoteRepository notes) {
            this.notes = notes;
        }

        @Transactional
        public void saveBoth(Note first, Note second) {
            notes.save(first);
            notes.save(second);
        }

        /** Saves both, going on if the second fails: the unit cannot commit the first alone. */
        @Transactional
        public void saveBothIgnoringAFailure(Note first, Note second) {
            notes.save(first);
            try {
                notes.save(second);
            } catch (RuntimeException e) {
                // the application handles it and returns normally
            }
        }
    }
}
