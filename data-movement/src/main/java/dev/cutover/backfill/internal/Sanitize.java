package dev.cutover.backfill.internal;

/** Text for Cutover's tables, which (being PostgreSQL text) cannot hold NUL characters. */
final class Sanitize {
    private Sanitize() {
    }

    static String text(String text) {
        return text == null || text.indexOf('\0') < 0 ? text : text.replace("\0", "\\0");
    }
}
