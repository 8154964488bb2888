package dev.cutover.spring.boot.internal;

import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.outbox.LegacyOutbox;
import dev.cutover.postgres.CutoverSchema;
import dev.cutover.postgres.PostgresAdapter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.flywaydb.core.api.MigrationInfo;

/**
 * Cutover's own tables: created or upgraded at start when asked (PostgreSQL's schema cutover and, unless a journal
 * is the legacy outbox, the legacy database's cutover_outbox), and which migrations are still pending, for the health
 * indicator (read again at most once a minute). Thread-safe.
 */
public final class CutoverMigrations {
    private static final Duration RECHECK = Duration.ofMinutes(1);

    private final LegacyAdapter legacy;
    private final PostgresAdapter postgres;
    private final boolean legacyTable;
    private final Clock clock;
    private List<String> pending;
    private Instant checkedAt;

    private CutoverMigrations(LegacyAdapter legacy, PostgresAdapter postgres, boolean legacyTable, Clock clock) {
        this.legacy = legacy;
        this.postgres = postgres;
        this.legacyTable = legacyTable;
        this.clock = clock;
    }

    /** Migrates both databases if {@code run}; then reads what is pending. */
    public static CutoverMigrations atStart(boolean run, LegacyAdapter legacy, PostgresAdapter postgres, boolean legacyTable) {
        if (run) {
            CutoverSchema.migrate(postgres);
            if (legacyTable) {
                LegacyOutbox.migrate(legacy);
            }
        }
        CutoverMigrations migrations = new CutoverMigrations(legacy, postgres, legacyTable, Clock.systemUTC());
        migrations.pending();
        return migrations;
    }

    /** The pending migrations, as {@code postgres V400} or {@code legacy V2}; empty when up to date. */
    public synchronized List<String> pending() {
        Instant now = clock.instant();
        if (pending == null || checkedAt.plus(RECHECK).isBefore(now)) {
            Stream<String> target = Arrays.stream(CutoverSchema.info(postgres.connections().dataSource()).pending())
                    .map(m -> "postgres V" + version(m));
            Stream<String> outbox = legacyTable
                    ? Arrays.stream(LegacyOutbox.info(legacy).pending()).map(m -> "legacy V" + version(m)) : Stream.empty();
            pending = Stream.concat(target, outbox).toList();
            checkedAt = now;
        }
        return pending;
    }

    private static String version(MigrationInfo migration) {
        return String.valueOf(migration.getVersion());
    }
}
