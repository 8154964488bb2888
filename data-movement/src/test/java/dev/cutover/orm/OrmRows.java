package dev.cutover.orm;

import java.util.ArrayList;
import java.util.List;

/**
 * The legacy rows of {@link OrmDomain}, as SQL the legacy engine runs: regular rows, and one row for each line of
 * {@code docs/conversions.md} the domain uses and for each reason a row is quarantined. The same rows on both engines,
 * except the unsigned key beyond {@code long}, which MariaDB keeps in a {@code bigint unsigned} and PostgreSQL in a
 * {@code numeric(20, 0)}.
 */
public final class OrmRows {
    /** A user per line: id, email, displayName, isAdmin, role, createdAt, profile, order, legacyHash. */
    static final String[][] USERS = {
        {"'a0000000-0000-4000-8000-000000000001'", "'ann@example.com'", "'Ann'", "0", "'USER'", "'2024-01-15 09:30:00'",
            "'{\"theme\": \"dark\"}'", "1", "'h1'"},
        // upper-case uuid, read as its canonical form; duplicate JSON keys: the last wins
        {"'A0000000-0000-4000-8000-00000000000A'", "'ben@example.com'", "NULL", "1", "'ADMIN'",
            "'2024-07-01 12:00:00.123'", "'{\"a\": 1, \"a\": 2}'", "NULL", "NULL"},
        // a flag holding 2: true, as MySQL reads it; a time Paris repeats (the earlier instant); the JSON literal null
        {"'a0000000-0000-4000-8000-000000000003'", "'cy@example.com'", "'Cy'", "2", "'USER'", "'2024-10-27 02:30:00'",
            "'null'", "3", "NULL"},
        // four-byte characters, SQL NULL JSON, the smallest integer
        {"'a0000000-0000-4000-8000-000000000004'", "'di@example.com'", "'Dî 😀'", "0", "'USER'",
            "'2023-12-31 23:59:59.999'", "NULL", "-2147483648", "NULL"},
        // quarantined: a local time Paris skips
        {"'a0000000-0000-4000-8000-000000000005'", "'ed@example.com'", "'Ed'", "0", "'USER'", "'2024-03-31 02:30:00'",
            "NULL", "NULL", "NULL"},
        // quarantined: a key that is not a uuid
        {"'not-a-uuid'", "'fay@example.com'", "'Fay'", "0", "'USER'", "'2024-01-01 00:00:00'", "NULL", "NULL", "NULL"},
        // quarantined: text that is not JSON
        {"'a0000000-0000-4000-8000-000000000007'", "'gus@example.com'", "'Gus'", "0", "'USER'", "'2024-01-01 00:00:00'",
            "'{\"broken\": '", "NULL", "NULL"},
        // numbers in JSON kept exactly
        {"'a0000000-0000-4000-8000-000000000008'", "'hal@example.com'", "'Hal'", "0", "'ADMIN'", "'2024-02-29 12:00:00'",
            "'{\"n\": 12345678901234567890.12345678901234567890, \"e\": 1.0E+2}'", "8", "NULL"},
    };

    /** Regular users beyond the special ones: ids ...0101 to ...0100 + count. */
    static final int REGULAR_USERS = 12;

    private OrmRows() {
    }

    /** The canonical uuid of regular user {@code n} (1-based). */
    public static String regularUser(int n) {
        return String.format("a0000000-0000-4000-8000-%012d", 100 + n);
    }

    /** INSERT statements for the users, identifiers quoted with {@code quote}. */
    public static List<String> users(char quote) {
        List<String> rows = new ArrayList<>();
        for (String[] user : USERS) {
            rows.add(String.join(", ", user));
        }
        for (int n = 1; n <= REGULAR_USERS; n++) {
            rows.add("'" + regularUser(n) + "', 'user" + n + "@example.com', 'User " + n + "', " + (n % 2) + ", 'USER', "
                    + "'2024-05-" + String.format("%02d", n) + " 10:00:00', '{\"n\": " + n + "}', " + n + ", 'h'");
        }
        String columns = List.of("id", "email", "displayName", "isAdmin", "role", "createdAt", "profile", "order",
                "legacyHash").stream().map(c -> quote + c + quote).reduce((a, b) -> a + ", " + b).orElseThrow();
        return rows.stream().map(values -> "INSERT INTO " + quote + "User" + quote + " (" + columns + ") VALUES ("
                + values + ")").toList();
    }

