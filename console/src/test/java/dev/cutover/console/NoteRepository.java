package dev.cutover.console;

/** A repository with a write: moving its read alone to PostgreSQL serves stale reads, which the checks refuse. */
public interface NoteRepository {
    String findNote(long id);

    void saveNote(long id, String text);
}
