package dev.cutover.examples.notes;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The application's service: each method is one Cutover unit of work. */
@Service
public class NoteService {
    private final NoteRepository notes;
    private final TagRepository tags;

    public NoteService(NoteRepository notes, TagRepository tags) {
        this.notes = notes;
        this.tags = tags;
    }

    /** A note and its tag: on legacy and on PostgreSQL, committed together or not at all on each. */
    @Transactional
    public void saveTagged(Note note, Tag tag) {
        tags.save(tag);
        notes.save(note);
    }
}
