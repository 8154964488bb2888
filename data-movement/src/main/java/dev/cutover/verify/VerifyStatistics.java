package dev.cutover.verify;

/**
 * What a verification read and computed: how much of the table checksums settled, and how many rows had to be
 * read.
 *
 * @param ranges                 key ranges compared by checksum (0 when comparing row by row only)
 * @param rangesEqual            of those, ranges whose checksums were equal, so no row of them was read
 * @param rowsEqualByChecksum    legacy rows in those equal ranges
 * @param bisections             differing ranges split in two to find the rows that differ
 * @param checksumQueries        checksum queries run, both sides together
 * @param legacyRowsRead         legacy rows read to compare them (re-checks not included)
 * @param postgresRowsRead       PostgreSQL rows read to compare them (re-checks not included)
 * @param rowsCompared           rows compared one by one (keys seen on either side)
 * @param rowsRechecked          rows read again on both sides because they differed, once per re-check
 */
public record VerifyStatistics(long ranges, long rangesEqual, long rowsEqualByChecksum, long bisections,
        long checksumQueries, long legacyRowsRead, long postgresRowsRead, long rowsCompared, long rowsRechecked) {
}
