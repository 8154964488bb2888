package dev.cutover.backfill;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * How a {@link Backfill} runs: chunk size, workers, leases, clock, progress listener, live-safety mode and
 * cleaning rules.
 *
 * <pre>{@code
 * BackfillConfig config = BackfillConfig.custom()
 *         .chunkSize(10_000)
 *         .workers(2)
 *         .leaseDuration(Duration.ofMinutes(5))
 *         .listener(new BackfillListener() {
 *             public void onProgress(BackfillProgress p) { log.info("{} / {} rows, ETA {}", p.rowsDone(), p.rowsEstimate(), p.eta()); }
 *         })
 *         .build();
 * }</pre>
 *
 * <p>Each builder method checks its argument and names the bad value. Immutable and thread-safe; the
 * {@link Builder} is not.
 */
public final class BackfillConfig {
    public static final int DEFAULT_CHUNK_SIZE = 10_000;
    public static final int DEFAULT_WORKERS = 2;
    public static final int DEFAULT_FETCH_SIZE = 1_000;
    public static final Duration DEFAULT_LEASE_DURATION = Duration.ofMinutes(5);
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
    public static final int DEFAULT_MAX_QUARANTINED_PER_CHUNK = 1_000;
    /** Chunks bigger than this would hold too much in memory at once (a chunk is buffered to be split on failure). */
    public static final int MAXIMUM_CHUNK_SIZE = 1_000_000;

    private final int chunkSize;
    private final int workers;
    private final int fetchSize;
    private final Duration leaseDuration;
    private final Duration pollInterval;
    private final int maxQuarantinedPerChunk;
    private final boolean waitForOtherWorkers;
    private final boolean resetSequences;
    private final boolean bulkLoad;
    private final boolean passThrough;
    private final Clock clock;
    private final BackfillListener listener;
    private final LiveSafety liveSafety;
    private final String workerName;
    private final Map<String, UnaryOperator<Object>> cleaningRules;

    private BackfillConfig(Builder builder) {
        this.chunkSize = builder.chunkSize;
        this.workers = builder.workers;
        this.fetchSize = builder.fetchSize;
        this.leaseDuration = builder.leaseDuration;
        this.pollInterval = builder.pollInterval;
        this.maxQuarantinedPerChunk = builder.maxQuarantinedPerChunk;
        this.waitForOtherWorkers = builder.waitForOtherWorkers;
        this.resetSequences = builder.resetSequences;
        this.bulkLoad = builder.bulkLoad;
        this.passThrough = builder.passThrough;
        this.clock = builder.clock;
        this.listener = builder.listener;
        this.liveSafety = builder.liveSafety;
        this.workerName = builder.workerName;
        this.cleaningRules = Map.copyOf(builder.cleaningRules);
    }

    public static BackfillConfig ofDefaults() {
        return custom().build();
    }

    public static Builder custom() {
        return new Builder();
    }

    public static Builder from(BackfillConfig base) {
        Objects.requireNonNull(base, "base");
        Builder builder = new Builder();
        builder.chunkSize = base.chunkSize;
        builder.workers = base.workers;
        builder.fetchSize = base.fetchSize;
        builder.leaseDuration = base.leaseDuration;
        builder.pollInterval = base.pollInterval;
        builder.maxQuarantinedPerChunk = base.maxQuarantinedPerChunk;
        builder.waitForOtherWorkers = base.waitForOtherWorkers;
        builder.resetSequences = base.resetSequences;
        builder.bulkLoad = base.bulkLoad;
        builder.passThrough = base.passThrough;
        builder.clock = base.clock;
        builder.listener = base.listener;
        builder.liveSafety = base.liveSafety;
        builder.workerName = base.workerName;
        builder.cleaningRules.putAll(base.cleaningRules);
        return builder;
    }

    /** Rows per chunk: the unit of leasing, of one transaction and of resuming. */
    public int chunkSize() {
        return chunkSize;
    }

    /** Worker threads of this process. */
    public int workers() {
        return workers;
    }

    /** Rows a streaming read fetches per round trip. */
    public int fetchSize() {
        return fetchSize;
    }

    /** How long a claimed chunk stays a worker's before others may take it over. */
    public Duration leaseDuration() {
        return leaseDuration;
    }

