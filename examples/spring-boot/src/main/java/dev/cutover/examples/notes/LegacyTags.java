package dev.cutover.examples.notes;

import dev.cutover.legacy.LegacyStore;
import java.util.List;

/** Tags on the legacy database. */
record LegacyTags(LegacyStore<Tag, Long> store) implements TagRepository {
    public List<Tag> findByNoteId(long noteId) {
        return store.findByKey(noteId).stream().toList();
    }

    public void save(Tag tag) {
        store.upsertAll(List.of(tag));
    }
}
