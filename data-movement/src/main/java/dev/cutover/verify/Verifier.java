package dev.cutover.verify;

import dev.cutover.dual.Outbox;
import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyTable;
import dev.cutover.mapping.EntityMapping;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.store.EntityStore;
import dev.cutover.verify.internal.DefaultVerifier;
import java.util.Objects;

/**
 * Verifies that PostgreSQL holds what legacy holds for one entity: counts both tables, then compares them key
 * range by key range. Where both databases can compute the same checksum of a range (see
 * {@link dev.cutover.legacy.LegacyDialect#checksumValue}), ranges are compared by checksum and only the ranges
 * whose checksums differ are read, after bisecting them down to {@link VerifyConfig#pageSize()} rows; elsewhere
 * every row is read from both sides, in key order, a page at a time, and compared with
 * {@link dev.cutover.compare.Comparison} under the entity's {@link VerifyConfig#rules() rules}, the same
 * normalisation as shadow reads (JSON by content, numbers by value, timestamps by instant).
 *
 * <p>Safe while the application is live: a row found missing, extra or different is read again on both sides
 * after {@link VerifyConfig#recheckDelay()} (up to {@link VerifyConfig#recheckAttempts()} times) and reported
 * only if it still differs; the report counts the others as transient.
 *
 * <pre>{@code
 * Verifier<Client, Long> clients = Verifier.of(CLIENTS, legacyAdapter, LegacyTables.CLIENTS, postgresAdapter,
 *         VerifyConfig.custom().rules(ComparisonRules.custom().ignore("updatedAt").build()).build());
 * VerifyReport report = clients.verify();
 * System.out.println(report.toText());
 * System.exit(report.exitCode());      // 0 equal, 1 differences, 2 could not verify
 * }</pre>
 *
 * <p>Memory is bounded by {@link VerifyConfig#rangeSize()} rows per side, whatever the table's size. Thread-safe:
 * {@link #verify()} may run on several threads at once, each run independent.
 *
 * @param <E> the entity type
 * @param <K> the key type
 */
public interface Verifier<E, K> {

    /**
     * A verifier of {@code mapping} between a legacy table and the PostgreSQL adapter's table of the mapping,
     * using checksums where both sides can compute them. Creates both stores, so their startup schema checks
     * run here.
     *
     * @throws dev.cutover.schema.SchemaMismatchException if either table does not fit the mapping
     */
    static <E, K> Verifier<E, K> of(EntityMapping<E, K> mapping, LegacyAdapter legacy, LegacyTable legacyTable,
            PostgresAdapter postgres, VerifyConfig config) {
        Objects.requireNonNull(mapping, "mapping");
        Objects.requireNonNull(legacy, "legacy");
        Objects.requireNonNull(legacyTable, "legacyTable");
        Objects.requireNonNull(postgres, "postgres");
        Objects.requireNonNull(config, "config");
        return DefaultVerifier.of(mapping, legacy, legacyTable, postgres, config);
    }

    /**
     * A verifier of any two stores of one mapping, comparing every row (no checksums). Both stores must list
     * keys in the same order, the order of their values (text keys: by code point, as a binary collation does);
     * a store that does not fails the verification rather than reporting rows wrongly.
     */
    static <E, K> Verifier<E, K> of(EntityStore<E, K> legacy, EntityStore<E, K> postgres, VerifyConfig config) {
        Objects.requireNonNull(legacy, "legacy");
        Objects.requireNonNull(postgres, "postgres");
        Objects.requireNonNull(config, "config");
        if (legacy.mapping() != postgres.mapping()) {
            throw new IllegalArgumentException("Both stores must have the same mapping; legacy has " + legacy.mapping()
                    + ", postgres has " + postgres.mapping());
        }
        return DefaultVerifier.of(legacy, postgres, config);
    }

    EntityMapping<E, K> mapping();

    /**
     * Verifies the whole table. Never throws for what it finds or for a database failure: a failure ends the
     * run with {@link VerifyReport.Status#FAILED} and what was found until then.
     */
    VerifyReport verify();

    /**
     * Verifies the whole table as {@link #verify()} does and queues every row it reports missing, extra or different
     * for the reconciler: each key becomes an entry of {@code primaryOutbox}, recorded (like a dual write's) in batches
     * of {@value RepairReport#BATCH} keys, each in a transaction of its own, as the rows are found. The reconciler of
     * that outbox ({@code DualWrites}: the application's, or {@code cutover reconcile}) then copies the primary's
     * current row of each key to the other side, or deletes the other side's row where the primary has none, and
     * removes the entry once both sides are equal: idempotent, and safe while the application writes.
     *
     * <p>The outbox decides the direction: pass the outbox of the backend the table's writes are routed to now
     * ({@code LegacyOutbox.create(legacy)} on {@code legacy} and {@code legacy-dual}, {@code PostgresOutbox.create(postgres)}
     * on {@code postgres-dual} and {@code postgres}). With PostgreSQL as primary, a row missing in PostgreSQL is deleted
     * from legacy. Rows reported unreadable are never queued: the report lists them as not repairable. Must not run
     * inside a unit of work. Never throws for what it finds, nor when the outbox fails: the report says what was queued
     * and why the rest was not.
     */
    RepairReport repair(Outbox primaryOutbox);
}
