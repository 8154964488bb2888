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
            "the URL's own, if any", true);

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
