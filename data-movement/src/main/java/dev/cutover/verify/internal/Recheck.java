package dev.cutover.verify.internal;

import dev.cutover.compare.ComparisonResult;
import dev.cutover.mapping.EntityMapping;
import dev.cutover.verify.RowMismatch;
import dev.cutover.verify.VerifyConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Rows found missing, extra or different, held until they are read again on both sides: a write in flight or
 * a mirror catching up makes a row differ for a moment, so a row is reported only if it still differs after
 * {@link VerifyConfig#recheckAttempts()} re-reads, each {@link VerifyConfig#recheckDelay()} after the previous
 * look. Legacy is re-read before PostgreSQL, giving a legacy-to-PostgreSQL mirror the longer time to catch up.
 * At most one page of rows waits at a time. Confined to the verifying thread.
 */
final class Recheck<E, K> {
    private final Side<E, K> legacy;
    private final Side<E, K> postgres;
    private final EntityCompare<E> compare;
    private final VerifyConfig config;
    private final Findings findings;
    private final List<Candidate<K>> pending = new ArrayList<>();

    /** A row that differed when last looked at. */
    record Candidate<K>(RowMismatch.Kind kind, K key, Object[] keyValues, ComparisonResult result, Unreadable problem,
            long seenAt) {
    }

    Recheck(Side<E, K> legacy, Side<E, K> postgres, EntityCompare<E> compare, VerifyConfig config, Findings findings) {
        this.legacy = legacy;
        this.postgres = postgres;
        this.compare = compare;
        this.config = config;
        this.findings = findings;
    }

    /** A row found different, or ({@code problem} not null) unreadable, which is reported as found: reading it again would fail again. */
    void add(RowMismatch.Kind kind, K key, Object[] keyValues, ComparisonResult result, Unreadable problem) {
        pending.add(new Candidate<>(kind, key, keyValues, result, problem, System.nanoTime()));
        if (pending.size() >= config.pageSize()) {
            flush();
        }
    }

    /** Re-checks every waiting row and reports those that still differ. */
    void flush() {
        List<Candidate<K>> rows = new ArrayList<>(pending);
        pending.clear();
        List<Candidate<K>> unreadable = rows.stream().filter(row -> row.problem() != null).toList();
        rows.removeAll(unreadable);
        for (int attempt = 1; attempt <= config.recheckAttempts() && !rows.isEmpty(); attempt++) {
            waitUntil(rows.get(0).seenAt() + config.recheckDelay().toNanos());
            rows = recheck(rows, attempt);
        }
        // Reported in key order, as found.
        List<Candidate<K>> report = new ArrayList<>(rows);
        report.addAll(unreadable);
        report.sort((a, b) -> KeyOrder.INSTANCE.compare(a.keyValues(), b.keyValues()));
        for (Candidate<K> row : report) {
            findings.report(row.kind(), row.keyValues(), row.result(), row.problem());
        }
    }

    /** Reports what is still waiting without re-reading it, when the run cannot go on. */
    void reportUnchecked() {
        for (Candidate<K> row : pending) {
            findings.report(row.kind(), row.keyValues(), row.result(), row.problem());
        }
        pending.clear();
    }

    private List<Candidate<K>> recheck(List<Candidate<K>> rows, int attempt) {
        List<K> keys = rows.stream().map(Candidate::key).toList();
        config.listener().beforeRecheck(keys, attempt);
        findings.rechecks += keys.size();
        EntityMapping<E, K> mapping = legacy.mapping();
        TreeMap<Object[], E> legacyRows = byKey(mapping, legacy.find(keys));
        TreeMap<Object[], E> postgresRows = byKey(mapping, postgres.find(keys));
        long now = System.nanoTime();
        List<Candidate<K>> still = new ArrayList<>();
        for (Candidate<K> row : rows) {
            E l = legacyRows.get(row.keyValues());
            E p = postgresRows.get(row.keyValues());
            if (l == null && p == null) {
                findings.transientRows++; // deleted on both sides meanwhile
            } else if (p == null) {
                still.add(new Candidate<>(RowMismatch.Kind.MISSING, row.key(), row.keyValues(), null, null, now));
            } else if (l == null) {
                still.add(new Candidate<>(RowMismatch.Kind.EXTRA, row.key(), row.keyValues(), null, null, now));
            } else {
                ComparisonResult result = compare.compare(l, p);
                if (result.matches()) {
                    findings.transientRows++;
                } else {
                    still.add(new Candidate<>(RowMismatch.Kind.DIFFERENT, row.key(), row.keyValues(), result, null, now));
                }
            }
        }
        return still;
    }

    private static <E, K> TreeMap<Object[], E> byKey(EntityMapping<E, K> mapping, List<E> entities) {
        TreeMap<Object[], E> rows = new TreeMap<>(KeyOrder.INSTANCE);
        for (E entity : entities) {
            rows.put(mapping.keyValues(mapping.keyOf(entity)), entity);
        }
        return rows;
    }

    private static void waitUntil(long deadline) {
        long wait = deadline - System.nanoTime();
        if (wait <= 0) {
            return;
        }
        try {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting to re-check differing rows", e);
        }
    }
}
