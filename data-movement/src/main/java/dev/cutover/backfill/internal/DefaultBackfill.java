package dev.cutover.backfill.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.DataAccessException;
import dev.cutover.Backend;
import dev.cutover.backfill.Backfill;
import dev.cutover.backfill.BackfillConfig;
import dev.cutover.backfill.BackfillException;
import dev.cutover.backfill.BackfillPlan;
import dev.cutover.backfill.BackfillProgress;
import dev.cutover.backfill.BackfillReport;
import dev.cutover.backfill.BackfillSource;
import dev.cutover.backfill.BackfillStatus;
import dev.cutover.backfill.QuarantineRetry;
import dev.cutover.backfill.QuarantinedRow;
import dev.cutover.backfill.internal.ChunkTable.Chunk;
import dev.cutover.mapping.Column;
import dev.cutover.mapping.ColumnType;
import dev.cutover.mapping.EntityMapping;
import dev.cutover.mapping.InvalidValueException;
import dev.cutover.mapping.spi.KeyJson;
import dev.cutover.mapping.spi.Values;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.postgres.copy.CopyRows;
import dev.cutover.tx.SqlFunction;
import dev.cutover.tx.TransactionalConnections;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link Backfill} of {@link Backfill#of}. Thread-safe: every run keeps its state in its own objects. */
public final class DefaultBackfill<E, K> implements Backfill<E, K> {
    private static final Logger LOG = LoggerFactory.getLogger(Backfill.class);
    /** Keys per planning query of a source that reads keys only. */
    private static final int PLAN_PAGE = 100_000;

    private final String run;
    private final String entity;
    private final BackfillSource<E, K> source;
    private final EntityMapping<E, K> mapping;
    private final List<Column> columns;
    private final int[] keyIndexes;
    /** Cleaning rule per column position, {@code null} where none. */
    private final List<UnaryOperator<Object>> rules;
    private final String targetTable;
    private final TransactionalConnections target;
    private final BackfillConfig config;
    private final ChunkTable chunks;
    private final ChunkWriter writer;

    private DefaultBackfill(String run, BackfillSource<E, K> source, PostgresAdapter adapter, BackfillConfig config,
            List<UnaryOperator<Object>> rules) {
        this.run = run;
        this.source = source;
        this.mapping = source.mapping();
        this.entity = mapping.table();
        this.columns = mapping.columns();
        this.keyIndexes = mapping.keyColumns().stream().mapToInt(c -> mapping.indexOf(c.name())).toArray();
        this.rules = rules;
        this.targetTable = adapter.schema() + "." + mapping.table();
        this.target = adapter.connections();
        this.config = config;
        this.chunks = new ChunkTable(run, entity, mapping.keyColumns());
        this.writer = new ChunkWriter(adapter.schema(), mapping.table(), columns, config.liveSafety());
    }

    public static <E, K> DefaultBackfill<E, K> create(String run, BackfillSource<E, K> source, PostgresAdapter adapter,
            BackfillConfig config) {
        if (run == null || run.isBlank() || run.length() > 200 || run.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("Backfill run name must be 1 to 200 characters, not blank, was "
                    + (run == null ? "null" : "'" + Sanitize.text(run) + "'"));
        }
        EntityMapping<E, K> mapping = source.mapping();
        adapter.store(mapping); // checks the target table against the mapping, once per adapter
        List<UnaryOperator<Object>> rules = new ArrayList<>(java.util.Collections.nCopies(mapping.columns().size(), null));
        config.cleaningRules().forEach((column, rule) -> rules.set(mapping.indexOf(column), rule));
        boolean[] asBytes = new boolean[mapping.columns().size()];
        for (int i = 0; i < asBytes.length; i++) {
            asBytes[i] = rules.get(i) == null; // a cleaning rule gets the value as its canonical type
        }
        BackfillSource<E, K> tuned = source instanceof LegacyBackfillSource<E, K> legacy
                ? legacy.tuned(config.fetchSize(), asBytes) : source;
        return new DefaultBackfill<>(run, tuned, adapter, config, rules);
    }

    @Override
    public String runName() {
        return run;
    }

    @Override
    public BackfillPlan plan() {
        BackfillPlan plan = inTransaction("plan", connection -> {
            chunks.lockPlanning(connection);
            Optional<BackfillPlan> existing = chunks.findPlan(connection);
            if (existing.isPresent()) {
                return existing.get();
            }
            long started = System.nanoTime();
            long[] keys = {0};
            List<Object[]> boundaries = boundaries(keys);
            BackfillPlan planned = new BackfillPlan(run, entity, source.description(), targetTable, config.chunkSize(),
                    boundaries.size() + 1, keys[0], config.workerName(), config.clock().instant());
            chunks.insertPlan(connection, planned, boundaries);
            LOG.info("Backfill {} of {}: planned {} chunks of about {} rows from {} in {} ms", run, entity, planned.chunks(),
                    planned.chunkSize(), planned.source(), (System.nanoTime() - started) / 1_000_000);
            return planned;
        });
        if (!plan.targetTable().equals(targetTable)) {
            throw new BackfillException(run, entity, "Backfill run '" + run + "' of " + entity + " was planned into "
                    + plan.targetTable() + ", not " + targetTable + "; use another run name for another target", null);
        }
        return plan;
    }

    /**
     * The last key of every {@code chunkSize} keys, walking the source's keys; never trusting a short page as the
     * end. Counts the keys too: the row estimate, without a {@code count(*)} of its own.
     */
    private List<Object[]> boundaries(long[] keys) {
        List<Object[]> boundaries = new ArrayList<>();
        int pageSize = source instanceof LegacyBackfillSource ? Math.max(PLAN_PAGE, config.chunkSize()) : config.chunkSize();
        int[] inChunk = {0};
        Object[] after = null;
        while (true) {
            BackfillSource.Page page = source.keys(after, pageSize, key -> {
                keys[0]++;
                if (++inChunk[0] == config.chunkSize()) {
                    boundaries.add(key);
                    inChunk[0] = 0;
                }
            });
            if (page.rows() == 0) {
                break;
            }
            after = page.lastKey();
        }
        if (inChunk[0] == 0 && !boundaries.isEmpty()) {
            boundaries.remove(boundaries.size() - 1); // the last chunk is open-ended: it also takes keys added later
        }
        return boundaries;
    }

    @Override
    public BackfillReport run() {
        BackfillPlan plan = plan();
        RunState state = new RunState(plan, status());
        String prefix = config.workerName() + "/" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < config.workers(); i++) {
            String owner = prefix + "#" + i;
            Thread thread = new Thread(() -> work(owner, state), "cutover-backfill-" + entity + "-" + i);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                state.failed.set(true);
                Thread.currentThread().interrupt();
            }
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - state.startNanos);
        BackfillStatus after = status();
        if (state.failure != null) {
            throw new BackfillException(run, entity, "Backfill run '" + run + "' of " + entity + " stopped after "
                    + state.chunksDone.get() + " chunks: " + state.failure.getMessage()
                    + "; finished chunks stay finished, run it again to resume", state.failure);
        }
        long done = state.copied.get() + state.skipped.get() + state.quarantined.get();
        double seconds = Math.max(elapsed.toNanos(), 1) / 1e9;
        BackfillReport report = new BackfillReport(run, entity, state.copied.get(), state.skipped.get(),
                state.quarantined.get(), state.chunksDone.get(), after.chunksTotal() - after.chunksDone(), elapsed,
                done / seconds, state.pageCap.get() > 0 ? OptionalInt.of(state.pageCap.get()) : OptionalInt.empty());
        LOG.info("Backfill {} of {}: {}; workers spent {} ms reading and checking, {} ms writing", run, entity, report,
                state.readNanos.get() / 1_000_000, state.writeNanos.get() / 1_000_000);
        return report;
    }

    private void work(String owner, RunState state) {
        // One buffer per worker for all its chunks: a chunk's rows are megabytes, which G1 allocates as humongous
        // objects straight in the old generation; a new buffer per chunk would cost an old collection per chunk.
        CopyRows buffer = new CopyRows(Math.min(config.chunkSize(), 100_000) * 700);
        while (!state.failed.get()) {
            Optional<Chunk> claimed;
            try {
                Instant now = config.clock().instant();
                claimed = inTransaction("claim", connection -> chunks.claim(relaxed(connection), owner, now,
                        now.plus(config.leaseDuration())));
            } catch (RuntimeException e) {
                state.fail(e);
                return;
            }
            if (claimed.isPresent()) {
                Chunk chunk = claimed.get();
                try {
                    copy(chunk, owner, state, buffer);
                } catch (RuntimeException | Error e) {
                    state.fail(e);
                    try {
                        inTransaction("release", connection -> {
                            chunks.release(connection, chunk.number(), owner);
                            return null;
                        });
                    } catch (RuntimeException releaseFailure) {
                        e.addSuppressed(releaseFailure);
                    }
                    return;
                }
                continue;
            }
            BackfillStatus now;
            try {
                now = status();
            } catch (RuntimeException e) {
                state.fail(e);
                return;
            }
            if (now.complete() || !config.waitForOtherWorkers()) {
                return;
            }
            try {
                Thread.sleep(config.pollInterval().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** One chunk in one transaction: lock its row, read, check, COPY, quarantine, mark done, commit. */
    private void copy(Chunk chunk, String owner, RunState state, CopyRows buffer) {
        buffer.clear();
        ChunkReader reader = new ChunkReader(chunk.number(), buffer);
        ChunkWriter.Outcome outcome = new ChunkWriter.Outcome(config.maxQuarantinedPerChunk());
        boolean done = inTransaction("copy of chunk " + chunk.number(), connection -> {
            if (!chunks.lockOwned(relaxed(connection), chunk.number(), owner)) {
                return false; // another worker took it over after this lease expired
            }
            try {
                readAndWrite(chunk, reader, reader, outcome, state, connection);
            } catch (SQLException | RuntimeException | Error e) {
                if (reader.stream != null) {
                    reader.stream.abort(e);
                }
                if (e instanceof ChunkWriter.TooManyRefused tooMany) {
                    throw tooMany(chunk, tooMany.getMessage());
                }
                throw e;
            }
            Instant now = config.clock().instant();
            List<QuarantinedRow> quarantined = new ArrayList<>(reader.quarantined);
            for (ChunkWriter.Refused refused : outcome.refused) {
                quarantined.add(new QuarantinedRow(run, entity, KeyJson.encode(refused.key()), chunk.number(),
                        refused.reason(), refused.sqlState(), Sanitize.text(refused.raw()), now));
            }
            quarantined.replaceAll(q -> new QuarantinedRow(q.run(), q.entity(), q.key(), q.chunk(), q.reason(),
                    q.sqlState(), q.rawValue(), now));
            chunks.quarantine(connection, quarantined);
            chunks.complete(connection, chunk.number(), owner, outcome.copied, outcome.skipped, quarantined.size(), now);
            reader.finalQuarantine = quarantined;
            return true;
        });
        if (!done) {
            return;
        }
        state.copied.addAndGet(outcome.copied);
        state.skipped.addAndGet(outcome.skipped);
        state.quarantined.addAndGet(reader.finalQuarantine.size());
        state.chunksDone.incrementAndGet();
        synchronized (state) {
            for (QuarantinedRow row : reader.finalQuarantine) {
                config.listener().onQuarantined(row);
            }
            config.listener().onProgress(state.progress());
        }
    }

    private BackfillException tooMany(Chunk chunk, String firstReason) {
        return new BackfillException(run, entity, "chunk " + chunk.number() + " had more than "
                + config.maxQuarantinedPerChunk() + " rows to set aside (the first: " + firstReason + "); so many look like "
                + "a schema or mapping problem rather than bad rows: fix it, or raise maxQuarantinedPerChunk", null);
    }

    /** Reads the chunk's rows by keyset pages, never stopping at a short page, streaming them into the COPY. */
    private void readAndWrite(Chunk chunk, ChunkReader reader, BackfillSource.RowVisitor visitor, ChunkWriter.Outcome outcome,
            RunState state, Connection connection) throws SQLException {
        Object[] after = chunk.lower();
        int shortPage = 0;
        reader.stream = writer.stream(connection, outcome);
        while (true) {
            long readStart = System.nanoTime();
            BackfillSource.Page page = source.read(after, chunk.upper(), config.chunkSize(), visitor);
            state.readNanos.addAndGet(System.nanoTime() - readStart);
            outcome.quarantinedBeforeSending = reader.quarantined.size();
            if (reader.quarantined.size() > config.maxQuarantinedPerChunk()) {
                throw new ChunkWriter.TooManyRefused(reader.quarantined.get(0).reason());
            }
            if (page.rows() > 0 && shortPage > 0) {
                state.pageCap.accumulateAndGet(shortPage, Math::max);
                state.warnPageCap(shortPage, source.description());
            }
            if (page.passedUpperBound() || page.rows() == 0) {
                break;
            }
            if (reader.rows.rows() >= config.chunkSize()) {
                flush(reader, outcome, state); // a chunk that grew since it was planned: keep memory bounded
                reader.stream = writer.stream(connection, outcome);
            }
            shortPage = page.rows() < config.chunkSize() ? page.rows() : 0;
            after = page.lastKey();
        }
        flush(reader, outcome, state);
    }

    private void flush(ChunkReader reader, ChunkWriter.Outcome outcome, RunState state) throws SQLException {
        long start = System.nanoTime();
        reader.stream.finish(reader.rows, reader.keys, outcome);
        reader.stream = null;
        state.writeNanos.addAndGet(System.nanoTime() - start);
        reader.rows.clear();
        reader.keys.clear();
    }

    /** Encodes a chunk's rows as they stream in; values that fail their checks go to the quarantine instead. */
    private final class ChunkReader implements BackfillSource.RowVisitor {
        private final int chunk;
        final CopyRows rows;
        final List<Object[]> keys = new ArrayList<>();
        final List<QuarantinedRow> quarantined = new ArrayList<>();
        List<QuarantinedRow> finalQuarantine = List.of();
        ChunkWriter.Stream stream;

        ChunkReader(int chunk, CopyRows rows) {
            this.chunk = chunk;
            this.rows = rows;
        }

        @Override
        public void row(Object[] values) {
            Object[] key = keyOf(values);
            try {
                for (int i = 0; i < values.length; i++) {
                    Column column = columns.get(i);
                    UnaryOperator<Object> rule = rules.get(i);
                    Object value = rule == null ? values[i] : rule.apply(values[i]);
                    values[i] = value;
                    if (value instanceof byte[] utf8) {
                        // Text as PostgreSQL sent it (which holds no NUL): only JSON has something left to check.
                        if (column.type().isJson() && !JsonScan.isValid(utf8, column.type() == ColumnType.JSONB)) {
                            JsonCheck.check(entity, " (key " + describe(key) + ")", column,
                                    new String(utf8, StandardCharsets.UTF_8));
                        }
                    } else if (value instanceof String text && column.type().isJson()) {
                        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
                        if (!JsonScan.isValid(utf8, column.type() == ColumnType.JSONB)) {
                            JsonCheck.check(entity, " (key " + describe(key) + ")", column, text);
                        }
                        value = utf8; // checked as it will be sent
                    } else {
                        value = checked(column, value, key);
                    }
                    rows.add(column.type(), value);
                }
                rows.endRow();
                keys.add(key);
                stream.send(rows, false);
            } catch (InvalidValueException e) {
                rows.abandonRow();
                quarantined.add(new QuarantinedRow(run, entity, KeyJson.encode(key), chunk, Sanitize.text(e.getMessage()),
                        null, Sanitize.text(raw(values)), null));
            }
        }

        @Override
        public void unreadable(Object[] key, String raw, String reason) {
            quarantined.add(new QuarantinedRow(run, entity, KeyJson.encode(key), chunk, Sanitize.text(reason), null,
                    Sanitize.text(raw), null));
        }
    }

    private Object[] keyOf(Object[] values) {
        Object[] key = new Object[keyIndexes.length];
        for (int k = 0; k < key.length; k++) {
            key[k] = values[keyIndexes[k]];
        }
        return key;
    }

    /** {@link Values#canonical}, with the key in the message built only when the value fails. */
    private Object checked(Column column, Object value, Object[] key) {
        try {
            return Values.canonical(entity, "", column, value);
        } catch (InvalidValueException e) {
            return Values.canonical(entity, " (key " + describe(key) + ")", column, value);
        }
    }

    private String describe(Object[] key) {
        if (key.length == 1) {
            return String.valueOf(key[0]);
        }
        StringBuilder text = new StringBuilder("(");
        for (int k = 0; k < key.length; k++) {
            text.append(k == 0 ? "" : ", ").append(columns.get(keyIndexes[k]).name()).append('=').append(key[k]);
        }
        return text.append(')').toString();
    }

    private String raw(Object[] values) {
        ObjectNode row = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < values.length; i++) {
            Object value = values[i];
            if (value == null) {
                row.putNull(columns.get(i).name());
            } else if (value instanceof byte[] utf8) {
                row.put(columns.get(i).name(), new String(utf8, StandardCharsets.UTF_8));
            } else if (value instanceof JsonNode node) {
                row.set(columns.get(i).name(), node);
            } else {
                row.put(columns.get(i).name(), value.toString());
            }
        }
        return Values.jsonText(row);
    }

    @Override
    public QuarantineRetry retryQuarantined() {
        List<QuarantinedRow> rows = quarantine();
        if (rows.isEmpty()) { // nothing to read: and a run that does not exist is not planned by asking
            return new QuarantineRetry(run, entity, 0, 0, 0, 0, List.of());
        }
        Map<Integer, List<QuarantinedRow>> byChunk = new TreeMap<>();
        rows.forEach(row -> byChunk.computeIfAbsent(row.chunk(), c -> new ArrayList<>()).add(row));
        RunState state = new RunState(plan()); // the run's totals are not reported by a retry: no status read
        CopyRows buffer = new CopyRows(64 * 1024);
        long[] totals = new long[3]; // copied, already present, gone
        List<QuarantinedRow> still = new ArrayList<>();
        for (Map.Entry<Integer, List<QuarantinedRow>> chunk : byChunk.entrySet()) {
            try {
                still.addAll(retry(chunk.getKey(), chunk.getValue(), state, buffer, totals));
            } catch (RuntimeException e) {
                throw new BackfillException(run, entity, "Retrying the quarantined rows of backfill run '" + run + "' of "
                        + entity + " stopped at chunk " + chunk.getKey() + ": " + e.getMessage()
                        + "; chunks retried before stay retried, run it again to go on", e);
            }
        }
        QuarantineRetry retry = new QuarantineRetry(run, entity, rows.size(), totals[0], totals[1], totals[2], still);
        LOG.info("Backfill {} of {}: retried {} quarantined rows: {} copied, {} already present, {} gone from the source, "
                + "{} still quarantined", run, entity, rows.size(), totals[0], totals[1], totals[2], still.size());
        return retry;
    }

    /**
     * Reads the chunk's range again and writes only its quarantined rows, in one transaction with the chunk's row
     * locked; the rows that fail again are returned.
     */
    private List<QuarantinedRow> retry(int number, List<QuarantinedRow> quarantined, RunState state, CopyRows buffer,
            long[] totals) {
        Set<String> wanted = new LinkedHashSet<>();
        quarantined.forEach(row -> wanted.add(KeyJson.encode(KeyJson.decode(row.key(), mapping.keyColumns()))));
        buffer.clear();
        ChunkReader reader = new ChunkReader(number, buffer);
        // At most the chunk's quarantined rows are sent, which were under the limit once: never stop for it here.
        ChunkWriter.Outcome outcome = new ChunkWriter.Outcome(Integer.MAX_VALUE / 2);
        Set<String> seen = new HashSet<>();
        BackfillSource.RowVisitor onlyWanted = new BackfillSource.RowVisitor() {
            @Override
            public void row(Object[] values) {
                String text = KeyJson.encode(keyOf(values));
                if (wanted.contains(text)) {
                    seen.add(text);
                    reader.row(values);
                }
            }

            @Override
            public void unreadable(Object[] key, String raw, String reason) {
                String text = KeyJson.encode(key);
                if (wanted.contains(text)) {
                    seen.add(text);
                    reader.unreadable(key, raw, reason);
                }
            }
        };
        List<QuarantinedRow> still = inTransaction("retry of the quarantined rows of chunk " + number, connection -> {
            Optional<Chunk> chunk = chunks.lockDone(connection, number);
            if (chunk.isEmpty()) {
                return List.<QuarantinedRow>of(); // the run was deleted or replanned meanwhile
            }
            try {
                readAndWrite(chunk.get(), reader, onlyWanted, outcome, state, connection);
            } catch (SQLException | RuntimeException | Error e) {
                if (reader.stream != null) {
                    reader.stream.abort(e);
                }
                throw e;
            }
            Instant now = config.clock().instant();
            List<QuarantinedRow> failed = new ArrayList<>();
            for (QuarantinedRow row : reader.quarantined) {
                failed.add(new QuarantinedRow(run, entity, row.key(), number, row.reason(), row.sqlState(), row.rawValue(), now));
            }
            for (ChunkWriter.Refused refused : outcome.refused) {
                failed.add(new QuarantinedRow(run, entity, KeyJson.encode(refused.key()), number, refused.reason(),
                        refused.sqlState(), Sanitize.text(refused.raw()), now));
            }
            Set<String> failedKeys = new HashSet<>();
            failed.forEach(row -> failedKeys.add(row.key()));
            List<String> released = wanted.stream().filter(key -> !failedKeys.contains(key)).toList();
            chunks.unquarantine(connection, released);
            chunks.quarantine(connection, failed);
            chunks.addCounts(connection, number, outcome.copied, outcome.skipped, -released.size());
            return failed;
        });
        totals[0] += outcome.copied;
        totals[1] += outcome.skipped;
        totals[2] += wanted.size() - seen.size();
        return still;
    }

    /** {@link Backfill#runs}. */
    public static List<BackfillPlan> runs(PostgresAdapter target, String entity) {
        try (Connection connection = target.connections().dataSource().getConnection()) {
            return ChunkTable.plans(connection, entity);
        } catch (SQLException e) {
            throw new DataAccessException(Backend.POSTGRES, "Reading the backfill runs of " + entity + " failed: "
                    + e.getMessage(), e);
        }
    }

    /** {@link Backfill#quarantine(PostgresAdapter, String, String)}. */
    public static List<QuarantinedRow> quarantine(PostgresAdapter target, String run, String entity) {
        try (Connection connection = target.connections().dataSource().getConnection()) {
            return new ChunkTable(run, entity, List.of()).quarantined(connection); // reading needs no key columns
        } catch (SQLException e) {
            throw new DataAccessException(Backend.POSTGRES, "Reading the quarantined rows of " + entity + " (run " + run
                    + ") failed: " + e.getMessage(), e);
        }
    }

    @Override
    public BackfillStatus status() {
        return inTransaction("status", connection -> {
            long estimate = chunks.findPlan(connection).map(BackfillPlan::rowsEstimate).orElse(0L);
            return chunks.status(connection, estimate);
        });
    }

    @Override
    public List<QuarantinedRow> quarantine() {
        return inTransaction("quarantine", chunks::quarantined);
    }

    /**
     * Lets the transaction commit without waiting for its WAL to reach disk. Safe here: a chunk's rows and its
     * checkpoint are one transaction, so a server crash that loses it loses both, and the chunk is simply done
     * again; a lost claim leaves the chunk pending. It saves a disk flush per chunk (per 10,000 rows by default).
     */
    private static Connection relaxed(Connection connection) throws SQLException {
        try (java.sql.Statement statement = connection.createStatement()) {
            statement.execute("SET LOCAL synchronous_commit TO off");
        }
        return connection;
    }

    private <T> T inTransaction(String operation, SqlFunction<T> work) {
        try {
            // Its own transaction, never a caller's unit of work: each chunk's commit is a checkpoint.
            return target.inOwnTransaction(work);
        } catch (SQLException e) {
            throw new DataAccessException(Backend.POSTGRES, "Backfill " + run + " of " + entity + ": " + operation
                    + " failed: " + e.getMessage(), e);
        }
    }

    /** One {@code run()}'s counters and first failure. */
    private final class RunState {
        final long startNanos = System.nanoTime();
        final BackfillPlan plan;
        final long baseRowsDone;
        final int baseChunksDone;
        final AtomicLong copied = new AtomicLong();
        final AtomicLong skipped = new AtomicLong();
        final AtomicLong quarantined = new AtomicLong();
        final AtomicInteger chunksDone = new AtomicInteger();
        final AtomicInteger pageCap = new AtomicInteger();
        /** Time workers spent reading, checking and streaming rows, and finishing their COPY: where a run spends its time. */
        final AtomicLong readNanos = new AtomicLong();
        final AtomicLong writeNanos = new AtomicLong();
        final AtomicBoolean failed = new AtomicBoolean();
        final AtomicBoolean pageCapWarned = new AtomicBoolean();
        volatile Throwable failure;

        RunState(BackfillPlan plan, BackfillStatus before) {
            this.plan = plan;
            this.baseRowsDone = before.rowsCopied() + before.rowsSkipped() + before.rowsQuarantined();
            this.baseChunksDone = before.chunksDone();
        }

        /** For a retry, which reports no progress against the run's totals. */
        RunState(BackfillPlan plan) {
            this.plan = plan;
            this.baseRowsDone = 0;
            this.baseChunksDone = 0;
        }

        synchronized void fail(Throwable e) {
            if (failure == null) {
                failure = e;
            } else if (failure != e) {
                failure.addSuppressed(e);
            }
            failed.set(true);
        }

        void warnPageCap(int shortPage, String description) {
            if (pageCapWarned.compareAndSet(false, true)) {
                LOG.warn("Backfill {} of {}: the source ({}) returned {} rows when {} were asked, yet had more rows after "
                        + "them: it caps its pages; reading on after the last key of each page", run, entity, description,
                        shortPage, config.chunkSize());
            }
        }

        BackfillProgress progress() {
            long local = copied.get() + skipped.get() + quarantined.get();
            double seconds = Math.max(System.nanoTime() - startNanos, 1) / 1e9;
            double rate = local / seconds;
            long done = baseRowsDone + local;
            long left = Math.max(0, plan.rowsEstimate() - done);
            Optional<Duration> eta = rate > 0 ? Optional.of(Duration.ofMillis((long) (left / rate * 1000)))
                    : Optional.empty();
            return new BackfillProgress(run, entity, done, plan.rowsEstimate(), baseChunksDone + chunksDone.get(),
                    plan.chunks(), rate, eta);
        }
    }

    @Override
    public String toString() {
        return "Backfill[" + run + ", " + source.description() + " -> " + targetTable + ", " + config + "]";
    }
}
