package dev.cutover.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.legacy.LegacyDialect.KeyCondition;
import dev.cutover.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Why the MariaDB dialect expands keyset conditions: EXPLAIN shows a range scan for it, a full index scan otherwise. */
class MariaDbKeysetPlanTest {
    private static TestDatabase database;

    @BeforeAll
    static void createVisits() {
        database = MariaDbClients.createDatabase();
        database.execute(MariaDbClients.VISITS_DDL, "INSERT INTO tbl_visits (firm_id, visit_nr, service, starts_at) "
                + "SELECT seq % 50, seq, 'cut', '2024-01-01' FROM seq_1_to_20000", "ANALYZE TABLE tbl_visits");
    }

    @AfterAll
    static void dropVisits() {
        database.close();
    }

    /** EXPLAIN's access type for a page of 100 rows of the visits where {@code condition} holds. */
    private static String accessType(String condition, Integer... values) throws SQLException {
        try (Connection connection = database.connect(); PreparedStatement explain = connection.prepareStatement(
                "EXPLAIN SELECT * FROM tbl_visits WHERE " + condition + " ORDER BY firm_id, visit_nr LIMIT 100")) {
            for (int i = 0; i < values.length; i++) {
                explain.setInt(i + 1, values[i]);
            }
            try (ResultSet plan = explain.executeQuery()) {
                plan.next();
                assertThat(plan.getString("key")).isEqualTo("PRIMARY");
                return plan.getString("type");
            }
        }
    }

    @Test
    void shouldScanARangeOfTheKeyIndexWithTheExpandedCondition() throws SQLException {
        KeyCondition after = LegacyDialect.mariadb().keyAfter(List.of("`firm_id`", "`visit_nr`"), List.of("?", "?"));

        assertThat(after.keyColumnOfParameter()).containsExactly(0, 0, 1);
        assertThat(accessType(after.sql(), 10, 10, 510)).isEqualTo("range");
        assertThat(accessType("(firm_id, visit_nr) > (?, ?)", 10, 510)).isEqualTo("index");
        assertThat(accessType("(firm_id, visit_nr) IN ((?, ?), (?, ?))", 10, 510, 11, 511)).isEqualTo("range");
    }
}
