package dev.cutover.dual.internal;

import dev.cutover.Backend;
import dev.cutover.DataAccessException;
import dev.cutover.compare.Comparison;
import dev.cutover.dual.OutboxKey;
import dev.cutover.mapping.EntityMapping;
import dev.cutover.store.EntityStore;
import dev.cutover.tx.spi.UnitOfWork;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

/**
 * One mapping's table on both backends: how its keys are written in the outbox, and copying and comparing its
 * rows between the stores. Thread-safe.
 */
final class MirroredTable<E, K> {
    /**
     * How long a copy that inserts rows waits for the secondary's other writers of the table before it gives up and is
     * retried: writes of the table queue behind a lock request that waits, so the wait is kept short.
     */
    static final Duration WRITERS_WAIT = Duration.ofSeconds(5);

    /** What {@link #differing} found: the primary's row of each key ({@code null}: none), and the keys the secondary lacks. */
    record Differing<K, E>(Map<K, E> rows, Set<K> absentOnSecondary) {
    }

    final EntityMapping<E, K> mapping;
    private final EntityStore<E, K> legacy;
    private final EntityStore<E, K> postgres;

    MirroredTable(EntityMapping<E, K> mapping, EntityStore<E, K> legacy, EntityStore<E, K> postgres) {
        this.mapping = mapping;
        this.legacy = legacy;
        this.postgres = postgres;
    }

    String table() {
        return mapping.table();
    }

    EntityStore<E, K> store(Backend backend) {
        return backend == Backend.LEGACY ? legacy : postgres;
    }

    /** The outbox key of a key, checked against the mapping's key type. */
    OutboxKey outboxKeyOfKey(Object key, String where) {
        if (!mapping.keyType().isInstance(key)) {
            throw new IllegalArgumentException(where + " gave " + key + " (" + key.getClass().getName() + ") as a key of "
                    + mapping.table() + ", whose keys are " + mapping.keyType().getName());
        }
        return new OutboxKey(mapping.table(), KeyText.encode(mapping, mapping.keyType().cast(key)));
    }

    /** The outbox key of an entity of this mapping. */
    OutboxKey outboxKeyOfEntity(Object entity) {
        return new OutboxKey(mapping.table(), KeyText.encode(mapping, mapping.keyOf(mapping.entityType().cast(entity))));
    }

    K decode(String text) {
        return KeyText.decode(mapping, text);
    }

    /**
     * Copies the primary's current row of each key to the secondary, or deletes the secondary's where the
     * primary has none. A unique-constraint conflict (a row whose conflict-target values moved to another key)
     * is resolved by replacing the keys' rows in one transaction.
     *
     * @param keyTexts the keys, as outbox text
     * @param known    rows known to be the primary's current ones (as its write statement returned them), by key text;
     *                 {@code null} for a row known to be gone: these keys are not read back
     * @return how many rows were copied or deleted
     */
    int copy(Backend primary, Collection<String> keyTexts, Map<String, Object> known) {
        List<K> keys = new ArrayList<>(keyTexts.size());
        List<K> unknown = new ArrayList<>(keyTexts.size());
        List<E> rows = new ArrayList<>(keyTexts.size());
        Set<K> gone = new LinkedHashSet<>();
        for (String text : keyTexts) {
            K key = decode(text);
            keys.add(key);
            if (!known.containsKey(text)) {
                unknown.add(key);
            } else if (known.get(text) == null) {
                gone.add(key);
            } else {
                rows.add(mapping.entityType().cast(known.get(text)));
            }
        }
        if (!unknown.isEmpty()) {
            List<E> read = store(primary).findByKeys(unknown);
            rows.addAll(read);
            gone.addAll(gone(unknown, read));
        }
        EntityStore<E, K> secondary = store(primary.other());
        try {
            write(secondary, rows, gone);
        } catch (DataAccessException e) {
            if (!isConstraintViolation(e)) {
                throw e;
            }
            inTransaction(() -> {
                replace(secondary, keys, rows);
                return true;
            });
        }
        return rows.size() + gone.size();
    }

