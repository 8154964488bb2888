package dev.cutover;

/** The two sides of a migration. */
public enum Backend {
    /** The database the application is moving away from. */
    LEGACY("legacy"),
    /** The PostgreSQL database the application is moving to. */
    POSTGRES("postgres");

    private final String id;

    Backend(String id) {
        this.id = id;
    }

    /** The lower-case name used in routes, flags, logs and reports. */
    public String id() {
        return id;
    }

    public Backend other() {
        return this == LEGACY ? POSTGRES : LEGACY;
    }

    @Override
    public String toString() {
        return id;
    }
}
