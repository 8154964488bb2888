package dev.cutover.jdbc;

/** What the SQLStates Cutover tells apart mean. Thread-safe (stateless). */
public final class SqlStates {
    private SqlStates() {
    }

    /**
     * Whether {@code sqlState} says a table, or its schema, does not exist (PostgreSQL 42P01, 3F000): for Cutover's own
     * tables, its migrations have not run.
     */
    public static boolean missingTable(String sqlState) {
        return "42P01".equals(sqlState) || "3F000".equals(sqlState);
    }
}
