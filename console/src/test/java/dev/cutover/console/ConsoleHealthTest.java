package dev.cutover.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The health page over the migration tables as the library writes them: outbox, mismatches, verify, backfill, quarantine. */
class ConsoleHealthTest {
    static ConsoleFixture fixture;

    @BeforeAll
    static void start() {
        fixture = new ConsoleFixture("console_health", Clock.systemUTC());
        fixture.db.execute(
                "INSERT INTO cutover.outbox (table_name, entity_key, created_at) VALUES ('notes', '[1]', now() - interval '90 seconds'),"
                        + " ('notes', '[2]', now())",
                "INSERT INTO cutover.shadow_mismatches (observed_at, repository, method, route, arguments, difference_count,"
                        + " differences) VALUES (now(), 'NoteRepository', 'findNote', 'legacy-dual', '[7]', 1,"
                        + " '[{\"path\": \"text\", \"legacy\": \"warm\", \"postgres\": \"cold\"}]'),"
                        + " (now() - interval '3 hours', 'NoteRepository', 'findNote', 'legacy-dual', '[8]', 1,"
                        + " '[{\"path\": \"text\", \"legacy\": \"a\", \"postgres\": \"b\"}]')",
                "INSERT INTO cutover.verify_reports (entity, legacy_table, postgres_table, started_at, duration_ms, status,"
                        + " exit_code, method, legacy_count, postgres_count, missing, extra, different, transient_rows, report)"
                        + " VALUES ('notes', 'tbl_notes', 'notes', now(), 1200, 'DIFFERENT', 1, 'ROW_BY_ROW', 1000, 998, 2, 0, 0,"
                        + " 0, '{}')",
                "INSERT INTO cutover.backfill_runs (run, entity, source, target_table, chunk_size, chunks, rows_estimate,"
                        + " planned_by, planned_at) VALUES ('run-7', 'notes', 'tbl_notes', 'notes', 500, 2, 1000, 'ops', now())",
                "INSERT INTO cutover.backfill_chunks (run, entity, chunk, status, rows_copied, rows_quarantined) VALUES"
                        + " ('run-7', 'notes', 0, 'done', 499, 1), ('run-7', 'notes', 1, 'pending', 0, 0)",
                "INSERT INTO cutover.backfill_quarantine (run, entity, key, chunk, reason, sqlstate, quarantined_at) VALUES"
                        + " ('run-7', 'notes', '[42]', 0, 'value too long for type character varying(20)', '22001', now())");
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void shouldShowTheBacklogMismatchesVerifyBackfillAndQuarantine() {
        HttpSession alice = new HttpSession(fixture);
        alice.login("alice", ConsoleFixture.ALICE_PASSWORD);
        HttpResponse<String> page = alice.get("/health");
        String html = page.body();

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(html).contains("table cutover.outbox (PostgreSQL)").containsPattern("Reconciler lag \\(the oldest"
                + " entry&#39;s age\\): (89|9\\d) s");
        assertThat(html).containsPattern("<td>NoteRepository\\.findNote</td><td>2</td>");
        assertThat(html).contains("<code>text</code>: legacy <code>&quot;warm&quot;</code>, postgres <code>&quot;cold&quot;</code>");
        assertThat(html).containsPattern("id=\"mismatch-chart\".*<svg.*<rect .*<rect ");
        assertThat(html).contains("id=\"backlog-chart\"");
        assertThat(html).contains("<td>notes</td><td class=\"bad\">DIFFERENT</td>");
        assertThat(html).contains("<progress max=\"2\" value=\"1\"></progress> 1 of 2 chunks", "499 of about 1000");
        assertThat(html).contains("value too long for type character varying(20)", "cutover quarantine retry --run run-7");
        assertThat(html).contains("app-1", "no dual-write");
    }
}
