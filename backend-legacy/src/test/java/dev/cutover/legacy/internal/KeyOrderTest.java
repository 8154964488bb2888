package dev.cutover.legacy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Rows merged from several chunks must come out in the order PostgreSQL's ORDER BY gives. */
class KeyOrderTest {

    @Test
    void shouldOrderUuidsAndNegativeNumbersAsPostgresqlDoes() throws SQLException {
        Random random = new Random(5);
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            rows.add(new Object[] {new UUID(random.nextLong(), random.nextLong()), (long) random.nextInt(7) - 3});
        }
        try (TestDatabase database = TestPostgres.server().createDatabase("keyorder")) {
            database.execute("CREATE TABLE k (u uuid, n bigint)");
            try (Connection connection = database.connect()) {
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO k VALUES (?, ?)")) {
                    for (Object[] row : rows) {
                        insert.setObject(1, row[0]);
                        insert.setObject(2, row[1]);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
                List<Object[]> expectedByUuid = query(connection, "SELECT u, n FROM k ORDER BY u");
                List<Object[]> expectedByNumberThenUuid = query(connection, "SELECT u, n FROM k ORDER BY n, u");

                List<Object[]> byUuid = new ArrayList<>(rows);
                byUuid.sort(new KeyOrder(new int[] {0}));
                List<Object[]> byNumberThenUuid = new ArrayList<>(rows);
                byNumberThenUuid.sort(new KeyOrder(new int[] {1, 0}));

                List<Object> javaUuidOrder = rows.stream().map(r -> (UUID) r[0]).sorted().map(u -> (Object) u).toList();
                assertThat(javaUuidOrder).as("UUID.compareTo is signed, so it cannot be used")
                        .isNotEqualTo(expectedByUuid.stream().map(r -> r[0]).toList());
                assertThat(byUuid).containsExactlyElementsOf(expectedByUuid);
                assertThat(byNumberThenUuid).containsExactlyElementsOf(expectedByNumberThenUuid);
            }
        }
    }

    private static List<Object[]> query(Connection connection, String sql) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                rows.add(new Object[] {result.getObject(1), result.getObject(2)});
            }
        }
        return rows;
    }
}
