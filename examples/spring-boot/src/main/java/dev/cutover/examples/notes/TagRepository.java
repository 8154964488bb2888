package dev.cutover.examples.notes;

import java.util.List;

/** Tags of notes; moved to PostgreSQL ahead of the notes (see application.properties). */
public interface TagRepository {
    List<Tag> findByNoteId(long noteId);

    void save(Tag tag);
}
