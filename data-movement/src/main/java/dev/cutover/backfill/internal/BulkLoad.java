package dev.cutover.backfill.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Which tables a schema run may load in bulk ({@link dev.cutover.backfill.BackfillConfig#bulkLoad()}): those that are
 * empty and that the run has not planned yet, so that no application writes them and no earlier attempt of the run
 * decided otherwise. A table the run planned keeps what it had: the keys and indexes it dropped stay recorded and are
 * restored at the end. Stateless.
 */
final class BulkLoad {
    private BulkLoad() {
    }

    /** {@code tables} that are empty and that run {@code run} has not planned, in one query. */
    static List<String> emptyAndNew(Connection connection, String schema, String run, List<String> tables)
            throws SQLException {
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < tables.size(); i++) {
            sql.append(i == 0 ? "" : " UNION ALL ").append("SELECT ").append(i).append(" WHERE NOT EXISTS (SELECT 1 FROM ")
                    .append(Orphans.table(schema, tables.get(i))).append(") AND NOT EXISTS (SELECT 1 FROM "
                            + "cutover.backfill_runs WHERE run = ? AND entity = ?)");
        }
        List<String> bulk = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < tables.size(); i++) {
                statement.setString(2 * i + 1, run);
                statement.setString(2 * i + 2, tables.get(i));
            }
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    bulk.add(tables.get(result.getInt(1)));
                }
            }
        }
        return bulk;
    }
}
