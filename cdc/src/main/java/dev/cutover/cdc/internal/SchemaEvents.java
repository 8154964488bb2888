package dev.cutover.cdc.internal;

import dev.cutover.cdc.RowChange;
import dev.cutover.legacy.outbox.LegacyOutbox;
import java.util.Locale;

/** Which changes are schema events that pause a table, and which tables are Cutover's own. Stateless. */
final class SchemaEvents {
    private SchemaEvents() {
    }

    /** What pauses the table ({@code a schema change (ALTER TABLE ...)}, {@code TRUNCATE}), or null for a row change. */
    static String describe(RowChange change) {
        return switch (change.kind()) {
            case ROW -> null;
            case TRUNCATE -> "TRUNCATE";
            case SCHEMA_CHANGE -> "a schema change (" + change.ddl().strip() + ")";
        };
    }

    /** Whether a log table is one Cutover writes in the legacy database: the outbox and its migrations' history. */
    static boolean isCutoversOwn(String table) {
        String name = table.toLowerCase(Locale.ROOT);
        return name.equals(LegacyOutbox.TABLE) || name.equals(LegacyOutbox.HISTORY_TABLE);
    }
}
