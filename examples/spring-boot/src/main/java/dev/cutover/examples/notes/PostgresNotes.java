package dev.cutover.examples.notes;

import dev.cutover.postgres.PostgresStore;
import java.util.List;
import java.util.Optional;

/** Notes on PostgreSQL. */
record PostgresNotes(PostgresStore<Note, Long> store) implements NoteRepository {
    public Optional<Note> findById(long id) {
        return store.findByKey(id);
    }

    public void save(Note note) {
        store.upsertAll(List.of(note));
    }
}