    /**
     * Writes the primary's rows as {@link #differing} read them ({@code null}: the primary has none, so the secondary's
     * is deleted) in one transaction on the secondary that is rolled back if {@code newerWriteOnSecondary}, asked once
     * the rows are written (and so locked), finds that the secondary was written as a primary meanwhile. Not reading
     * the primary again is safe: a write of the primary since that read recorded an outbox entry of its own.
     *
     * <p>A row the secondary lacks has no lock to take: on PostgreSQL an application's delete or update of it made
     * meanwhile (the routes having made the secondary a primary) would neither see nor wait for the insert, and commit
     * its entry after the check. So a copy that {@code inserts} first locks the table against other writers
     * ({@link EntityStore#lockAgainstWriters}): a write under way finishes, and its entry is seen, before the copy's
     * check; a later one waits for the copy's commit and then sees the row.
     *
     * @param inserts whether some of the rows are ones the secondary lacked when read
     * @return how many rows were copied or deleted, or -1 if the copy was rolled back
     */
    int copyUnlessNewer(Backend primary, Map<K, E> primaryRows, boolean inserts, BooleanSupplier newerWriteOnSecondary) {
        List<E> rows = new ArrayList<>(primaryRows.size());
        Set<K> gone = new LinkedHashSet<>();
        primaryRows.forEach((key, row) -> {
            if (row == null) {
                gone.add(key);
            } else {
                rows.add(row);
            }
        });
        EntityStore<E, K> secondary = store(primary.other());
        boolean copied;
        try {
            copied = inTransaction(() -> {
                if (inserts) {
                    secondary.lockAgainstWriters(WRITERS_WAIT);
                }
                write(secondary, rows, gone);
                return !newerWriteOnSecondary.getAsBoolean();
            });
        } catch (DataAccessException e) {
            if (!isConstraintViolation(e)) {
                throw e;
            }
            copied = inTransaction(() -> {
                if (!rows.isEmpty()) {
                    secondary.lockAgainstWriters(WRITERS_WAIT); // the replace deletes, then inserts
                }
                replace(secondary, primaryRows.keySet(), rows);
                return !newerWriteOnSecondary.getAsBoolean();
            });
        }
        return copied ? rows.size() + gone.size() : -1;
    }

    private Set<K> gone(Collection<K> keys, List<E> rows) {
        Set<K> gone = new LinkedHashSet<>(keys);
        for (E row : rows) {
            gone.remove(mapping.keyOf(row));
        }
        return gone;
    }

    private static boolean isConstraintViolation(DataAccessException e) {
        return e.sqlState() != null && e.sqlState().startsWith("23");
    }

    private void write(EntityStore<E, K> secondary, List<E> rows, Collection<K> gone) {
        if (!rows.isEmpty()) {
            secondary.upsertAll(rows);
        }
        if (!gone.isEmpty()) {
            secondary.deleteByKeys(gone);
        }
    }

    private void replace(EntityStore<E, K> secondary, Collection<K> keys, List<E> rows) {
        secondary.deleteByKeys(keys);
        if (!rows.isEmpty()) {
            secondary.upsertAll(rows);
        }
    }

    /** Runs {@code work} in a unit of work of its own: committed if it returns true, rolled back if false or if it throws. */
    private static boolean inTransaction(BooleanSupplier work) {
        return UnitOfWork.run(work);
    }

    /**
     * The keys whose rows differ between the two sides (present on one only, or not equal by {@code comparison}), with
     * the primary's row of each ({@code null} where the primary has none), in the order of {@code keys}, and those the
     * secondary lacks. The secondary is read on {@code reads} while this thread reads the primary: the two databases
     * answer at the same time.
     */
    Differing<K, E> differing(Backend primary, Collection<K> keys, Comparison comparison, Executor reads) {
        CompletableFuture<List<E>> secondaryRead = CompletableFuture.supplyAsync(
                () -> store(primary.other()).findByKeys(keys), reads);
        Map<K, E> onPrimary;
        try {
            onPrimary = index(store(primary).findByKeys(keys));
        } catch (RuntimeException e) {
            secondaryRead.handle((rows, failure) -> null).join(); // never leave a read running on a failed batch
            throw e;
        }
        Map<K, E> onSecondary = index(joined(secondaryRead));
        Map<K, E> differing = new LinkedHashMap<>();
        Set<K> absent = new LinkedHashSet<>();
        for (K key : keys) {
            E a = onPrimary.get(key);
            E b = onSecondary.get(key);
            if (!same(primary, a, b, comparison)) {
                differing.put(key, a);
                if (a != null && b == null) {
                    absent.add(key);
                }
            }
        }
        return new Differing<>(differing, absent);
    }

    /**
     * The keys whose row on the primary no longer matches the row copied from it ({@code null}: none, so it was
     * deleted). The secondary holds what was copied (its writes since have outbox entries of their own), so a key whose
     * primary row still matches is settled, and one whose row changed may have had a newer row mirrored and settled
     * before the copy overwrote it: it stays for the next pass, which compares both sides.
     */
    Set<K> changedOnPrimary(Backend primary, Map<K, E> copied, Comparison comparison) {
        Map<K, E> now = index(store(primary).findByKeys(copied.keySet()));
        Set<K> changed = new LinkedHashSet<>();
        copied.forEach((key, then) -> {
            E current = now.get(key);
            boolean same = then == null || current == null ? then == current : comparison.matches(then, current);
            if (!same) {
                changed.add(key);
            }
        });
        return changed;
    }

    private static <E> List<E> joined(CompletableFuture<List<E>> read) {
        try {
            return read.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    private static <E> boolean same(Backend primary, E onPrimary, E onSecondary, Comparison comparison) {
        if (onPrimary == null || onSecondary == null) {
            return onPrimary == null && onSecondary == null;
        }
        return primary == Backend.LEGACY ? comparison.matches(onPrimary, onSecondary) : comparison.matches(onSecondary, onPrimary);
    }

    private Map<K, E> index(List<E> rows) {
        Map<K, E> byKey = new HashMap<>(rows.size() * 2);
        for (E row : rows) {
            byKey.put(mapping.keyOf(row), row);
        }
        return byKey;
    }

    @Override
    public String toString() {
        return mapping.table();
    }
}
