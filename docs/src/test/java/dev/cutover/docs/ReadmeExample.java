package dev.cutover.docs;

import dev.cutover.Cutover;
import dev.cutover.flags.EnvironmentRoutes;
import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyStore;
import dev.cutover.legacy.LegacyTable;
import dev.cutover.mapping.ColumnType;
import dev.cutover.mapping.EntityMapping;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.postgres.PostgresStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The README's example, compiled and run by {@link ReadmeExampleTest}; the README quotes the tagged part. */
final class ReadmeExample {
    private ReadmeExample() {
    }

    // tag::readme-example[]
    record Note(long id, String text) {}

    // 1. The repository your application calls.
    interface NoteRepository {
        Optional<Note> findById(long id);

        void save(Note note);
    }

    // 2. One implementation per backend, each starting from the generic store of one mapping.
    static final EntityMapping<Note, Long> NOTES = EntityMapping.builder(Note.class, Long.class).table("notes")
            .key("id", ColumnType.BIGINT, Note::id).column("text", ColumnType.TEXT, Note::text)
            .reader(row -> new Note(row.getLong("id"), row.getString("text"))).build();

    record LegacyNotes(LegacyStore<Note, Long> store) implements NoteRepository {
        public Optional<Note> findById(long id) { return store.findWhere("note_id = ?", id).stream().findFirst(); }
        public void save(Note note) { store.upsertAll(List.of(note)); }
    }

    record PostgresNotes(PostgresStore<Note, Long> store) implements NoteRepository {
        public Optional<Note> findById(long id) { return store.findByKey(id); }
        public void save(Note note) { store.upsertAll(List.of(note)); }
    }

    // 3. One routed repository. With CUTOVER_ROUTE__NOTE_REPOSITORY__FIND_BY_ID=postgres in the environment,
    //    findById reads PostgreSQL while save still writes legacy; unset it (and restart) to roll back.
    static Cutover cutover(LegacyAdapter legacy, PostgresAdapter postgres, Map<String, String> environment) {
        return Cutover.builder()
                .legacy(legacy)
                .postgres(postgres)
                .routes(EnvironmentRoutes.builder().environment(environment).build()) // System.getenv() by default
                .repository(NoteRepository.class,
                        new LegacyNotes(legacy.store(NOTES, LegacyTable.named("tbl_notes").column("id", "note_id"))),
                        new PostgresNotes(postgres.store(NOTES)))
                .build();
    }
    // end::readme-example[]
}
