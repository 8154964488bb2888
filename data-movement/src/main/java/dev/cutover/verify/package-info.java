/**
 * Verify: proves that PostgreSQL holds what legacy holds for an entity. {@link dev.cutover.verify.Verifier} counts
 * both tables, cuts them into key ranges, compares ranges by checksums both databases compute where they can
 * (bisecting the ranges that differ) and rows one by one elsewhere, with the same normalisation as shadow reads,
 * re-checks rows that differ before reporting them, and returns a {@link dev.cutover.verify.VerifyReport}
 * (records, JSON, text, an exit code for scripts); {@link dev.cutover.verify.VerifyReports} keeps reports in
 * {@code cutover.verify_reports}. See docs/verify-and-schema-check.md. The engine is in
 * {@code dev.cutover.verify.internal}, which is not API.
 */
package dev.cutover.verify;
