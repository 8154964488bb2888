package dev.cutover.backend;

import java.util.regex.Pattern;

/** JDBC URLs as they may appear in logs and messages: without passwords. */
public final class JdbcUrls {
    private static final Pattern PASSWORD_PARAMETER =
            Pattern.compile("(?i)([?&;](?:password|passwd|pwd|sslpassword|sslkeypassword)=)[^&;]*");
    private static final Pattern USER_INFO = Pattern.compile("(//[^/@:?]+):[^/@]*@");

    private JdbcUrls() {
    }

    /** The URL with every password replaced by {@code ***}; {@code null} stays {@code null}. */
    public static String redact(String jdbcUrl) {
        if (jdbcUrl == null) {
            return null;
        }
        String redacted = PASSWORD_PARAMETER.matcher(jdbcUrl).replaceAll("$1***");
        return USER_INFO.matcher(redacted).replaceAll("$1:***@");
    }
}
