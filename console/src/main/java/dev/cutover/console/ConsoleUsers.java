package dev.cutover.console;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * The console's users and their bcrypt password hashes, from a file or a variable: one user per line (or separated
 * by commas or spaces in a variable), {@code name:role:hash}, for example
 * {@code alice:change:$2a$12$...}; lines starting with {@code #} are comments. Make a hash with
 * {@code cutover console --hash-password} or {@link #hash(char[])}. Only hashes are kept: never a password.
 *
 * <p>{@link #authenticate} takes the same time whether the user exists or not (an unknown name is checked against a
 * hash of the same cost). Immutable and thread-safe.
 */
public final class ConsoleUsers {
    /** The cost of hashes made by {@link #hash(char[])}: about 0.1 to 0.3 s per check on a server core. */
    public static final int DEFAULT_COST = 12;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@+-]{1,100}");
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$(\\d\\d)\\$[./A-Za-z0-9]{53}");

    private final Map<String, Entry> users;
    private final String dummyHash;

    private record Entry(ConsoleUser user, String hash) {
    }

    private ConsoleUsers(Map<String, Entry> users) {
        this.users = Map.copyOf(users);
        int cost = users.values().stream().mapToInt(e -> Integer.parseInt(e.hash().substring(4, 6))).max().orElse(DEFAULT_COST);
        this.dummyHash = BCrypt.hashpw("cutover-console-no-such-user", BCrypt.gensalt(cost));
    }

    /**
     * The users of {@code text}, as in a users file; {@code origin} names where it came from in errors (a file
     * name or a variable).
     *
     * @throws IllegalArgumentException naming the origin, the line and what is allowed, for a malformed entry, an
     *                                  unknown role, a value that is not a bcrypt hash, a name given twice, or no user
     */
    public static ConsoleUsers parse(String text, String origin) {
        Objects.requireNonNull(text, "text");
        Map<String, Entry> users = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        String[] lines = text.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            for (String entry : line.split("[,\\s]+")) {
                String where = origin + (lines.length > 1 ? " line " + (i + 1) : "");
                String[] parts = entry.split(":", 3);
                if (parts.length != 3) {
                    problems.add(where + ": expected name:role:bcrypt-hash, got an entry with " + parts.length + " part(s)");
                    continue;
                }
                if (!NAME.matcher(parts[0]).matches()) {
                    problems.add(where + ": user name '" + parts[0] + "' is not allowed (1 to 100 of A-Z a-z 0-9 . _ @ + -)");
                    continue;
                }
                ConsoleRole role;
                try {
                    role = ConsoleRole.parse(parts[1]);
                } catch (IllegalArgumentException e) {
                    problems.add(where + ": user " + parts[0] + ": " + e.getMessage());
                    continue;
                }
                if (!BCRYPT.matcher(parts[2]).matches()) {
                    // The value is never quoted: it may be a password written where its hash belongs.
                    problems.add(where + ": user " + parts[0] + ": the third part is not a bcrypt hash ($2a$, $2b$ or $2y$,"
                            + " cost, 53 characters); make one with 'cutover console --hash-password'");
                    continue;
                }
                if (users.put(parts[0], new Entry(new ConsoleUser(parts[0], role), parts[2])) != null) {
                    problems.add(where + ": user " + parts[0] + " is listed twice");
                }
            }
        }
        if (problems.isEmpty() && users.isEmpty()) {
            problems.add(origin + ": no user; add lines name:role:bcrypt-hash (roles: read, change)");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Invalid console users (" + String.join("; ", problems) + ")");
        }
        return new ConsoleUsers(users);
    }

    /**
     * The users of the file at {@code path}.
     *
     * @throws IllegalArgumentException for a file that cannot be read or is malformed, naming it
     */
    public static ConsoleUsers read(Path path) {
        try {
            return parse(Files.readString(path, StandardCharsets.UTF_8), path.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read the console users file " + path + ": " + e, e);
        }
    }

    /** A bcrypt hash of {@code password} at {@link #DEFAULT_COST}, for a users file. */
    public static String hash(char[] password) {
        return hash(password, DEFAULT_COST);
    }

    /**
     * A bcrypt hash of {@code password} at {@code cost} (4 to 31).
     *
     * @throws IllegalArgumentException for an empty password, one over bcrypt's 72 bytes, or a cost outside 4 to 31
     */
    public static String hash(char[] password, int cost) {
        String text = new String(password);
        if (text.isEmpty() || text.getBytes(StandardCharsets.UTF_8).length > 72) {
            throw new IllegalArgumentException("A console password must have 1 to 72 bytes (bcrypt's limit); got "
                    + text.getBytes(StandardCharsets.UTF_8).length);
        }
        if (cost < 4 || cost > 31) {
            throw new IllegalArgumentException("A bcrypt cost must be between 4 and 31; got " + cost);
        }
        return BCrypt.hashpw(text, BCrypt.gensalt(cost));
    }

    /** The user {@code name} if {@code password} matches its hash; a check of the same cost either way. */
    public Optional<ConsoleUser> authenticate(String name, String password) {
        Entry entry = name == null ? null : users.get(name);
        boolean matches = check(password == null ? "" : password, entry == null ? dummyHash : entry.hash());
        return entry != null && matches ? Optional.of(entry.user()) : Optional.empty();
    }

    private static boolean check(String password, String hash) {
        try {
            return BCrypt.checkpw(password, hash);
        } catch (IllegalArgumentException e) { // longer than bcrypt takes
            BCrypt.checkpw("", hash);
            return false;
        }
    }

    /** The users' names and roles (never their hashes). */
    public List<ConsoleUser> users() {
        return users.values().stream().map(Entry::user).toList();
    }

    @Override
    public String toString() {
        return "ConsoleUsers" + users();
    }
}
