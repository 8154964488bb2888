package dev.cutover.console;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Who may use the console, in one of three ways; there is no anonymous one.
 * <ul>
 *   <li>{@link #passwords(ConsoleUsers)}: the console's own login form, against bcrypt hashes;</li>
 *   <li>{@link #proxyHeader(String, Collection, Collection)}: an upstream proxy that authenticated the user names
 *       them in a header; trusted only from the listed proxy addresses, refused from any other;</li>
 *   <li>{@link #container(String, String, Function, String)}: the server that mounts the console authenticated the
 *       user ({@link HttpServletRequest#getUserPrincipal()}, roles by {@link HttpServletRequest#isUserInRole}): the
 *       Spring Boot starter behind the application's Spring Security.</li>
 * </ul>
 * Immutable and thread-safe.
 */
public final class ConsoleAuthentication {
    private static final Pattern HEADER = Pattern.compile("[A-Za-z0-9-]{1,100}");

    /** How users are authenticated. */
    public enum Mode {
        PASSWORDS, PROXY_HEADER, CONTAINER
    }

    private final Mode mode;
    private final ConsoleUsers users;
    private final String header;
    private final Set<String> trustedProxies;
    private final Set<String> changers;
    private final String readRole;
    private final String changeRole;
    private final Function<HttpServletRequest, Map<String, String>> formFields;
    private final String logoutPath;

    private ConsoleAuthentication(Mode mode, ConsoleUsers users, String header, Set<String> trustedProxies,
            Set<String> changers, String readRole, String changeRole,
            Function<HttpServletRequest, Map<String, String>> formFields, String logoutPath) {
        this.mode = mode;
        this.users = users;
        this.header = header;
        this.trustedProxies = trustedProxies;
        this.changers = changers;
        this.readRole = readRole;
        this.changeRole = changeRole;
        this.formFields = formFields;
        this.logoutPath = logoutPath;
    }

    /** The console's login form, checking names and passwords against {@code users}. */
    public static ConsoleAuthentication passwords(ConsoleUsers users) {
        return new ConsoleAuthentication(Mode.PASSWORDS, Objects.requireNonNull(users, "users"), null, Set.of(), Set.of(),
                null, null, request -> Map.of(), null);
    }

    /**
     * Users named by an authenticating proxy in {@code header} (for example {@code X-Forwarded-User}), on requests from
     * {@code trustedProxies} (IP addresses as the console sees the peer) only: a request from another address is
     * refused, with or without the header. Every named user may read; those in {@code changers} may change.
     *
     * @throws IllegalArgumentException for a malformed header name or no trusted address
     */
    public static ConsoleAuthentication proxyHeader(String header, Collection<String> trustedProxies,
            Collection<String> changers) {
        if (header == null || !HEADER.matcher(header).matches()) {
            throw new IllegalArgumentException("A proxy header name is 1 to 100 of A-Z a-z 0-9 -; got '" + header + "'");
        }
        Set<String> trusted = Set.copyOf(trustedProxies.stream().map(String::strip).filter(s -> !s.isEmpty()).toList());
        if (trusted.isEmpty()) {
            throw new IllegalArgumentException("Proxy header authentication needs the proxy's addresses (trusted proxies):"
                    + " without them anyone could send the header " + header);
        }
        return new ConsoleAuthentication(Mode.PROXY_HEADER, null, header, trusted,
                Set.copyOf(changers.stream().map(String::strip).filter(s -> !s.isEmpty()).toList()), null, null,
                request -> Map.of(), null);
    }

    /**
     * Users the mounting server authenticated: a request without a principal is refused. {@code readRole} and
     * {@code changeRole} are checked with {@link HttpServletRequest#isUserInRole}; {@code formFields} adds hidden fields
     * to every form (the application's own CSRF token, as Spring Security wants it); {@code logoutPath} is where the
     * logout button posts (the application's logout), or {@code null} for none.
     */
    public static ConsoleAuthentication container(String readRole, String changeRole,
            Function<HttpServletRequest, Map<String, String>> formFields, String logoutPath) {
        return new ConsoleAuthentication(Mode.CONTAINER, null, null, Set.of(), Set.of(),
                Objects.requireNonNull(readRole, "readRole"), Objects.requireNonNull(changeRole, "changeRole"),
                Objects.requireNonNull(formFields, "formFields"), logoutPath);
    }

    public Mode mode() {
        return mode;
    }

    /** The users of {@link Mode#PASSWORDS}, else {@code null}. */
    public ConsoleUsers users() {
        return users;
    }

    /** The header of {@link Mode#PROXY_HEADER}, else {@code null}. */
    public String header() {
        return header;
    }

    public Set<String> trustedProxies() {
        return trustedProxies;
    }

    public Set<String> changers() {
        return changers;
    }

    public String readRole() {
        return readRole;
    }

    public String changeRole() {
        return changeRole;
    }

    /** Hidden fields every form of the console carries, for {@code request}. */
    public Map<String, String> formFields(HttpServletRequest request) {
        Map<String, String> fields = formFields.apply(request);
        return fields == null ? Map.of() : fields;
    }

    /** Where the container's logout is, for {@link Mode#CONTAINER}; {@code null} otherwise or if none. */
    public String logoutPath() {
        return logoutPath;
    }
}
