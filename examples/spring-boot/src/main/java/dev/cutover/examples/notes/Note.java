package dev.cutover.examples.notes;

/** A note; its tags live in their own table. */
public record Note(long id, String text) {
}