    /** How often a worker with nothing to claim looks again while other workers hold chunks. */
    public Duration pollInterval() {
        return pollInterval;
    }

    /**
     * The most rows one chunk may set aside; past it the run stops: that many bad rows are a schema or mapping
     * problem (a NOT NULL column the mapping does not fill, a CHECK every row fails), which splitting batches
     * down to single rows would only make slow.
     */
    public int maxQuarantinedPerChunk() {
        return maxQuarantinedPerChunk;
    }

    /** Whether {@code run()} waits for chunks other workers hold (to take them over if their lease expires). */
    public boolean waitForOtherWorkers() {
        return waitForOtherWorkers;
    }

    /**
     * Whether a run that finds its last chunk done moves the target table's identity and owned sequences past the
     * copied values ({@link dev.cutover.sequences.Sequences}); on by default.
     */
    public boolean resetSequences() {
        return resetSequences;
    }

    /**
     * For a {@link SchemaBackfill}: whether a table that is empty when the run first meets it is loaded as
     * {@code pgcopydb clone} loads one, its foreign keys and its non-unique secondary indexes dropped while copying
     * and restored in parallel at the end (the keys {@code NOT VALID}, then validated); off by default. Rows a key
     * refuses are then quarantined when it is restored, not when they are copied. Tables the application already
     * writes (not empty) keep every index and key.
     */
    public boolean bulkLoad() {
        return bulkLoad;
    }

    /**
     * Whether a table whose every mapped column has, in a PostgreSQL legacy database, exactly the target column's type
     * ({@code format_type}, typmod included; built-in types only; no conversion, storage or NUL rule, no cleaning rule)
     * is copied by PostgreSQL itself: each chunk streamed from {@code COPY (SELECT ...) TO STDOUT (FORMAT binary)} on the
     * legacy database into {@code COPY ... FROM STDIN (FORMAT binary)} on the target, in the chunk's transaction, without
     * decoding a value. A chunk the target refuses is copied again value by value, so that its bad rows are quarantined
     * as usual. On by default; other tables and MariaDB are always copied value by value.
     */
    public boolean passThrough() {
        return passThrough;
    }

    public Clock clock() {
        return clock;
    }

    public BackfillListener listener() {
        return listener;
    }

    public LiveSafety liveSafety() {
        return liveSafety;
    }

    /** This process's name in leases and reports: host and pid unless given. */
    public String workerName() {
        return workerName;
    }

    /** Rules applied to a column's values before they are checked: mapping column name to rule. */
    public Map<String, UnaryOperator<Object>> cleaningRules() {
        return cleaningRules;
    }

    @Override
    public String toString() {
        return "BackfillConfig[chunkSize=" + chunkSize + ", workers=" + workers + ", fetchSize=" + fetchSize
                + ", leaseDuration=" + leaseDuration + ", pollInterval=" + pollInterval + ", maxQuarantinedPerChunk="
                + maxQuarantinedPerChunk + ", waitForOtherWorkers="
                + waitForOtherWorkers + ", resetSequences=" + resetSequences + ", bulkLoad=" + bulkLoad + ", passThrough=" + passThrough + ", clock=" + clock
                + ", liveSafety=" + liveSafety + ", workerName=" + workerName
                + ", cleaningRules=" + cleaningRules.keySet() + "]";
    }

    /** Collects and checks settings. Not thread-safe. */
    public static final class Builder {
        private int chunkSize = DEFAULT_CHUNK_SIZE;
        private int workers = DEFAULT_WORKERS;
        private int fetchSize = DEFAULT_FETCH_SIZE;
        private Duration leaseDuration = DEFAULT_LEASE_DURATION;
        private Duration pollInterval = DEFAULT_POLL_INTERVAL;
        private int maxQuarantinedPerChunk = DEFAULT_MAX_QUARANTINED_PER_CHUNK;
        private boolean waitForOtherWorkers = true;
        private boolean resetSequences = true;
        private boolean bulkLoad;
        private boolean passThrough = true;
        private Clock clock = Clock.systemUTC();
        private BackfillListener listener = BackfillListener.NONE;
        private LiveSafety liveSafety = LiveSafety.COPY_THEN_INSERT_MISSING;
        private String workerName = defaultWorkerName();
        private final Map<String, UnaryOperator<Object>> cleaningRules = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder chunkSize(int chunkSize) {
            if (chunkSize < 1 || chunkSize > MAXIMUM_CHUNK_SIZE) {
                throw new IllegalArgumentException("chunkSize must be between 1 and " + MAXIMUM_CHUNK_SIZE + ", was '"
                        + chunkSize + "'");
            }
            this.chunkSize = chunkSize;
            return this;
        }

