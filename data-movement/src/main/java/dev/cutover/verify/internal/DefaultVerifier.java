package dev.cutover.verify.internal;

import dev.cutover.Backend;
import dev.cutover.DataAccessException;
import dev.cutover.compare.Comparison;
import dev.cutover.compare.ComparisonResult;
import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyDialect;
import dev.cutover.legacy.LegacyStorage;
import dev.cutover.legacy.LegacyTable;
import dev.cutover.mapping.Column;
import dev.cutover.mapping.EntityMapping;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.store.EntityStore;
import dev.cutover.verify.RowMismatch;
import dev.cutover.verify.Verifier;
import dev.cutover.verify.VerifyConfig;
import dev.cutover.verify.VerifyProgress;
import dev.cutover.verify.VerifyReport;
import dev.cutover.verify.VerifyReport.Method;
import dev.cutover.verify.VerifyReport.Status;
import dev.cutover.verify.VerifyStatistics;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Verifier} of {@link Verifier#of}. Each {@link #verify()} is a {@link Run} of its own: counts on
 * both sides at once; then, with checksums, a legacy thread cutting the table into ranges of
 * {@link VerifyConfig#rangeSize()} rows and summing each, a PostgreSQL thread summing the same key range, and
 * the calling thread settling equal ranges and bisecting the others; without, both sides read ahead on a thread
 * each while the calling thread merges them by key. Immutable and thread-safe.
 */
public final class DefaultVerifier<E, K> implements Verifier<E, K> {
    private static final Logger LOG = LoggerFactory.getLogger(Verifier.class);
    private static final Object END = new Object();
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final EntityMapping<E, K> mapping;
    private final EntityStore<E, K> legacyStore;
    private final EntityStore<E, K> postgresStore;
    private final String legacyTable;
    private final String postgresTable;
    private final Supplier<Checksums.Prepared<K>> legacyChecksums;
    private final Supplier<Checksums.Prepared<K>> postgresChecksums;
    private final VerifyConfig config;
    private final EntityCompare<E> compare;

    private DefaultVerifier(EntityStore<E, K> legacyStore, EntityStore<E, K> postgresStore, String legacyTable,
            String postgresTable, Supplier<Checksums.Prepared<K>> legacyChecksums,
            Supplier<Checksums.Prepared<K>> postgresChecksums, VerifyConfig config) {
        this.mapping = legacyStore.mapping();
        this.legacyStore = legacyStore;
        this.postgresStore = postgresStore;
        this.legacyTable = legacyTable;
        this.postgresTable = postgresTable;
        this.legacyChecksums = legacyChecksums;
        this.postgresChecksums = postgresChecksums;
        this.config = config;
        this.compare = new EntityCompare<>(mapping.entityType(), Comparison.of(config.rules()));
    }

    public static <E, K> Verifier<E, K> of(EntityMapping<E, K> mapping, LegacyAdapter legacy, LegacyTable table,
            PostgresAdapter postgres, VerifyConfig config) {
        EntityStore<E, K> legacyStore = legacy.store(mapping, table);
        EntityStore<E, K> postgresStore = postgres.store(mapping);
        String postgresTable = postgres.schema() + "." + mapping.table();
        Set<String> excluded = ignoredColumns(mapping, config);
        List<Checksums.Stored> legacyColumns = mapping.columns().stream()
                .map(c -> new Checksums.Stored(c, table.legacyName(c.name()), table.storage(c.name()))).toList();
        List<Checksums.Stored> postgresColumns = mapping.columns().stream()
                .map(c -> new Checksums.Stored(c, c.name(), LegacyStorage.NATIVE)).toList();
        Supplier<Checksums.Prepared<K>> legacyChecksums = () -> Checksums.prepare(Backend.LEGACY, table.displayName(),
                legacy.connections(), legacy.dialect(), table.schema().orElse(null), table.name(), mapping, legacyColumns,
                excluded);
        // PostgreSQL's checksum texts come from the PostgreSQL dialect, whichever side PostgreSQL is on.
        Supplier<Checksums.Prepared<K>> postgresChecksums = () -> Checksums.prepare(Backend.POSTGRES, postgresTable,
                postgres.connections(), LegacyDialect.postgresql(), postgres.schema(), mapping.table(), mapping,
                postgresColumns, excluded);
        return new DefaultVerifier<>(legacyStore, postgresStore, table.displayName(), postgresTable, legacyChecksums,
                postgresChecksums, config);
    }

    public static <E, K> Verifier<E, K> of(EntityStore<E, K> legacy, EntityStore<E, K> postgres, VerifyConfig config) {
        return new DefaultVerifier<>(legacy, postgres, legacy.toString(), postgres.toString(), null, null, config);
    }

    /**
     * The mapping columns the comparison rules ignore (by the name of the record component that holds them,
     * the column's name in camel case), left out of checksums so that ranges differing only there still match.
     * A column is left out only if the entity is a record with a component of that name.
     */
    static Set<String> ignoredColumns(EntityMapping<?, ?> mapping, VerifyConfig config) {
        Set<String> ignored = config.rules().ignored();
        if (ignored.isEmpty() || !mapping.entityType().isRecord()) {
            return Set.of();
        }
        Set<String> components = Arrays.stream(mapping.entityType().getRecordComponents()).map(RecordComponent::getName)
                .collect(Collectors.toSet());
        Set<String> excluded = new LinkedHashSet<>();
        for (Column column : mapping.columns()) {
            if (mapping.keyColumns().contains(column)) {
                continue;
            }
            for (String name : List.of(column.name(), camelCase(column.name()))) {
                if (ignored.contains(name) && components.contains(name)) {
                    excluded.add(column.name());
                }
            }
        }
        return Set.copyOf(excluded);
    }

    private static String camelCase(String snake) {
        StringBuilder name = new StringBuilder();
        boolean upper = false;
        for (char c : snake.toCharArray()) {
            if (c == '_') {
                upper = name.length() > 0;
            } else {
                name.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return name.toString();
    }

    @Override
    public EntityMapping<E, K> mapping() {
        return mapping;
    }

    @Override
    public VerifyReport verify() {
        return new Run().run();
    }

    @Override
    public String toString() {
        return "Verifier[" + mapping.table() + ": legacy " + legacyTable + ", postgres " + postgresTable + "]";
    }

    /** The items the checksum threads pass on: ranges, then {@link #END}, or a failure. */
    private record Range<K>(K after, K atMost, RangeSum<K> legacy) {
    }

    private record Compared<K>(Range<K> range, RangeSum<K> postgres, String failure) {
    }

    private record RowByRowFrom<K>(K after, String reason) {
    }

    /** One verification; its state is confined to the calling thread except for the queues between threads. */
    private final class Run {
        private final Side<E, K> legacy = new Side<>(Backend.LEGACY, legacyTable, legacyStore);
        private final Side<E, K> postgres = new Side<>(Backend.POSTGRES, postgresTable, postgresStore);
        private final Findings findings = new Findings(mapping, config.maxListed());
        private final Recheck<E, K> recheck = new Recheck<>(legacy, postgres, compare, config, findings);
        private final ExecutorService executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "cutover-verify-" + mapping.table() + "-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        private final Instant startedAt = config.clock().instant();
        private final long start = System.nanoTime();
        private Checksums<K> legacySums;
        private Checksums<K> postgresSums;
        private Method method = Method.ROW_BY_ROW;
        private String fallback;
        private long legacyCount = -1;
        private long postgresCount = -1;
        private long ranges;
        private long rangesEqual;
        private long rowsEqualByChecksum;
        private long bisections;
        private long rowsCompared;
        private long covered;
        private long reportedAt;

        VerifyReport run() {
            String failure = null;
            try {
                count();
                if (!config.checksums()) {
                    fallback = "checksums turned off (VerifyConfig.checksums(false))";
                } else if (legacyChecksums == null) {
                    fallback = "generic stores have no checksums";
                } else {
                    prepareChecksums();
                }
                if (legacySums != null) {
                    method = Method.CHECKSUM;
                    byChecksum();
                } else {
                    rowByRow(null, null, -1, -1, true);
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
            VerifyReport report = new VerifyReport(mapping.table(), legacyTable, postgresTable, status, method, fallback,
                    startedAt, Duration.ofNanos(System.nanoTime() - start), legacyCount, postgresCount, findings.missing,
                    findings.extra, findings.different, findings.transientRows, findings.listed, statistics(), failure);
            LOG.info("Verified {}: {}, {} missing, {} extra, {} different, {} transient, in {} ms", mapping.table(), status,
                    findings.missing, findings.extra, findings.different, findings.transientRows,
                    report.duration().toMillis());
            return report;
        }

        private VerifyStatistics statistics() {
            long queries = (legacySums == null ? 0 : legacySums.queries.get())
                    + (postgresSums == null ? 0 : postgresSums.queries.get());
            return new VerifyStatistics(ranges, rangesEqual, rowsEqualByChecksum, bisections, queries,
                    legacy.rowsRead.get(), postgres.rowsRead.get(), rowsCompared, findings.rechecks);
        }

        private void count() {
            Future<Long> postgresRows = executor.submit(postgresStore::count);
            legacyCount = legacyStore.count();
            postgresCount = get(postgresRows);
        }

        private void prepareChecksums() {
            Future<Checksums.Prepared<K>> onPostgres = executor.submit(postgresChecksums::get);
            Checksums.Prepared<K> onLegacy = legacyChecksums.get();
            Checksums.Prepared<K> onPg = get(onPostgres);
            if (onLegacy.unavailable() != null) {
                fallback = onLegacy.unavailable();
            } else if (onPg.unavailable() != null) {
                fallback = onPg.unavailable();
            } else {
                legacySums = onLegacy.checksums();
                postgresSums = onPg.checksums();
            }
        }

        private void byChecksum() {
            BlockingQueue<Object> cut = new ArrayBlockingQueue<>(4);
            BlockingQueue<Object> compared = new ArrayBlockingQueue<>(4);
            executor.submit(() -> cutRanges(cut));
            executor.submit(() -> sumPostgres(cut, compared));
            while (true) {
                Object item = take(compared);
                if (item == END) {
                    return;
                }
                if (item instanceof RuntimeException e) {
                    throw e;
                }
                if (item instanceof Error e) {
                    throw e;
                }
                if (item instanceof RowByRowFrom<?> from) {
                    noteFallback(from.reason());
                    @SuppressWarnings("unchecked")
                    K after = (K) from.after();
                    rowByRow(after, null, -1, -1, true);
                    return;
                }
                @SuppressWarnings("unchecked")
                Compared<K> range = (Compared<K>) item;
                RangeSum<K> l = range.range().legacy();
                ranges++;
                if (range.postgres() == null) {
                    noteFallback(range.failure());
                    rowByRow(range.range().after(), range.range().atMost(), l.rows(), -1, false);
                } else if (l.sameAs(range.postgres())) {
                    rangesEqual++;
                    rowsEqualByChecksum += l.rows();
                } else {
                    resolve(range.range().after(), range.range().atMost(), l, range.postgres());
                }
                covered += l.rows();
                progress(true);
            }
        }

        /** The legacy thread: cuts the table into ranges of rangeSize rows, each with its legacy checksum. */
        private void cutRanges(BlockingQueue<Object> out) {
            try {
                K after = null;
                while (true) {
                    RangeSum<K> sum;
                    try {
                        sum = legacySums.first(after, config.rangeSize());
                    } catch (DataAccessException e) {
                        put(out, new RowByRowFrom<>(after, e.getMessage()));
                        return;
                    }
                    boolean last = sum.rows() < config.rangeSize();
                    put(out, new Range<>(after, last ? null : sum.lastKey(), sum));
                    if (last) {
                        put(out, END);
                        return;
                    }
                    after = sum.lastKey();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException | Error e) {
                offer(out, e);
            }
        }

        /** The PostgreSQL thread: sums the same key ranges. */
        private void sumPostgres(BlockingQueue<Object> in, BlockingQueue<Object> out) {
            try {
                while (true) {
                    Object item = in.take();
                    if (!(item instanceof Range<?>)) {
                        put(out, item);
                        return;
                    }
                    @SuppressWarnings("unchecked")
                    Range<K> range = (Range<K>) item;
                    try {
                        put(out, new Compared<>(range, postgresSums.between(range.after(), range.atMost()), null));
                    } catch (DataAccessException e) {
                        put(out, new Compared<>(range, null, e.getMessage()));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException | Error e) {
                offer(out, e);
            }
        }

        /**
         * A range whose checksums differ: split at the legacy side's middle row; a half whose checksums are equal
         * is done, a half that differs is split again, down to a page of rows, which is compared row by row. When
         * both halves differ, the differences are not rare here, and the whole range is compared row by row.
         */
        private void resolve(K after, K atMost, RangeSum<K> l, RangeSum<K> p) {
            if (Math.max(l.rows(), p.rows()) <= config.pageSize() || l.rows() < 2 || p.rows() == 0) {
                rowByRow(after, atMost, l.rows(), p.rows(), false);
                return;
            }
            bisections++;
            RangeSum<K> legacyFirst = legacySums.first(after, (int) (l.rows() / 2));
            if (legacyFirst.lastKey() == null) {
                rowByRow(after, atMost, -1, -1, false); // the legacy rows went away meanwhile
                return;
            }
            K middle = legacyFirst.lastKey();
            RangeSum<K> postgresFirst = postgresSums.between(after, middle);
            boolean firstDiffers = !legacyFirst.sameAs(postgresFirst);
            boolean secondDiffers = !l.minus(legacyFirst).sameAs(p.minus(postgresFirst));
            if (firstDiffers && secondDiffers) {
                rowByRow(after, atMost, l.rows(), p.rows(), false);
            } else if (firstDiffers) {
                resolve(after, middle, legacyFirst, postgresFirst);
            } else if (secondDiffers) {
                resolve(middle, atMost, l.minus(legacyFirst), p.minus(postgresFirst));
            }
        }

        /**
         * Compares every row in {@code (after, atMost]}, both sides merged by key: the rest of the table with both
         * sides read ahead at once, or one range of known row counts ({@code -1}: unknown) read on demand.
         */
        private void rowByRow(K after, K atMost, long legacyRows, long postgresRows, boolean wholeRest) {
            Object[] bound = atMost == null ? null : mapping.keyValues(atMost);
            try (Cursor<E, K> l = cursor(legacy, after, bound, legacyRows, wholeRest);
                    Cursor<E, K> p = cursor(postgres, after, bound, postgresRows, wholeRest)) {
                while (true) {
                    Keyed<E, K> a = l.peek();
                    Keyed<E, K> b = p.peek();
                    if (a == null && b == null) {
                        return;
                    }
                    int order = a == null ? 1 : b == null ? -1 : KeyOrder.INSTANCE.compare(a.keyValues(), b.keyValues());
                    rowsCompared++;
                    if (order < 0) {
                        recheck.add(RowMismatch.Kind.MISSING, a.key(), a.keyValues(), null);
                        l.advance();
                    } else if (order > 0) {
                        recheck.add(RowMismatch.Kind.EXTRA, b.key(), b.keyValues(), null);
                        p.advance();
                    } else {
                        ComparisonResult result = compare.compare(a.entity(), b.entity());
                        if (!result.matches()) {
                            recheck.add(RowMismatch.Kind.DIFFERENT, a.key(), a.keyValues(), result);
                        }
                        l.advance();
                        p.advance();
                    }
                    if (order <= 0 && wholeRest) {
                        covered++;
                        progress(false);
                    }
                }
            }
        }

        private Cursor<E, K> cursor(Side<E, K> side, K after, Object[] atMost, long expected, boolean readAhead) {
            return readAhead ? Cursor.readingAhead(side, after, atMost, config.pageSize(), executor)
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

    private static Object take(BlockingQueue<Object> queue) {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while verifying", e);
        }
    }

    private static void put(BlockingQueue<Object> queue, Object item) throws InterruptedException {
        queue.put(item);
    }

    /** Hands a failure on to the next thread; gives up only when interrupted (the run is over). */
    private static void offer(BlockingQueue<Object> queue, Throwable failure) {
        try {
            queue.put(failure);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
