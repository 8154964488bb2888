package dev.cutover.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.DataAccessException;
import dev.cutover.postgres.CutoverSchema;
import dev.cutover.reference.Mappings;
import dev.cutover.reference.ReferenceData;
import dev.cutover.reference.legacy.LegacyTables;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Reports saved in cutover.verify_reports, newest first. */
class VerifyReportsTest {
    private static ReferencePair pair;

    @BeforeAll
    static void load() {
        pair = ReferencePair.create("verify_reports");
        pair.load(ReferenceData.generate(3, 2, 50));
    }

    @AfterAll
    static void close() {
        pair.close();
    }

    @Test
    void shouldSaveReportsAndReadTheLatest() throws Exception {
        Verifier<dev.cutover.reference.Client, Long> clients = Verifier.of(Mappings.CLIENTS, pair.legacy,
                LegacyTables.CLIENTS, pair.postgres, VerifyConfig.custom().recheckDelay(Duration.ZERO).build());
        assertThatThrownBy(() -> VerifyReports.save(pair.postgres, clients.verify()))
                .isInstanceOf(DataAccessException.class)
                .hasMessageStartingWith("Saving the verify report of clients failed (SQLState 42P01): ERROR: relation "
                        + "\"cutover.verify_reports\" does not exist");
        CutoverSchema.migrate(pair.postgres);

        long first = VerifyReports.save(pair.postgres, clients.verify());
        pair.targetDatabase.execute("DELETE FROM clients WHERE id = 7");
        VerifyReport different = clients.verify();
        long second = VerifyReports.save(pair.postgres, different);

        assertThat(second).isGreaterThan(first);
        JsonNode latest = new ObjectMapper().readTree(VerifyReports.latestJson(pair.postgres, "clients").orElseThrow());
        assertThat(latest.get("status").asText()).isEqualTo("DIFFERENT");
        assertThat(latest.get("mismatches").get(0).get("key").get("id").asLong()).isEqualTo(7);
        assertThat(pair.targetDatabase.queryLong("SELECT missing FROM cutover.verify_reports WHERE id = ?", second))
                .isEqualTo(1);
        assertThat(VerifyReports.latestJson(pair.postgres, "bookings")).isEmpty();

        pair.legacyDatabase.execute("UPDATE tbl_clients SET ai_ctx = '{\"tone\": warm}' WHERE client_id = 9");
        long third = VerifyReports.save(pair.postgres, clients.verify());
        assertThat(pair.targetDatabase.queryLong("SELECT unreadable FROM cutover.verify_reports WHERE id = ?", third))
                .isEqualTo(1);
        assertThat(pair.targetDatabase.queryLong("SELECT unreadable FROM cutover.verify_reports WHERE id = ?", first)).isZero();

        assertThat(VerifyReports.latest(pair.postgres)).singleElement().satisfies(saved -> {
            assertThat(saved.id()).isEqualTo(third);
            assertThat(saved.entity()).isEqualTo("clients");
            assertThat(saved.status()).isEqualTo("DIFFERENT");
            assertThat(saved.missing()).isEqualTo(1);
            assertThat(saved.unreadable()).isEqualTo(1);
            assertThat(saved.startedAt()).isBeforeOrEqualTo(java.time.Instant.now());
        });
    }
}