        public Builder workers(int workers) {
            if (workers < 1 || workers > 64) {
                throw new IllegalArgumentException("workers must be between 1 and 64, was '" + workers + "'");
            }
            this.workers = workers;
            return this;
        }

        public Builder fetchSize(int fetchSize) {
            if (fetchSize < 1) {
                throw new IllegalArgumentException("fetchSize must be at least 1, was '" + fetchSize + "'");
            }
            this.fetchSize = fetchSize;
            return this;
        }

        public Builder leaseDuration(Duration leaseDuration) {
            if (leaseDuration == null || leaseDuration.toMillis() < 1) {
                throw new IllegalArgumentException("leaseDuration must be at least 1 ms, was '" + leaseDuration + "'");
            }
            this.leaseDuration = leaseDuration;
            return this;
        }

        public Builder pollInterval(Duration pollInterval) {
            if (pollInterval == null || pollInterval.toMillis() < 1) {
                throw new IllegalArgumentException("pollInterval must be at least 1 ms, was '" + pollInterval + "'");
            }
            this.pollInterval = pollInterval;
            return this;
        }

        public Builder maxQuarantinedPerChunk(int maxQuarantinedPerChunk) {
            if (maxQuarantinedPerChunk < 0) {
                throw new IllegalArgumentException("maxQuarantinedPerChunk must be at least 0, was '"
                        + maxQuarantinedPerChunk + "'");
            }
            this.maxQuarantinedPerChunk = maxQuarantinedPerChunk;
            return this;
        }

        public Builder waitForOtherWorkers(boolean waitForOtherWorkers) {
            this.waitForOtherWorkers = waitForOtherWorkers;
            return this;
        }

        /** The clock of leases and timestamps; a manual clock in tests. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder listener(BackfillListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** See {@link BackfillConfig#resetSequences()}. */
        public Builder resetSequences(boolean resetSequences) {
            this.resetSequences = resetSequences;
            return this;
        }

        /** See {@link BackfillConfig#bulkLoad()}. */
        public Builder bulkLoad(boolean bulkLoad) {
            this.bulkLoad = bulkLoad;
            return this;
        }

        /** See {@link BackfillConfig#passThrough()}. */
        public Builder passThrough(boolean passThrough) {
            this.passThrough = passThrough;
            return this;
        }

        public Builder liveSafety(LiveSafety liveSafety) {
            this.liveSafety = Objects.requireNonNull(liveSafety, "liveSafety");
            return this;
        }

        public Builder workerName(String workerName) {
            if (workerName == null || workerName.isBlank() || workerName.length() > 200) {
                throw new IllegalArgumentException("workerName must be 1 to 200 characters, not blank, was "
                        + (workerName == null ? "null" : "'" + workerName + "'"));
            }
            this.workerName = workerName;
            return this;
        }

        /**
         * A rule that cleans a column's values (as read, before they are checked): for example
         * {@code value -> value instanceof String s ? s.replace("\0", "") : value} to drop NUL characters a legacy
         * database kept. Without a rule, such values are quarantined with their reason. The column name is the
         * mapping's; it is checked when the backfill is created.
         */
        public Builder clean(String column, UnaryOperator<Object> rule) {
            Objects.requireNonNull(rule, "rule");
            if (column == null || column.isBlank()) {
                throw new IllegalArgumentException("clean needs a column name, was "
                        + (column == null ? "null" : "'" + column + "'"));
            }
            if (cleaningRules.putIfAbsent(column, rule) != null) {
                throw new IllegalArgumentException("Column '" + column + "' already has a cleaning rule; give one per column");
            }
            return this;
        }

        public BackfillConfig build() {
            return new BackfillConfig(this);
        }

        private static String defaultWorkerName() {
            String host;
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                host = "unknown-host";
            }
            return host + ":" + ManagementFactory.getRuntimeMXBean().getPid();
        }
    }
}
