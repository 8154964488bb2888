package dev.cutover.verify;

import dev.cutover.compare.ComparisonRules;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Verifier} works: range and page sizes, whether to try checksums, the comparison rules of the
 * entity, how rows that differ are re-checked, and how many are listed in the report. Immutable and
 * thread-safe; the {@link Builder} is not.
 *
 * <pre>{@code
 * VerifyConfig config = VerifyConfig.custom()
 *         .rules(ComparisonRules.custom().ignore("updatedAt").build())
 *         .recheckDelay(Duration.ofSeconds(2))
 *         .build();
 * }</pre>
 */
public final class VerifyConfig {
    /** Rows per checksum range by default. */
    public static final int DEFAULT_RANGE_SIZE = 10_000;
    /** Rows per read by default; a differing range is bisected until it has no more rows than this. */
    public static final int DEFAULT_PAGE_SIZE = 1_000;
    /** How long after a row is found different it is read again, by default. */
    public static final Duration DEFAULT_RECHECK_DELAY = Duration.ofSeconds(1);
    /** How many times a row found different is read again before it is reported, by default. */
    public static final int DEFAULT_RECHECK_ATTEMPTS = 2;
    /** How many rows a report lists by default; the others are counted. */
    public static final int DEFAULT_MAX_LISTED = 1_000;
    /** How many key ranges are verified at once by default. */
    public static final int DEFAULT_PARALLELISM = 2;

    private static final VerifyConfig DEFAULTS = custom().build();

    private final int rangeSize;
    private final int pageSize;
    private final boolean checksums;
    private final ComparisonRules rules;
    private final Duration recheckDelay;
    private final int recheckAttempts;
    private final int maxListed;
    private final int parallelism;
    private final VerifyListener listener;
    private final Clock clock;

    private VerifyConfig(Builder builder) {
        this.rangeSize = builder.rangeSize;
        this.pageSize = builder.pageSize;
        this.checksums = builder.checksums;
        this.rules = builder.rules;
        this.recheckDelay = builder.recheckDelay;
        this.recheckAttempts = builder.recheckAttempts;
        this.maxListed = builder.maxListed;
        this.parallelism = builder.parallelism;
        this.listener = builder.listener;
        this.clock = builder.clock;
    }

    /** The defaults: checksums where both sides can compute them, default comparison rules. */
    public static VerifyConfig ofDefaults() {
        return DEFAULTS;
    }

    public static Builder custom() {
        return new Builder();
    }

    /** A builder holding {@code base}'s values, to change some of them. */
    public static Builder from(VerifyConfig base) {
        Objects.requireNonNull(base, "base");
        Builder builder = new Builder();
        builder.rangeSize = base.rangeSize;
        builder.pageSize = base.pageSize;
        builder.checksums = base.checksums;
        builder.rules = base.rules;
        builder.recheckDelay = base.recheckDelay;
        builder.recheckAttempts = base.recheckAttempts;
        builder.maxListed = base.maxListed;
        builder.parallelism = base.parallelism;
        builder.listener = base.listener;
        builder.clock = base.clock;
        return builder;
    }

    /** Rows of the legacy table per checksum range. */
    public int rangeSize() {
        return rangeSize;
    }

    /** Rows per read of either side; also the size down to which a range whose checksums differ is bisected. */
    public int pageSize() {
        return pageSize;
    }

    /** Whether to compare ranges by checksum first where both sides can compute them. */
    public boolean checksums() {
        return checksums;
    }

    /** The entity's comparison rules, the same as its shadow reads'. */
    public ComparisonRules rules() {
        return rules;
    }

    public Duration recheckDelay() {
        return recheckDelay;
    }

    /** How many times a row found different is read again on both sides before it is reported (0: never). */
    public int recheckAttempts() {
        return recheckAttempts;
    }

    /** How many missing, extra and differing rows a report lists; every one is counted. */
    public int maxListed() {
        return maxListed;
    }

    /**
     * How many key ranges are verified at once, each on its own thread with one connection per side at a time
     * (each pool needs one more for the verifying thread itself). Ranges are cut by the legacy database, from its
     * key's index; without SQL access to both sides (generic stores) the table is one range.
     */
    public int parallelism() {
        return parallelism;
    }

    public VerifyListener listener() {
        return listener;
    }

    /** The clock of the report's start time. */
    public Clock clock() {
        return clock;
    }

    @Override
    public String toString() {
        return "VerifyConfig[rangeSize=" + rangeSize + ", pageSize=" + pageSize + ", checksums=" + checksums
                + ", rules=" + rules + ", recheckDelay=" + recheckDelay + ", recheckAttempts=" + recheckAttempts
                + ", maxListed=" + maxListed + ", parallelism=" + parallelism + "]";
    }

    /** Collects settings; each method checks its input and names the bad value. Not thread-safe. */
    public static final class Builder {
        private int rangeSize = DEFAULT_RANGE_SIZE;
        private int pageSize = DEFAULT_PAGE_SIZE;
        private boolean checksums = true;
        private ComparisonRules rules = ComparisonRules.ofDefaults();
        private Duration recheckDelay = DEFAULT_RECHECK_DELAY;
        private int recheckAttempts = DEFAULT_RECHECK_ATTEMPTS;
        private int maxListed = DEFAULT_MAX_LISTED;
        private int parallelism = DEFAULT_PARALLELISM;
        private VerifyListener listener = VerifyListener.NONE;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        public Builder rangeSize(int rows) {
            if (rows < 2) {
                throw new IllegalArgumentException("rangeSize must be at least 2 rows, was " + rows);
            }
            this.rangeSize = rows;
            return this;
        }

        public Builder pageSize(int rows) {
            if (rows < 1) {
                throw new IllegalArgumentException("pageSize must be at least 1 row, was " + rows);
            }
            this.pageSize = rows;
            return this;
        }

        /** {@code false} compares every row, even where both sides could compute checksums. */
        public Builder checksums(boolean enabled) {
            this.checksums = enabled;
            return this;
        }

        public Builder rules(ComparisonRules rules) {
            this.rules = Objects.requireNonNull(rules, "rules");
            return this;
        }

        public Builder recheckDelay(Duration delay) {
            Objects.requireNonNull(delay, "recheckDelay");
            if (delay.isNegative()) {
                throw new IllegalArgumentException("recheckDelay must not be negative, was " + delay);
            }
            this.recheckDelay = delay;
            return this;
        }

        public Builder recheckAttempts(int attempts) {
            if (attempts < 0) {
                throw new IllegalArgumentException("recheckAttempts must be 0 or more, was " + attempts);
            }
            this.recheckAttempts = attempts;
            return this;
        }

        public Builder maxListed(int rows) {
            if (rows < 0) {
                throw new IllegalArgumentException("maxListed must be 0 or more, was " + rows);
            }
            this.maxListed = rows;
            return this;
        }

        public Builder parallelism(int ranges) {
            if (ranges < 1) {
                throw new IllegalArgumentException("parallelism must be at least 1 range at a time, was " + ranges);
            }
            this.parallelism = ranges;
            return this;
        }

        public Builder listener(VerifyListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public VerifyConfig build() {
            return new VerifyConfig(this);
        }
    }
}
