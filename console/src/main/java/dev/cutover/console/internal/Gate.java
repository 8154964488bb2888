package dev.cutover.console.internal;

import dev.cutover.console.ConsoleAuthentication;
import dev.cutover.console.ConsoleRole;
import dev.cutover.console.ConsoleUser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Who is asking, and whether a change carries the session's CSRF token; the login form's rate limit. Thread-safe.
 */
final class Gate {
    static final String USER = "dev.cutover.console.user";
    static final String CSRF = "dev.cutover.console.csrf";
    static final String CSRF_FIELD = "_csrf";
    static final String CSRF_HEADER = "X-CSRF-Token";
    /** Failed logins allowed per address (and per user name) in {@link #WINDOW}; more are refused until it passes. */
    static final int MAX_FAILURES = 5;
    static final Duration WINDOW = Duration.ofMinutes(1);

    private final ConsoleAuthentication authentication;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Deque<Instant>> failures = new HashMap<>();

    Gate(ConsoleAuthentication authentication, Clock clock) {
        this.authentication = authentication;
        this.clock = clock;
    }

    /** Whether the request comes from an address the proxy-header mode does not trust. */
    boolean untrustedProxy(HttpServletRequest request) {
        return authentication.mode() == ConsoleAuthentication.Mode.PROXY_HEADER
                && !authentication.trustedProxies().contains(request.getRemoteAddr());
    }

    /** The logged-in user, if any. */
    Optional<ConsoleUser> user(HttpServletRequest request) {
        switch (authentication.mode()) {
            case PASSWORDS -> {
                HttpSession session = request.getSession(false);
                Object user = session == null ? null : session.getAttribute(USER);
                return user instanceof ConsoleUser u ? Optional.of(u) : Optional.empty();
            }
            case PROXY_HEADER -> {
                if (untrustedProxy(request)) {
                    return Optional.empty();
                }
                String name = request.getHeader(authentication.header());
                if (name == null || name.isBlank() || name.length() > 200) {
                    return Optional.empty();
                }
                name = name.strip();
                return Optional.of(new ConsoleUser(name,
                        authentication.changers().contains(name) ? ConsoleRole.CHANGE : ConsoleRole.READ));
            }
            default -> {
                if (request.getUserPrincipal() == null || request.getUserPrincipal().getName() == null) {
                    return Optional.empty();
                }
                String name = request.getUserPrincipal().getName();
                if (request.isUserInRole(authentication.changeRole())) {
                    return Optional.of(new ConsoleUser(name, ConsoleRole.CHANGE));
                }
                if (request.isUserInRole(authentication.readRole())) {
                    return Optional.of(new ConsoleUser(name, ConsoleRole.READ));
                }
                return Optional.empty();
            }
        }
    }

    /** The session's CSRF token, made on first use. */
    String csrfToken(HttpServletRequest request) {
        HttpSession session = request.getSession(true);
        synchronized (session) {
            Object token = session.getAttribute(CSRF);
            if (token instanceof String t) {
                return t;
            }
            String made = newToken();
            session.setAttribute(CSRF, made);
            return made;
        }
    }

    /** Whether the request carries the session's CSRF token (form field or header), compared in constant time. */
    boolean csrfValid(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        Object expected = session == null ? null : session.getAttribute(CSRF);
        String sent = request.getHeader(CSRF_HEADER);
        if (sent == null) {
            sent = request.getParameter(CSRF_FIELD);
        }
        return expected instanceof String e && sent != null
                && MessageDigest.isEqual(e.getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8));
    }

    /** The time until {@code address} or {@code name} may try again, or zero. */
    synchronized Duration loginBlockedFor(String address, String name) {
        Instant now = clock.instant();
        Duration wait = Duration.ZERO;
        for (String key : new String[] {"address " + address, "user " + name}) {
            Deque<Instant> times = failures.get(key);
            if (times == null) {
                continue;
            }
            while (!times.isEmpty() && !times.peekFirst().isAfter(now.minus(WINDOW))) {
                times.pollFirst();
            }
            if (times.size() >= MAX_FAILURES) {
                Duration left = Duration.between(now, times.peekFirst().plus(WINDOW));
                wait = left.compareTo(wait) > 0 ? left : wait;
            }
        }
        return wait;
    }

    /**
     * Checks a login; on success starts a new session (a new id, so a planted session id is worthless) holding the
     * user and a new CSRF token.
     */
    Optional<ConsoleUser> login(HttpServletRequest request, String name, String password) {
        Optional<ConsoleUser> user = authentication.users().authenticate(name, password);
        if (user.isEmpty()) {
            synchronized (this) {
                Instant now = clock.instant();
                failures.computeIfAbsent("address " + request.getRemoteAddr(), k -> new ArrayDeque<>()).addLast(now);
                failures.computeIfAbsent("user " + name, k -> new ArrayDeque<>()).addLast(now);
                if (failures.size() > 10_000) { // a flood of names: forget the oldest state rather than grow
                    failures.clear();
                }
            }
            return user;
        }
        HttpSession old = request.getSession(false);
        if (old != null) {
            old.invalidate();
        }
        HttpSession session = request.getSession(true);
        session.setAttribute(USER, user.get());
        session.setAttribute(CSRF, newToken());
        return user;
    }

    void logout(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
    }

    private String newToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
