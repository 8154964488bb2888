package dev.cutover.backfill.internal;

/**
 * A one-pass, allocation-free check that text is one JSON value (RFC 8259, as strict as Jackson's defaults and
 * PostgreSQL: no comments, no single quotes, no leading zeros, no NaN) with nothing but whitespace after it,
 * and, when asked, no {@code \u0000} escape (which {@code jsonb} rejects). It only says yes or no: on no,
 * {@link JsonCheck} runs the full parser for a message that says where and why. Thread-safe (stateless).
 */
final class JsonScan {
    private static final int MAX_DEPTH = 1_000;

    private final byte[] text;
    private final boolean refuseNul;
    private int at;

    private JsonScan(byte[] text, boolean refuseNul) {
        this.text = text;
        this.refuseNul = refuseNul;
    }

    /** Whether {@code text} is one valid JSON value (without {@code \u0000} if {@code refuseNul}). */
    static boolean isValid(String text, boolean refuseNul) {
        return isValid(text.getBytes(java.nio.charset.StandardCharsets.UTF_8), refuseNul);
    }

    /**
     * The same over UTF-8: JSON's structure is ASCII, and the bytes of multi-byte characters (all >= 0x80) can
     * only be string content, which is all this needs to know about them.
     */
    static boolean isValid(byte[] utf8, boolean refuseNul) {
        JsonScan scan = new JsonScan(utf8, refuseNul);
        return scan.value(0) && scan.skipSpace() == utf8.length;
    }

    private int skipSpace() {
        while (at < text.length) {
            int c = text[at];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                break;
            }
            at++;
        }
        return at;
    }

    private boolean value(int depth) {
        if (skipSpace() >= text.length || depth > MAX_DEPTH) {
            return false;
        }
        int c = text[at];
        return switch (c) {
            case '{' -> object(depth + 1);
            case '[' -> array(depth + 1);
            case '"' -> string();
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> c == '-' || (c >= '0' && c <= '9') ? number() : false;
        };
    }

    private boolean object(int depth) {
        at++;
        if (skipSpace() < text.length && text[at] == '}') {
            at++;
            return true;
        }
        while (true) {
            if (skipSpace() >= text.length || text[at] != '"' || !string()) {
                return false;
            }
            if (skipSpace() >= text.length || text[at] != ':') {
                return false;
            }
            at++;
            if (!value(depth)) {
                return false;
            }
            if (skipSpace() >= text.length) {
                return false;
            }
            int c = text[at++];
            if (c == '}') {
                return true;
            }
            if (c != ',') {
                return false;
            }
        }
    }

    private boolean array(int depth) {
        at++;
        if (skipSpace() < text.length && text[at] == ']') {
            at++;
            return true;
        }
        while (true) {
            if (!value(depth) || skipSpace() >= text.length) {
                return false;
            }
            int c = text[at++];
            if (c == ']') {
                return true;
            }
            if (c != ',') {
                return false;
            }
        }
    }

    private boolean string() {
        at++;
        int length = text.length;
        while (at < length) {
            int c = text[at++];
            if (c == '"') {
                return true;
            }
            if (c >= 0 && c < 0x20) { // negative: a byte of a multi-byte character
                return false;
            }
            if (c == '\\') {
                if (at >= length) {
                    return false;
                }
                int escaped = text[at++];
                switch (escaped) {
                    case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
                    }
                    case 'u' -> {
                        if (at + 4 > length) {
                            return false;
                        }
                        int code = 0;
                        for (int i = 0; i < 4; i++) {
                            int digit = Character.digit(text[at++], 16);
                            if (digit < 0) {
                                return false;
                            }
                            code = code * 16 + digit;
                        }
                        if (code == 0 && refuseNul) {
                            return false;
                        }
                    }
                    default -> {
                        return false;
                    }
                }
            }
        }
        return false;
    }

    private boolean number() {
        int length = text.length;
        if (text[at] == '-') {
            at++;
        }
        if (at >= length) {
            return false;
        }
        if (text[at] == '0') {
            at++;
        } else if (!digits()) {
            return false;
        }
        if (at < length && text[at] == '.') {
            at++;
            if (!digits()) {
                return false;
            }
        }
        if (at < length && (text[at] == 'e' || text[at] == 'E')) {
            at++;
            if (at < length && (text[at] == '+' || text[at] == '-')) {
                at++;
            }
            return digits();
        }
        return true;
    }

    private boolean digits() {
        int start = at;
        while (at < text.length && text[at] >= '0' && text[at] <= '9') {
            at++;
        }
        return at > start;
    }

    private boolean literal(String word) {
        if (at + word.length() > text.length) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if (text[at + i] != word.charAt(i)) {
                return false;
            }
        }
        at += word.length();
        return true;
    }
}
