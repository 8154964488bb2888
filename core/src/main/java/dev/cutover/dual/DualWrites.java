package dev.cutover.dual;

import dev.cutover.Cutover;
import dev.cutover.compare.Comparison;
import dev.cutover.dual.internal.DualWritesBuilder;
import dev.cutover.mapping.EntityMapping;
import dev.cutover.status.StatusContributor;
import dev.cutover.store.EntityStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;

/**
 * Dual-write: the write methods of repositories on route {@code legacy-dual} (legacy primary) and
 * {@code postgres-dual} (PostgreSQL primary) write the primary, record the keys of the rows they wrote in an
 * {@link Outbox} in the same transaction, and have the secondary backend receive a copy of the primary's
 * current row for each key.
 *
 * <pre>{@code
 * DualWrites dualWrites = DualWrites.custom()
 *         .outbox(LegacyOutbox.create(legacyAdapter))
 *         .outbox(PostgresOutbox.create(postgresAdapter))
 *         .repository(ClientRepository.class, Mappings.CLIENTS, legacy.clientStore(), postgres.clientStore())
 *         .keys(ClientRepository.class, "delete", WriteKeys.argument(0))
 *         .mode(MirrorMode.SYNCHRONOUS)
 *         .build();
 * Cutover cutover = dualWrites.install(Cutover.builder().legacy(legacyAdapter).postgres(postgresAdapter)...)
 *         .build();
 * }</pre>
 *
 * <p>What a write call does:
 * <ol>
 *   <li>calls the primary's implementation, in the caller's unit of work, or in one opened for the call, whose
 *       transaction begins only when a statement needs it;</li>
 *   <li>records the keys it wrote in the primary's outbox, in the write's transaction: a generic store's write of a
 *       mirrored table on PostgreSQL carries the keys of its rows in its own statement (one round trip, in autocommit
 *       when the call's transaction has not begun); the other keys, those of entity arguments, of the result, or as
 *       declared ({@link #custom()}{@code .keys(...)}, {@link MirrorKey}), are inserted before the unit commits;</li>
 *   <li>once the unit commits (nothing happens if it rolls back), copies the primary's current row for each key
 *       to the secondary, or deletes it there if the primary has none: on the caller's thread
 *       ({@link MirrorMode#SYNCHRONOUS}) or the reconciler's ({@link MirrorMode#ASYNCHRONOUS});</li>
 *   <li>the {@link Reconciler} compares both sides for each entry, repairs, and removes the entry once they match.</li>
 * </ol>
 * The call succeeds iff the primary (and the outbox insert in its transaction) succeeded: a failed copy is
 * logged and counted, never thrown. Dual-write is the route handler; backend-call decorators (resilience,
 * metrics) wrap each of its calls to a backend's implementation.
 *
 * <p>As a {@link StatusContributor} it reports each outbox's backlog as last measured and the reconciler's figures.
 *
 * <p>Thread-safe. {@link #close()} stops the reconciler and closes the outboxes; {@link #install} registers it with
 * the Cutover so that {@code Cutover.close()} does it.
 */
public interface DualWrites extends AutoCloseable, StatusContributor {

    static Builder custom() {
        return new DualWritesBuilder();
    }

    /**
     * Registers the write handlers of {@code legacy-dual} and {@code postgres-dual} with {@code builder} and
     * this object as a resource it closes, starts the reconciler, and logs which outboxes are in use.
     *
     * @return {@code builder}
     * @throws IllegalStateException if installed already
     */
    Cutover.Builder install(Cutover.Builder builder);

    Reconciler reconciler();

    /**
     * Starts the reconciler without installing this object into a Cutover: for a process that routes no calls and
     * only settles the outboxes (the {@code cutover reconcile} command), typically configured with
     * {@link Builder#table} alone. Then {@link Reconciler#awaitEmpty} drains every outbox, entries of other processes
     * included. {@link #install} starts it too; idempotent.
     *
     * @return the reconciler, running
     * @throws IllegalStateException if closed
     */
    Reconciler startReconciler();

    MirrorMode mode();

    /** Stops the reconciler (waiting for its current pass) and closes the outboxes. Idempotent. */
    @Override
    void close();

