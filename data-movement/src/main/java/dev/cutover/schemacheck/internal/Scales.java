package dev.cutover.schemacheck.internal;

import dev.cutover.Backend;
import dev.cutover.DataAccessException;
import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyDialect;
import dev.cutover.legacy.LegacyTable;
import dev.cutover.mapping.Column;
import dev.cutover.mapping.EntityMapping;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.tx.TransactionalConnections;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * An undeclared rounding: a NUMERIC mapping column read natively from a legacy decimal with more fractional digits
 * than the target's {@code numeric(p, s)} keeps, which the copy would round silently. Stateless.
 */
final class Scales {
    // information_schema on both engines; NUMERIC_SCALE is NULL for an unconstrained PostgreSQL numeric.
    private static final String SCALE = """
            SELECT DATA_TYPE, NUMERIC_SCALE FROM information_schema.COLUMNS
            WHERE TABLE_SCHEMA = %s AND TABLE_NAME = ? AND COLUMN_NAME = ?""";

    private Scales() {
    }

    /** The problem, naming the declarations that make the rounding explicit; empty if nothing would be rounded. */
    static Optional<String> rounding(LegacyAdapter legacy, PostgresAdapter postgres, LegacyTable table,
            EntityMapping<?, ?> mapping, Column column) {
        String legacyColumn = table.legacyName(column.name());
        boolean mariadb = legacy.dialect() == LegacyDialect.mariadb();
        Scale target = scale(postgres.connections(), "coalesce(?, current_schema())", postgres.schema(), mapping.table(),
                column.name(), Backend.POSTGRES);
        Scale source = scale(legacy.connections(), mariadb ? "COALESCE(?, DATABASE())" : "coalesce(?, current_schema())",
                table.schema().orElse(null), table.name(), legacyColumn, Backend.LEGACY);
        if (target == null || source == null || target.scale() == null || !source.type().matches("decimal|numeric")) {
            return Optional.empty(); // an unconstrained target numeric keeps every digit; integers have none to lose
        }
        if (source.scale() != null && source.scale() <= target.scale()) {
            return Optional.empty();
        }
        int digits = target.scale();
        return Optional.of("column " + legacyColumn + " (mapping column " + column.name() + ", NUMERIC) is " + source.type()
                + (source.scale() == null ? " without a scale" : " with " + source.scale() + " fractional digits")
                + ", but postgres column " + column.name() + " keeps " + digits + ", so the copy would round such values "
                + "silently: declare .convert(\"" + column.name() + "\", Conversion.decimal(" + digits + ")) to quarantine "
                + "them, or .convert(\"" + column.name() + "\", Conversion.decimal(" + digits
                + ", Conversion.OnRounding.REPORT)) to copy them rounded and have verify list them");
    }

    private record Scale(String type, Integer scale) {
    }

    private static Scale scale(TransactionalConnections connections, String schemaExpression, String schema, String table,
            String column, Backend side) {
        try {
            Connection connection = connections.acquire();
            try (PreparedStatement statement = connection.prepareStatement(SCALE.formatted(schemaExpression))) {
                statement.setString(1, schema);
                statement.setString(2, table);
                statement.setString(3, column);
                try (ResultSet result = statement.executeQuery()) {
                    if (!result.next()) {
                        return null;
                    }
                    int scale = result.getInt(2);
                    return new Scale(result.getString(1).toLowerCase(java.util.Locale.ROOT), result.wasNull() ? null : scale);
                }
            } finally {
                connections.release(connection);
            }
        } catch (SQLException e) {
            throw new DataAccessException(side, "Schema check of the scale of " + table + "." + column + " failed: "
                    + e.getMessage(), e);
        }
    }
}
