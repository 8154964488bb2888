package dev.cutover.cli.internal;

import java.util.Locale;

/**
 * Every setting of the {@code cutover} command, each readable from an environment variable and from the
 * configuration file. Precedence, highest first: the command line option (where there is one), the environment
 * variable, the configuration file, the default. This enum is the one list: the configuration reference in
 * {@code docs/} is generated from it.
 */
public enum Setting {
    CONFIG("CUTOVER_CONFIG", null, "A configuration file (Java properties) holding any of the settings below by their file key.",
            "a readable file path", "none", false),
    APPLICATION("CUTOVER_APPLICATION", "application",
            "The class implementing dev.cutover.cli.CutoverApplication that describes the application's repositories and tables.",
            "a class name on the class path", "the only implementation registered in META-INF/services", false),
    LEGACY_URL("CUTOVER_LEGACY_URL", "legacy.url", "JDBC URL of the legacy database.",
            "jdbc:postgresql://..., jdbc:mariadb://... or jdbc:mysql://...", "none (required by commands that read legacy)", false),
    LEGACY_USER("CUTOVER_LEGACY_USER", "legacy.user", "User name for the legacy database.", "any", "the URL's own, if any", false),
    LEGACY_PASSWORD("CUTOVER_LEGACY_PASSWORD", "legacy.password", "Password for the legacy database. Never printed.", "any",
            "the URL's own, if any", true),
    LEGACY_DIALECT("CUTOVER_LEGACY_DIALECT", "legacy.dialect", "SQL dialect of the legacy database.", "postgresql, mariadb",
            "from the URL: postgresql for jdbc:postgresql:, mariadb for jdbc:mariadb: and jdbc:mysql:", false),
    POSTGRES_URL("CUTOVER_POSTGRES_URL", "postgres.url",
            "JDBC URL of the target PostgreSQL (also the home of Cutover's own tables: flags, outbox, backfill runs).",
            "jdbc:postgresql://...", "none (required by every command but flags validate)", false),
    POSTGRES_USER("CUTOVER_POSTGRES_USER", "postgres.user", "User name for the target PostgreSQL.", "any", "the URL's own, if any",
            false),
    POSTGRES_PASSWORD("CUTOVER_POSTGRES_PASSWORD", "postgres.password", "Password for the target PostgreSQL. Never printed.", "any",
            "the URL's own, if any", true),
    CONSOLE_USERS_FILE("CUTOVER_CONSOLE_USERS_FILE", "console.users-file",
            "cutover console: a file of users, one name:role:bcrypt-hash per line (roles read, change; docs/console.md).",
            "a readable file path", "none (one of the console's ways to log in is required)", false),
    CONSOLE_USERS("CUTOVER_CONSOLE_USERS", "console.users",
            "cutover console: users as in the users file, separated by commas or new lines. Never printed.",
            "name:role:bcrypt-hash,...", "none", true),
    CONSOLE_PROXY_HEADER("CUTOVER_CONSOLE_PROXY_HEADER", "console.proxy-header",
            "cutover console: trust this header's user name, set by an authenticating proxy, on requests from"
                    + " CUTOVER_CONSOLE_TRUSTED_PROXIES only.", "a header name, e.g. X-Forwarded-User", "none (off)", false),
    CONSOLE_TRUSTED_PROXIES("CUTOVER_CONSOLE_TRUSTED_PROXIES", "console.trusted-proxies",
            "cutover console: the proxy's addresses, required with CUTOVER_CONSOLE_PROXY_HEADER.",
            "IP addresses, comma-separated", "none", false),
    CONSOLE_PROXY_CHANGERS("CUTOVER_CONSOLE_PROXY_CHANGERS", "console.proxy-changers",
            "cutover console: the proxy's users who may change routes; every other user the proxy names may read.",
            "user names, comma-separated", "none (read only)", false),
    CONSOLE_SECURE_COOKIES("CUTOVER_CONSOLE_SECURE_COOKIES", "console.secure-cookies",
            "cutover console: mark the session cookie Secure on every response, for a console behind a proxy that ends TLS.",
            "true, false", "false (Secure only on requests that came over TLS)", false);

    private final String variable;
    private final String fileKey;
    private final String description;
    private final String allowed;
    private final String defaultValue;
    private final boolean secret;

    Setting(String variable, String fileKey, String description, String allowed, String defaultValue, boolean secret) {
        this.variable = variable;
        this.fileKey = fileKey;
        this.description = description;
        this.allowed = allowed;
        this.defaultValue = defaultValue;
        this.secret = secret;
    }

    /** The environment variable. */
    public String variable() {
        return variable;
    }

    /** The key in the configuration file, or null for a setting that only a variable or option sets. */
    public String fileKey() {
        return fileKey;
    }

    public String description() {
        return description;
    }

    public String allowed() {
        return allowed;
    }

    public String defaultValue() {
        return defaultValue;
    }

    /** Whether the value is a credential: never printed, never in a message. */
    public boolean secret() {
        return secret;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
