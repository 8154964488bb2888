package dev.cutover.examples.notes;

import dev.cutover.legacy.LegacyTable;
import dev.cutover.mapping.ColumnType;
import dev.cutover.mapping.EntityMapping;

/** The mappings, and the legacy tables' other names: shared by the application and the cutover command. */
public final class Tables {
    public static final EntityMapping<Note, Long> NOTES = EntityMapping.builder(Note.class, Long.class).table("notes")
            .key("id", ColumnType.BIGINT, Note::id).column("text", ColumnType.TEXT, Note::text)
            .reader(row -> new Note(row.getLong("id"), row.getString("text"))).build();
    public static final LegacyTable LEGACY_NOTES = LegacyTable.named("tbl_notes").column("id", "note_id");

    public static final EntityMapping<Tag, Long> TAGS = EntityMapping.builder(Tag.class, Long.class).table("tags")
            .key("note_id", ColumnType.BIGINT, Tag::noteId).column("name", ColumnType.TEXT, Tag::name)
            .reader(row -> new Tag(row.getLong("note_id"), row.getString("name"))).build();
    public static final LegacyTable LEGACY_TAGS = LegacyTable.named("tbl_tags");

    private Tables() {
    }
}
