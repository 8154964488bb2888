package dev.cutover.jdbc;

import java.lang.reflect.Constructor;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Secrets taken out of text and out of exceptions, causes and suppressed ones included, before Cutover shows, throws or
 * logs them: every secret of {@link JdbcUrls#redact} wherever a URL or a parameter appears in a message, the bare
 * {@code user:password@host} a driver puts in an {@link java.net.UnknownHostException}, and the literal secrets a
 * caller knows (a configured password). Every {@link dev.cutover.CutoverException} applies it to its message and cause.
 * Stateless and thread-safe.
 *
 * <p>An exception whose message holds no secret, with no cause that does, is kept as it is. Otherwise it is replaced
 * by a copy of the same class with the redacted message when the class has a usual constructor, else by a
 * {@link RedactedSqlException} (for a {@link SQLException}) or a {@link RedactedException}, which show the original
 * class name; SQLState, vendor code and stack trace are kept.
 */
public final class Redaction {
    private static final Pattern SECRET_PARAMETER = Pattern.compile("(?i)((?:^|[\\s?&;(,\"'])" + JdbcUrls.SECRET_NAME
            + "\\s*=\\s*)(?!\\.\\.\\.(?:[\\s,;)\"']|$))[^&;,)\\s\"']*");
    /**
     * {@code user:secret@host} anywhere in text, as PgJDBC's UnknownHostException shows it; not Oracle's
     * {@code jdbc:oracle:thin:@host}, whose part before the {@code @} ends with a colon.
     */
    private static final Pattern BARE_USER_INFO = Pattern.compile("(^|[\\s/'\"(\\[])([^\\s/@:'\"]+):[^\\s/@'\"]*[^\\s/@:'\"]@");

    private Redaction() {
    }

    /** {@code text} without secrets; {@code null} stays {@code null}. */
    public static String text(String text, String... secrets) {
        if (text == null) {
            return null;
        }
        String redacted = JdbcUrls.redact(text);
        redacted = SECRET_PARAMETER.matcher(redacted).replaceAll("$1***");
        redacted = BARE_USER_INFO.matcher(redacted).replaceAll("$1$2:***@");
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty()) {
                redacted = redacted.replace(secret, "***");
            }
        }
        return redacted;
    }

    /**
     * {@code failure} with every message of the chain (causes and suppressed exceptions) redacted: the same object if
     * none holds a secret.
     */
    public static Throwable chain(Throwable failure, String... secrets) {
        return failure == null ? null : redact(failure, secrets, new IdentityHashMap<>());
    }

    private static Throwable redact(Throwable failure, String[] secrets, Map<Throwable, Throwable> done) {
        Throwable known = done.get(failure);
        if (known != null) {
            return known;
        }
        done.put(failure, failure); // a cycle ends here
        Throwable cause = failure.getCause() == null || failure.getCause() == failure ? null
                : redact(failure.getCause(), secrets, done);
        List<Throwable> suppressed = new ArrayList<>();
        boolean suppressedChanged = false;
        for (Throwable each : failure.getSuppressed()) {
            Throwable redacted = redact(each, secrets, done);
            suppressed.add(redacted);
            suppressedChanged |= redacted != each;
        }
        String message = failure.getMessage();
        String redactedMessage = text(message, secrets);
        if (Objects.equals(message, redactedMessage) && cause == failure.getCause() && !suppressedChanged) {
            return failure;
        }
        Throwable copy = copy(failure, redactedMessage, cause);
        copy.setStackTrace(failure.getStackTrace());
        suppressed.forEach(copy::addSuppressed);
        done.put(failure, copy);
        return copy;
    }

    private static Throwable copy(Throwable failure, String message, Throwable cause) {
        Throwable same = sameClass(failure, message, cause);
        if (same != null) {
            return same;
        }
        if (failure instanceof SQLException sql) {
            RedactedSqlException copy = new RedactedSqlException(failure.getClass().getName(), message, sql.getSQLState(),
                    sql.getErrorCode());
            if (cause != null) {
                copy.initCause(cause);
            }
            return copy;
        }
        RedactedException copy = new RedactedException(failure.getClass().getName(), message);
        if (cause != null) {
            copy.initCause(cause);
        }
        return copy;
    }

    /** A copy of the same class through a usual constructor, with the SQLState and vendor code of a SQLException. */
    private static Throwable sameClass(Throwable failure, String message, Throwable cause) {
        Class<? extends Throwable> type = failure.getClass();
        try {
            if (failure instanceof SQLException sql) {
                Constructor<? extends Throwable> full = constructor(type, String.class, String.class, int.class,
                        Throwable.class);
                if (full != null) {
                    return full.newInstance(message, sql.getSQLState(), sql.getErrorCode(), cause);
                }
                Constructor<? extends Throwable> noCause = constructor(type, String.class, String.class, int.class);
                return noCause == null ? null : withCause(noCause.newInstance(message, sql.getSQLState(), sql.getErrorCode()),
                        cause);
            }
            Constructor<? extends Throwable> withCause = constructor(type, String.class, Throwable.class);
            if (withCause != null) {
                return withCause.newInstance(message, cause);
            }
            Constructor<? extends Throwable> plain = constructor(type, String.class);
            return plain == null ? null : withCause(plain.newInstance(message), cause);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static Throwable withCause(Throwable copy, Throwable cause) {
        if (cause != null && copy.getCause() == null) {
            try {
                copy.initCause(cause);
            } catch (IllegalStateException e) {
                return null;
            }
        }
        return copy;
    }

    private static Constructor<? extends Throwable> constructor(Class<? extends Throwable> type, Class<?>... parameters) {
        try {
            return type.getConstructor(parameters);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    /** {@code class: message}, as {@link Throwable#toString()} shows an exception. */
    static String shown(String originalClass, String message) {
        return message == null ? originalClass : originalClass + ": " + message;
    }

    /** Every message of {@code failure}'s chain, for a test or a report: redacted messages never hold a secret. */
    public static List<String> messages(Throwable failure) {
        List<String> messages = new ArrayList<>();
        collect(failure, messages, new IdentityHashMap<>());
        return messages;
    }

    private static void collect(Throwable failure, Collection<String> messages, Map<Throwable, Boolean> seen) {
        if (failure == null || seen.put(failure, Boolean.TRUE) != null) {
            return;
        }
        messages.add(failure.toString());
        collect(failure.getCause(), messages, seen);
        for (Throwable suppressed : failure.getSuppressed()) {
            collect(suppressed, messages, seen);
        }
    }
}
