package dev.cutover.verify.internal;

import dev.cutover.Backend;
import dev.cutover.DataAccessException;
import dev.cutover.compare.ComparisonResult;
import dev.cutover.legacy.LegacyDialect.ChecksumScheme;
import dev.cutover.mapping.EntityMapping;
import dev.cutover.store.EntityStore;
import dev.cutover.verify.RowMismatch;
import dev.cutover.verify.Verifier;
import dev.cutover.verify.ColumnsCompared;
import dev.cutover.verify.VerifyConfig;
import dev.cutover.verify.VerifyProgress;
import dev.cutover.verify.VerifyReport;
import dev.cutover.verify.VerifyReport.Method;
import dev.cutover.verify.VerifyReport.Status;
import dev.cutover.verify.VerifyStatistics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link DefaultVerifier#verify()}: counts on both sides at once; then the calling thread cuts the table into
 * ranges of {@link VerifyConfig#rangeSize()} legacy rows from the legacy key's index, workers verify up to
 * {@link VerifyConfig#parallelism()} ranges at once (by checksum on both sides, or row by row), and the calling
 * thread handles their outcomes in key order: it bisects ranges whose checksums differ and re-checks rows that
 * differ. Without SQL on both sides (generic stores) both sides are read ahead on a thread each while the calling
 * thread merges them by key. Its state is confined to the calling thread except for what the workers return; one
 * instance per verification.
 */
final class VerifyRun<E, K> {
    private static final Logger LOG = LoggerFactory.getLogger(Verifier.class);
    private static final AtomicInteger THREADS = new AtomicInteger();

    /** What a verifier fixes once and each run reads: both sides, their tables and checksum preparations, the rules. */
    record Setup<E, K>(EntityMapping<E, K> mapping, EntityStore<E, K> legacyStore, EntityStore<E, K> postgresStore,
            Side.KeyReader legacyKeys, Side.KeyReader postgresKeys, String legacyTable, String postgresTable,
            Function<ChecksumScheme, KeyRanges.Prepared<K>> legacyPrepare,
            Function<ChecksumScheme, KeyRanges.Prepared<K>> postgresPrepare, Set<ChecksumScheme> schemes,
            VerifyConfig config, EntityCompare<E> compare, ColumnsCompared columns) {
    }

    /** A key range {@code (after, atMost]} as the legacy side cut it ({@code atMost} null: to the end), with its legacy rows. */
    private record Range<K>(K after, K atMost, long rows) {
    }

    /** A row a worker found missing, extra or different, for the verifying thread to re-check. */
    private record Found<K>(RowMismatch.Kind kind, K key, Object[] keyValues, ComparisonResult result,
            Unreadable problem) {
    }

    /**
     * What a worker found in a range: both checksums, or the rows that differ, or why the checksums could not be
     * computed.
     */
    private record Worked<K>(Range<K> range, RangeSum<K> legacy, RangeSum<K> postgres, List<Found<K>> found,
            String failure) {
    }

    private final EntityMapping<E, K> mapping;
    private final EntityStore<E, K> legacyStore;
    private final EntityStore<E, K> postgresStore;
    private final String legacyTable;
    private final String postgresTable;
    private final Function<ChecksumScheme, KeyRanges.Prepared<K>> legacyPrepare;
    private final Function<ChecksumScheme, KeyRanges.Prepared<K>> postgresPrepare;
    private final Set<ChecksumScheme> schemes;
    private final VerifyConfig config;
    private final EntityCompare<E> compare;
    private final Side<E, K> legacy;
    private final Side<E, K> postgres;
    private final Findings findings;
    private final Recheck<E, K> recheck;
    private final ExecutorService executor;
    private final Instant startedAt;
    private final long start = System.nanoTime();
    private final AtomicLong rowsCompared = new AtomicLong();
    private KeyRanges<K> legacyRanges;
    private KeyRanges<K> postgresRanges;
    private KeyRanges<K> legacySums;
    private KeyRanges<K> postgresSums;
    private Method method = Method.ROW_BY_ROW;
    private ChecksumScheme scheme;
    private String fallback;
    private long legacyCount = -1;
    private long postgresCount = -1;
    private long ranges;
    private long rangesEqual;
    private long rowsEqualByChecksum;
    private long bisections;
    private long covered;
    private long reportedAt;

    private final Setup<E, K> setup;

    /** A run whose every reported row also goes to {@code sink} ({@code null}: none). */
    VerifyRun(Setup<E, K> setup, Findings.Sink sink) {
        this.setup = setup;
        this.mapping = setup.mapping();
        this.legacyStore = setup.legacyStore();
        this.postgresStore = setup.postgresStore();
        this.legacyTable = setup.legacyTable();
        this.postgresTable = setup.postgresTable();
        this.legacyPrepare = setup.legacyPrepare();
        this.postgresPrepare = setup.postgresPrepare();
        this.schemes = setup.schemes();
        this.config = setup.config();
        this.compare = setup.compare();
        this.legacy = new Side<>(Backend.LEGACY, legacyTable, legacyStore, setup.legacyKeys());
        this.postgres = new Side<>(Backend.POSTGRES, postgresTable, postgresStore, setup.postgresKeys());
        this.findings = new Findings(mapping, config.maxListed(), sink);
        this.recheck = new Recheck<>(legacy, postgres, compare, config, findings);
        this.executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "cutover-verify-" + mapping.table() + "-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.startedAt = config.clock().instant();
    }

    VerifyReport run() {
        String failure = null;
        try {
            count();
            prepareRanges();
            if (legacyRanges == null) {
                rowByRow(null, null, -1, -1, true, true, this::recheck);
            } else {
                byRanges();
            }
            recheck.flush();
        } catch (RuntimeException | Error e) {
            failure = e.getMessage() == null ? e.toString() : e.getMessage();
            recheck.reportUnchecked();
            LOG.warn("Verification of {} could not finish: {}", mapping.table(), failure, e);
        } finally {
            executor.shutdownNow();
            awaitThreads();
        }
        Status status = failure != null ? Status.FAILED : findings.total() > 0 ? Status.DIFFERENT : Status.EQUAL;
        VerifyReport report = new VerifyReport(mapping.table(), legacyTable, postgresTable, status, method,
                scheme == null ? null : scheme.name(), fallback,
                startedAt, Duration.ofNanos(System.nanoTime() - start), legacyCount, postgresCount, findings.missing,
                findings.extra, findings.different, findings.unreadable, findings.transientRows, findings.listed, statistics(), failure,
                setup.columns());
        LOG.info("Verified {}: {}, {} missing, {} extra, {} different, {} unreadable, {} transient, in {} ms",
                mapping.table(), status, findings.missing, findings.extra, findings.different, findings.unreadable,
                findings.transientRows,
                report.duration().toMillis());
        return report;
    }

    private VerifyStatistics statistics() {
        long queries = (legacyRanges == null ? 0 : legacyRanges.queries.get())
                + (postgresRanges == null ? 0 : postgresRanges.queries.get());
        return new VerifyStatistics(ranges, rangesEqual, rowsEqualByChecksum, bisections, queries,
                legacy.rowsRead.get(), postgres.rowsRead.get(), rowsCompared.get(), findings.rechecks);
    }

    private void count() {
        Future<Long> postgresRows = executor.submit(postgresStore::count);
        legacyCount = legacyStore.count();
        postgresCount = get(postgresRows);
    }

    /**
     * The legacy side's key ranges, and checksums in the first {@link ChecksumScheme} (in declaration order) both
     * dialects compute that both sides can compute for every compared column; the reasons why not otherwise.
     */
    private void prepareRanges() {
        if (legacyPrepare == null) {
            fallback = "generic stores have no checksums";
            return;
        }
        if (!config.checksums()) {
            legacyRanges = legacyPrepare.apply(null).ranges();
            fallback = "checksums turned off (VerifyConfig.checksums(false))";
            return;
        }
        Set<String> reasons = new LinkedHashSet<>();
        KeyRanges.Prepared<K> onLegacy = null;
        for (ChecksumScheme candidate : schemes) {
            Future<KeyRanges.Prepared<K>> onPostgres = executor.submit(() -> postgresPrepare.apply(candidate));
            onLegacy = legacyPrepare.apply(candidate);
            KeyRanges.Prepared<K> onPg = get(onPostgres);
            legacyRanges = onLegacy.ranges();
            postgresRanges = onPg.ranges();
            if (onLegacy.ranges() == null) {
                fallback = onLegacy.unavailable(); // the key cannot bound ranges: no scheme will do
                return;
            }
            if (onLegacy.checksums() != null && onPg.checksums() != null) {
                legacySums = onLegacy.checksums();
                postgresSums = onPg.checksums();
                scheme = candidate;
                method = Method.CHECKSUM;
                return;
            }
            reasons.add(onLegacy.checksums() == null ? onLegacy.unavailable() : onPg.unavailable());
        }
        if (onLegacy == null) {
            onLegacy = legacyPrepare.apply(null);
            legacyRanges = onLegacy.ranges();
            reasons.add(onLegacy.ranges() == null ? onLegacy.unavailable()
                    : "legacy and PostgreSQL share no checksum scheme");
        }
        fallback = String.join("; ", reasons);
    }

    /**
     * The table cut into ranges of {@link VerifyConfig#rangeSize()} legacy rows from the legacy key's index, each
     * verified by a worker (by checksum, or row by row), up to {@link VerifyConfig#parallelism()} at once; their
     * outcomes are handled here in key order, so that the report lists rows in key order.
     */
    private void byRanges() {
        int parallelism = config.parallelism();
        ExecutorService workers = Executors.newFixedThreadPool(parallelism, task -> {
            Thread thread = new Thread(task, "cutover-verify-" + mapping.table() + "-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            Deque<Future<Worked<K>>> inFlight = new ArrayDeque<>();
            K after = null;
            boolean last = false;
            while (!last) {
                RangeSum<K> end = legacyRanges.bound(after, config.rangeSize());
                last = end.rows() < config.rangeSize();
                Range<K> range = new Range<>(after, last ? null : end.lastKey(), end.rows());
                inFlight.add(workers.submit(() -> work(range)));
                while (inFlight.size() >= 2 * parallelism || (last && !inFlight.isEmpty())) {
                    handle(get(inFlight.removeFirst()));
                }
                after = range.atMost();
            }
        } finally {
            workers.shutdownNow();
        }
    }

    /** On a worker: the range's checksums on both sides, or its rows compared one by one. */
    private Worked<K> work(Range<K> range) {
        if (legacySums != null) {
            try {
                RangeSum<K> l = legacySums.between(range.after(), range.atMost());
                return new Worked<>(range, l, postgresSums.between(range.after(), range.atMost()), List.of(), null);
            } catch (DataAccessException e) {
                return new Worked<>(range, null, null, List.of(), e.getMessage());
            }
        }
        List<Found<K>> found = new ArrayList<>();
        // The legacy count is the best guess for PostgreSQL too: equal tables are the common case.
        rowByRow(range.after(), range.atMost(), range.rows(), range.rows(), true, false, found::add);
        return new Worked<>(range, null, null, found, null);
    }

    private void handle(Worked<K> worked) {
        Range<K> range = worked.range();
        if (worked.failure() != null) {
            noteFallback(worked.failure());
            ranges++;
            rowByRow(range.after(), range.atMost(), range.rows(), -1, false, false, this::recheck);
        } else if (worked.legacy() != null) {
            ranges++;
            if (worked.legacy().sameAs(worked.postgres())) {
                rangesEqual++;
                rowsEqualByChecksum += worked.legacy().rows();
            } else {
                resolve(range.after(), range.atMost(), worked.legacy(), worked.postgres());
            }
        } else {
            worked.found().forEach(this::recheck);
        }
        covered += range.rows();
        progress(true);
    }

    private void recheck(Found<K> found) {
        recheck.add(found.kind(), found.key(), found.keyValues(), found.result(), found.problem());
    }

    /**
     * A range whose checksums differ: split at the legacy side's middle row; a half whose checksums are equal
     * is done, a half that differs is split again, down to a page of rows, which is compared row by row. When
     * both halves differ, the differences are not rare here, and the whole range is compared row by row.
     */
    private void resolve(K after, K atMost, RangeSum<K> l, RangeSum<K> p) {
        if (Math.max(l.rows(), p.rows()) <= config.pageSize() || l.rows() < 2 || p.rows() == 0) {
            rowByRow(after, atMost, l.rows(), p.rows(), false, false, this::recheck);
            return;
        }
        bisections++;
        RangeSum<K> legacyFirst = legacySums.first(after, (int) (l.rows() / 2));
        if (legacyFirst.lastKey() == null) {
            rowByRow(after, atMost, -1, -1, false, false, this::recheck); // the legacy rows went away meanwhile
            return;
        }
        K middle = legacyFirst.lastKey();
        RangeSum<K> postgresFirst = postgresSums.between(after, middle);
        boolean firstDiffers = !legacyFirst.sameAs(postgresFirst);
        boolean secondDiffers = !l.minus(legacyFirst).sameAs(p.minus(postgresFirst));
        if (firstDiffers && secondDiffers) {
            rowByRow(after, atMost, l.rows(), p.rows(), false, false, this::recheck);
        } else if (firstDiffers) {
            resolve(after, middle, legacyFirst, postgresFirst);
        } else if (secondDiffers) {
            resolve(middle, atMost, l.minus(legacyFirst), p.minus(postgresFirst));
        }
    }

    /**
     * Compares every row in {@code (after, atMost]}, both sides merged by key, each side read ahead on a thread
     * of its own or read on demand (the small ranges a bisection ends with), pages sized by the expected row
     * counts ({@code -1}: unknown). Runs on the verifying thread (for the whole table, or a bisected range) or on
     * a worker; what differs goes to {@code found}.
     */
    private void rowByRow(K after, K atMost, long legacyRows, long postgresRows, boolean readAhead, boolean whole,
            Consumer<Found<K>> found) {
        Object[] bound = atMost == null ? null : mapping.keyValues(atMost);
        try (Cursor<E, K> l = cursor(legacy, after, bound, legacyRows, readAhead);
                Cursor<E, K> p = cursor(postgres, after, bound, postgresRows, readAhead)) {
            long compared = 0;
            while (true) {
                Keyed<E, K> a = l.peek();
                Keyed<E, K> b = p.peek();
                if (a == null && b == null) {
                    break;
                }
                int order = a == null ? 1 : b == null ? -1 : KeyOrder.INSTANCE.compare(a.keyValues(), b.keyValues());
                compared++;
                if (order < 0) {
                    found.accept(a.unreadable() != null ? unreadable(a)
                            : new Found<>(RowMismatch.Kind.MISSING, a.key(), a.keyValues(), null, null));
                    l.advance();
                } else if (order > 0) {
                    found.accept(b.unreadable() != null ? unreadable(b)
                            : new Found<>(RowMismatch.Kind.EXTRA, b.key(), b.keyValues(), null, null));
                    p.advance();
                } else if (a.unreadable() != null || b.unreadable() != null) {
                    found.accept(unreadable(a.unreadable() != null ? a : b)); // one finding per row, legacy's first
                    l.advance();
                    p.advance();
                } else {
                    ComparisonResult result = compare.compare(a.entity(), b.entity());
                    if (!result.matches()) {
                        found.accept(new Found<>(RowMismatch.Kind.DIFFERENT, a.key(), a.keyValues(), result, null));
                    }
                    l.advance();
                    p.advance();
                }
                if (order <= 0 && whole) {
                    covered++;
                    progress(false);
                }
            }
            rowsCompared.addAndGet(compared);
        }
    }

    private Found<K> unreadable(Keyed<E, K> row) {
        return new Found<>(RowMismatch.Kind.UNREADABLE, row.key(), row.keyValues(), null, row.unreadable());
    }

    private Cursor<E, K> cursor(Side<E, K> side, K after, Object[] atMost, long expected, boolean readAhead) {
        return readAhead ? Cursor.readingAhead(side, after, atMost, config.pageSize(), expected, executor)
                : Cursor.onDemand(side, after, atMost, config.pageSize(), expected);
    }

    private void noteFallback(String reason) {
        if (fallback == null) {
            fallback = reason;
        }
    }

    private void progress(boolean always) {
        if (!always && covered - reportedAt < config.pageSize()) {
            return;
        }
        reportedAt = covered;
        config.listener().progress(new VerifyProgress(mapping.table(), covered, Math.max(legacyCount, covered),
                Duration.ofNanos(System.nanoTime() - start)));
    }

    private void awaitThreads() {
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("Verification threads of {} still running a query after 30 s", mapping.table());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static <T> T get(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while verifying", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
