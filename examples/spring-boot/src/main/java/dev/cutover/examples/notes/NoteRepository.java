package dev.cutover.examples.notes;

import java.util.Optional;

/** What the application calls; Cutover routes each method to the legacy or the PostgreSQL implementation. */
public interface NoteRepository {
    Optional<Note> findById(long id);

    void save(Note note);
}
