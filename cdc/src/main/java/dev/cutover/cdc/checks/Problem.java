package dev.cutover.cdc.checks;

import java.util.Objects;

/**
 * What a start-up check found wrong with the legacy database, and the fix.
 *
 * @param check what was checked ({@code binlog_format})
 * @param found what it found ({@code binlog_format is STATEMENT})
 * @param fix   what to do ({@code SET GLOBAL binlog_format = 'ROW', and binlog_format=ROW in my.cnf})
 */
public record Problem(String check, String found, String fix) {
    public Problem {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(found, "found");
        Objects.requireNonNull(fix, "fix");
    }

    @Override
    public String toString() {
        return found + "; fix: " + fix;
    }
}
