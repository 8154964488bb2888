package dev.cutover.jdbc;

/**
 * An exception whose message held a secret and whose class could not be copied, replaced by {@link Redaction} with the
 * secret removed: same stack trace; {@link #toString()} shows the original class.
 */
public final class RedactedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String originalClass;

    public RedactedException(String originalClass, String message) {
        super(message);
        this.originalClass = originalClass;
    }

    /** The class of the exception this replaces, for example {@code java.net.UnknownHostException}. */
    public String originalClass() {
        return originalClass;
    }

    /** As the original exception would show: its class and the redacted message. */
    @Override
    public String toString() {
        return Redaction.shown(originalClass, getLocalizedMessage());
    }
}
