package dev.cutover.examples.notes;

import dev.cutover.postgres.PostgresStore;
import java.util.List;

/** Tags on PostgreSQL. */
record PostgresTags(PostgresStore<Tag, Long> store) implements TagRepository {
    public List<Tag> findByNoteId(long noteId) {
        return store.findByKey(noteId).stream().toList();
    }

    public void save(Tag tag) {
        store.upsertAll(List.of(tag));
    }
}
