package dev.cutover.examples.notes;

/** A tag on a note. */
public record Tag(long noteId, String name) {
}