    /** INSERT statements for the posts; {@code hugeKey} is a key beyond {@code long} in the engine's key type. */
    public static List<String> posts(char quote, String hugeKey) {
        List<String> rows = new ArrayList<>();
        for (int n = 1; n <= 20; n++) {
            String author = n <= 12 ? regularUser(n) : "a0000000-0000-4000-8000-00000000000" + (n % 2 == 0 ? "1" : "4");
            rows.add(n + ", '" + author + "', 'Post " + n + "', " + (n * 1000) + ", " + (n % 2) + ", "
                    + (n % 3 == 0 ? "NULL" : n + ".5000") + ", 'opt" + n + "', '{\"tags\": [\"t" + n + "\"]}'");
        }
        rows.add("21, 'a0000000-0000-4000-8000-000000000001', 'Too many views', 3000000000, 1, NULL, NULL, NULL");
        rows.add("22, 'a0000000-0000-4000-8000-000000000001', 'Flag of two', 7, 2, NULL, NULL, NULL");
        rows.add("23, 'a0000000-0000-4000-8000-000000000001', 'Would round', 7, 1, 1.2345, NULL, NULL");
        rows.add("24, 'A0000000-0000-4000-8000-00000000000A', 'Upper-case author', 2147483647, 1, 2.5, 'x', "
                + "'{\"b\": [1, 2.50, null], \"a\": \"x\"}'");
        rows.add(hugeKey + ", 'a0000000-0000-4000-8000-000000000001', 'Beyond long', 1, 1, NULL, NULL, NULL");
        String columns = List.of("id", "authorId", "title", "viewCount", "published", "price", "select", "metadata")
                .stream().map(c -> quote + c + quote).reduce((a, b) -> a + ", " + b).orElseThrow();
        return rows.stream().map(values -> "INSERT INTO " + quote + "Post" + quote + " (" + columns + ") VALUES ("
                + values + ")").toList();
    }

    /** The bytes of asset 1's picture: 36,000 bytes repeating 00 ff 5c 0a 09 (NUL, a backslash, a newline, a tab). */
    public static byte[] picture() {
        byte[] bytes = new byte[36_000];
        byte[] pattern = {0, (byte) 0xff, 0x5c, 0x0a, 0x09};
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = pattern[i % pattern.length];
        }
        return bytes;
    }

    /**
     * INSERT statements for the assets: every new target type with values at its edges, an empty set, and a label
     * ({@code AUDIO}) the target's enum type lacks.
     */
    public static List<String> assets(boolean mariadb) {
        char quote = mariadb ? '`' : '"';
        String picture = mariadb ? "UNHEX(REPEAT('00FF5C0A09', 7200))" : "decode(repeat('00ff5c0a09', 7200), 'hex')";
        List<String> rows = List.of(
                "1, 255, 0.1, 1e300, 'ab', " + picture + ", '23:59:59.5', '2024-02-29 12:00:00.123456', 'PHOTO', "
                        + (mariadb ? "'red,blue'" : "'{red,blue}'") + ", 1999",
                "2, 0, NULL, NULL, NULL, NULL, NULL, NULL, 'VIDEO', " + (mariadb ? "''" : "'{}'") + ", NULL",
                "3, 7, -1.5, -2.5, 'x', NULL, '00:00:00', '1970-01-01 00:00:00', 'AUDIO', NULL, 2000",
                "4, 1, 3.5, 0, 'abcd', " + (mariadb ? "X''" : "''::bytea") + ", '12:00:00', '9999-12-31 23:59:59.999999', "
                        + "'PHOTO', " + (mariadb ? "'green'" : "'{green}'") + ", 2155");
        String columns = List.of("id", "rank", "ratio", "score", "code", "picture", "opensAt", "takenAt", "kind", "tags",
                "madeIn").stream().map(c -> quote + c + quote).reduce((a, b) -> a + ", " + b).orElseThrow();
        return rows.stream().map(values -> "INSERT INTO " + quote + "Asset" + quote + " (" + columns + ") VALUES ("
                + values + ")").toList();
    }
}