    /** Collects the configuration; every method checks its input. Not thread-safe. */
    interface Builder {
        /**
         * The outbox of one primary backend ({@link Outbox#primary()}); one for each backend is required.
         */
        Builder outbox(Outbox outbox);

        /**
         * Mirrors the writes of {@code repository}'s write methods into {@code mapping}'s table, copying rows between
         * the two stores. Call once per mapping a repository writes; a mapping may serve several repositories.
         */
        <E, K> Builder repository(Class<?> repository, EntityMapping<E, K> mapping, EntityStore<E, K> legacyStore,
                EntityStore<E, K> postgresStore);

        /**
         * A table whose outbox entries the reconciler settles, copying rows between the two stores, though no
         * repository of this process writes it: for a process that only reconciles ({@link DualWrites#startReconciler()}).
         * A table given here and with {@link #repository} must have the same mapping and stores.
         */
        <E, K> Builder table(EntityMapping<E, K> mapping, EntityStore<E, K> legacyStore, EntityStore<E, K> postgresStore);

        /**
         * Declares which rows of the repository's only mapping a write method (every overload of that name) writes.
         */
        Builder keys(Class<?> repository, String method, WriteKeys<?> keys);

        /** Declares which rows of {@code mapping} a write method (every overload of that name) writes. */
        <K> Builder keys(Class<?> repository, String method, EntityMapping<?, K> mapping, WriteKeys<K> keys);

        /** {@link MirrorMode#SYNCHRONOUS} unless set. */
        Builder mode(MirrorMode mode);

        /** How rows are compared before an entry is removed; {@link Comparison#ofDefaults()} unless set. */
        Builder comparison(Comparison comparison);

        /** Entries settled per reconciler pass and outbox; 500 unless set. */
        Builder batchSize(int batchSize);

        /** How often the reconciler looks at the outbox tables when idle; 1 s unless set. */
        Builder pollInterval(Duration pollInterval);

        /**
         * How long an entry is left to the process that recorded it before any reconciler takes it over from the
         * outbox table (an instance's own entries are handed to its reconciler at once); 10 s unless set.
         */
        Builder gracePeriod(Duration gracePeriod);

        /** The reconciler's wait after a failed pass: doubling from {@code initial} up to {@code max}; 200 ms and 30 s unless set. */
        Builder backoff(Duration initial, Duration max);

        /** Entries waiting in memory for the reconciler; beyond it they wait in the outbox; 100,000 unless set. */
        Builder queueCapacity(int capacity);

        /**
         * At most this many entries settled a second by this process's reconciler; 0 (the default) for no limit. After an
         * outage the reconciler drains the backlog as fast as both databases answer, which on a small machine slows the
         * application's own calls (docs/benchmarks.md, "Backlog drain"); a limit trades a longer drain for them. It
         * applies to every pass, a caller's {@code awaitEmpty} included, and never loses an entry: what waits stays in
         * the outbox.
         *
         * @throws IllegalArgumentException if negative
         */
        Builder settleRate(int entriesPerSecond);

        /** The time of outbox entries and backlog ages; the system UTC clock unless set. */
        Builder clock(Clock clock);

        /**
         * Copies into PostgreSQL begun and not committed (the backfill's chunks: {@code BackfillFence.of(postgresAdapter)}
         * of the data-movement module), whose keys' legacy-primary entries the reconciler keeps until they commit, so that
         * a row changed or deleted on legacy while its chunk was being copied is not left stale. None unless set: then a
         * row deleted during its chunk's copy is left to verify.
         */
        Builder uncommittedCopies(dev.cutover.dual.spi.UncommittedCopies copies);

        /**
         * Publishes {@code cutover.outbox.backlog} and {@code cutover.outbox.oldest.age} (gauges, tag {@code primary})
         * and {@code cutover.dualwrite.mirrored}, {@code cutover.dualwrite.settled}, {@code cutover.dualwrite.failed}
         * (counters), {@code cutover.dualwrite.refused} and {@code cutover.dualwrite.refused.oldest.age} (gauges: entries
         * of rows the secondary refuses, age of the oldest).
         */
        Builder meterRegistry(MeterRegistry registry);

        /**
         * Checks the configuration and works out the keys of every write method of every repository.
         *
         * @throws DualWriteConfigurationException naming each write method whose keys cannot be told, and how to declare them
         */
        DualWrites build();
    }
}
