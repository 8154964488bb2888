package dev.cutover.verify;

import dev.cutover.verify.spi.ReportJson;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What verifying one entity found: the row counts of both sides, the rows missing in PostgreSQL, extra in
 * PostgreSQL and different (after re-checking), how many differences went away when re-checked, how the
 * comparison went, and an {@link #exitCode()} for scripts. {@link #toJson()} for machines, {@link #toText()}
 * for people. Immutable.
 *
 * @param entity           the mapping's table
 * @param legacyTable      the legacy table, as {@code LegacyTable.displayName()} shows it
 * @param postgresTable    the PostgreSQL table, schema-qualified
 * @param status           equal, different, or could not verify
 * @param method           by range checksums (bisecting the ranges that differ) or row by row throughout
 * @param checksumScheme   the {@link dev.cutover.legacy.LegacyDialect.ChecksumScheme} both databases computed, or
 *                         {@code null} without checksums
 * @param checksumFallback why rows were compared one by one where checksums were wanted, or {@code null}
 * @param startedAt        when the verification started
 * @param duration         how long it took
 * @param legacyCount      the legacy table's row count at the start, or -1 if it could not be counted
 * @param postgresCount    the PostgreSQL table's row count at the start, or -1 if it could not be counted
 * @param missing          rows in legacy, not in PostgreSQL
 * @param extra            rows in PostgreSQL, not in legacy
 * @param different        rows on both sides with different values
 * @param unreadable       rows one side holds but cannot read (a value that does not fit its column), each listed with
 *                         its key, side, column and reason: never taken as equal
 * @param transientRows    rows found missing, extra or different that were equal when re-checked (a write in
 *                         flight, a mirror catching up); not counted above
 * @param mismatches       the rows missing, extra, different or unreadable, up to {@link VerifyConfig#maxListed()}
 * @param statistics       what was read and computed
 * @param failure          why the verification could not finish, or {@code null}
 * @param columns          the columns compared, and those not compared with why
 */
public record VerifyReport(String entity, String legacyTable, String postgresTable, Status status, Method method,
        String checksumScheme, String checksumFallback, Instant startedAt, Duration duration, long legacyCount, long postgresCount,
        long missing, long extra, long different, long unreadable, long transientRows, List<RowMismatch> mismatches,
        VerifyStatistics statistics, String failure, ColumnsCompared columns) {

    public VerifyReport {
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(method, "method");
        mismatches = List.copyOf(mismatches);
        Objects.requireNonNull(statistics, "statistics");
        Objects.requireNonNull(columns, "columns");
    }

    /** The outcome. */
    public enum Status {
        /** Every row is the same on both sides. */
        EQUAL,
        /** Some rows are missing, extra, different or unreadable. */
        DIFFERENT,
        /** The verification could not finish (see {@link #failure()}); what it found until then is kept. */
        FAILED
    }

    /** How rows were compared. */
    public enum Method {
        /** Key ranges by checksum on both databases, reading only the rows of ranges whose checksums differ. */
        CHECKSUM,
        /** Every row read from both sides and compared. */
        ROW_BY_ROW
    }

    /** For scripts: 0 every row equal, 1 differences found, 2 could not verify. */
    public int exitCode() {
        return switch (status) {
            case EQUAL -> 0;
            case DIFFERENT -> 1;
            case FAILED -> 2;
        };
    }

    /** Rows missing, extra, different or unreadable in all (listed or not). */
    public long mismatchCount() {
        return missing + extra + different + unreadable;
    }

    /** The report as one JSON object, with {@code exitCode} added. */
    public String toJson() {
        return ReportJson.write(this, exitCode());
    }

    /** The report for people: a summary, then one line per listed row. */
    public String toText() {
        StringBuilder text = new StringBuilder();
        text.append("Verify ").append(entity).append(" (legacy ").append(legacyTable).append(", postgres ")
                .append(postgresTable).append("): ").append(status).append(", exit code ").append(exitCode()).append('\n');
        text.append("  columns ").append(columns.describe()).append('\n');
        text.append("  rows: legacy ").append(count(legacyCount)).append(", postgres ").append(count(postgresCount))
                .append('\n');
        if (method == Method.CHECKSUM) {
            text.append("  by checksum (").append(checksumScheme).append("): ").append(statistics.ranges()).append(statistics.ranges() == 1 ? " range, " : " ranges, ")
                    .append(statistics.rangesEqual()).append(" equal (").append(statistics.rowsEqualByChecksum())
                    .append(" rows), ").append(statistics.bisections()).append(" bisections, ")
                    .append(statistics.checksumQueries()).append(" checksum queries\n");
        } else {
            text.append("  row by row").append(checksumFallback == null ? "" : ": " + checksumFallback).append('\n');
        }
        if (method == Method.CHECKSUM && checksumFallback != null) {
            text.append("  row by row in part: ").append(checksumFallback).append('\n');
        }
        text.append("  rows read: legacy ").append(statistics.legacyRowsRead()).append(", postgres ")
                .append(statistics.postgresRowsRead()).append(", compared ").append(statistics.rowsCompared())
                .append(", re-checked ").append(statistics.rowsRechecked()).append('\n');
        text.append("  missing in postgres: ").append(missing).append(", extra in postgres: ").append(extra)
                .append(", different: ").append(different).append(", unreadable: ").append(unreadable)
                .append(", transient (equal when re-checked): ")
                .append(transientRows).append('\n');
        mismatches.forEach(m -> text.append("  ").append(m).append('\n'));
        if (mismatchCount() > mismatches.size()) {
            text.append("  ... and ").append(mismatchCount() - mismatches.size()).append(" more rows not listed\n");
        }
        if (failure != null) {
            text.append("  could not verify: ").append(failure).append('\n');
        }
        text.append(String.format(Locale.ROOT, "  took %.3f s", duration.toNanos() / 1e9));
        return text.toString();
    }

    private static String count(long count) {
        return count < 0 ? "unknown" : Long.toString(count);
    }

    @Override
    public String toString() {
        return toText();
    }
}
