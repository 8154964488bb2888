package dev.cutover.sequences.internal;

import dev.cutover.Backend;
import dev.cutover.DataAccessException;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.sequences.SequenceException;
import dev.cutover.sequences.SequenceMove;
import dev.cutover.sequences.Sequences;
import dev.cutover.tx.TransactionalConnections;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;

/** The {@link Sequences} of {@link Sequences#of}. Thread-safe: no state besides the adapter. */
public final class DefaultSequences implements Sequences {
    /** How long a reset waits for writes in flight on a table before giving up on it. */
    static final String LOCK_TIMEOUT = "10s";

    /** Identity columns ('i') and owned sequences ('a') of one table, from pg_depend. */
    private static final String FIND = """
            SELECT a.attname, quote_ident(sn.nspname) || '.' || quote_ident(s.relname), d.deptype = 'i', q.seqincrement, q.seqmin, q.seqmax,
                   format_type(a.atttypid, a.atttypmod)
            FROM pg_depend d
            JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
            JOIN pg_namespace sn ON sn.oid = s.relnamespace
            JOIN pg_sequence q ON q.seqrelid = s.oid
            JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
            WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
              AND d.refobjid = ?::regclass
            ORDER BY a.attnum""";

    private final PostgresAdapter target;
    private final TransactionalConnections connections;

    public DefaultSequences(PostgresAdapter target) {
        this.target = target;
        this.connections = target.connections();
    }

    @Override
    public List<SequenceMove> reset(Collection<String> tables) {
        List<String> names = distinct(tables);
        plan(names); // every check first: nothing moves if one sequence cannot
        List<SequenceMove> moves = new ArrayList<>();
        for (String table : names) {
            moves.addAll(inTransaction(table, connection -> onTable(connection, table, true)));
        }
        return moves;
    }

    @Override
    public List<SequenceMove> plan(Collection<String> tables) {
        List<SequenceMove> moves = new ArrayList<>();
        for (String table : distinct(tables)) {
            moves.addAll(inTransaction(table, connection -> onTable(connection, table, false)));
        }
        return moves;
    }

    @Override
    public List<String> tables() {
        return inTransaction("*", connection -> {
            try (PreparedStatement statement = connection.prepareStatement("SELECT c.relname FROM pg_class c JOIN "
                    + "pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relkind IN ('r', 'p') "
                    + "AND NOT c.relispartition AND c.relname NOT LIKE '%schema\\_history' ORDER BY c.relname")) {
                statement.setString(1, target.schema());
                List<String> names = new ArrayList<>();
                try (ResultSet result = statement.executeQuery()) {
                    while (result.next()) {
                        names.add(result.getString(1));
                    }
                }
                return names;
            }
        });
    }

    private static List<String> distinct(Collection<String> tables) {
        if (tables == null) {
            throw new IllegalArgumentException("tables must not be null");
        }
        return List.copyOf(new LinkedHashSet<>(tables));
    }

    private List<SequenceMove> onTable(Connection connection, String table, boolean apply) throws SQLException {
        String qualified = quote(target.schema()) + "." + quote(table);
        if (!exists(connection, table)) {
            throw new SequenceException(null, "Table " + target.schema() + "." + table + " does not exist; tables in schema "
                    + target.schema() + ": " + String.join(", ", tables()));
        }
        if (apply) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET LOCAL lock_timeout = '" + LOCK_TIMEOUT + "'");
                statement.execute("LOCK TABLE " + qualified + " IN SHARE MODE");
            }
        }
        List<SequenceMove> moves = new ArrayList<>();
        try (PreparedStatement find = connection.prepareStatement(FIND)) {
            find.setString(1, qualified);
            try (ResultSet found = find.executeQuery()) {
                while (found.next()) {
                    Found f = new Found(table, found.getString(1), found.getString(2), found.getBoolean(3), found.getLong(4),
                            found.getLong(5), found.getLong(6), found.getString(7));
                    moves.add(move(connection, qualified, f, apply));
                }
            }
        }
        return moves;
    }

    private record Found(String table, String column, String sequence, boolean identity, long increment, long min, long max,
            String type) {
    }

    private SequenceMove move(Connection connection, String qualified, Found f, boolean apply) throws SQLException {
        boolean ascending = f.increment() > 0;
        OptionalLong extreme = OptionalLong.empty();
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT " + (ascending ? "max" : "min") + "(" + quote(f.column())
                        + ")::bigint FROM " + qualified)) {
            result.next();
            long value = result.getLong(1);
            if (!result.wasNull()) {
                extreme = OptionalLong.of(value);
            }
        }
        long lastValue;
        boolean called;
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT last_value, is_called FROM " + f.sequence())) {
            result.next();
            lastValue = result.getLong(1);
            called = result.getBoolean(2);
        }
        long next = called ? saturated(lastValue, f.increment()) : lastValue;
        boolean behind = extreme.isPresent() && (ascending ? extreme.getAsLong() >= next : extreme.getAsLong() <= next);
        if (!behind) {
            return new SequenceMove(f.table(), f.column(), f.sequence(), f.identity(), extreme, next, next, false);
        }
        long value = extreme.getAsLong();
        long after = saturated(value, f.increment());
        if (ascending ? after > f.max() || after < value : after < f.min() || after > value) {
            throw new SequenceException(f.sequence(), tooFar(f, qualified, value, ascending));
        }
        if (apply) {
            try (PreparedStatement statement = connection.prepareStatement("SELECT setval(?::regclass, ?, true)")) {
                statement.setString(1, f.sequence());
                statement.setLong(2, value);
                statement.execute();
            }
        }
        return new SequenceMove(f.table(), f.column(), f.sequence(), f.identity(), extreme, next, after, true);
    }

    private static long saturated(long value, long increment) {
        try {
            return Math.addExact(value, increment);
        } catch (ArithmeticException e) {
            return increment > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
    }

    /** The message for a sequence that has no value left past its column's: which limit, and how to lift it. */
    private String tooFar(Found f, String qualified, long value, boolean ascending) {
        String limit = ascending ? "MAXVALUE " + f.max() : "MINVALUE " + f.min();
        String message = "Sequence " + f.sequence() + " (of " + target.schema() + "." + f.table() + "." + f.column()
                + ") cannot move past the copied " + (ascending ? "maximum " : "minimum ") + value + ": its " + limit
                + " leaves no value for the next insert. ";
        long typeLimit = switch (f.type()) {
            case "smallint" -> ascending ? Short.MAX_VALUE : Short.MIN_VALUE;
            case "integer" -> ascending ? Integer.MAX_VALUE : Integer.MIN_VALUE;
            default -> ascending ? Long.MAX_VALUE : Long.MIN_VALUE;
        };
        String column = qualified + " ALTER COLUMN " + quote(f.column());
        String bound = ascending ? "MAXVALUE " : "MINVALUE ";
        if ((ascending ? f.max() < typeLimit : f.min() > typeLimit)) {
            return message + "Raise it to the column type's limit: " + (f.identity()
                    ? "ALTER TABLE " + column + " SET " + bound + typeLimit
                    : "ALTER SEQUENCE " + f.sequence() + " " + bound + typeLimit) + "; then reset again.";
        }
        if (!f.type().equals("bigint")) {
            return message + "Widen the column (" + f.type() + ") and its sequence to bigint: ALTER TABLE " + column
                    + " TYPE bigint" + (f.identity() ? "" : "; ALTER SEQUENCE " + f.sequence() + " AS bigint")
                    + "; then reset again.";
        }
        return message + "The column is bigint, which has no wider type: its ids have reached " + typeLimit
                + "; give new rows ids from another sequence (ALTER TABLE " + column + " SET DEFAULT ...).";
    }

    private boolean exists(Connection connection, String table) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM pg_class c JOIN pg_namespace n "
                + "ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('r', 'p')")) {
            statement.setString(1, target.schema());
            statement.setString(2, table);
            try (ResultSet result = statement.executeQuery()) {
                return result.next();
            }
        }
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private <T> T inTransaction(String table, dev.cutover.tx.SqlFunction<T> work) {
        try {
            return connections.inOwnTransaction(work);
        } catch (SQLException e) {
            String why = "55P03".equals(e.getSQLState()) ? ": writes in flight held the table longer than " + LOCK_TIMEOUT
                    + "; run the reset again (it changes nothing that is already past)" : ": " + e.getMessage();
            throw new DataAccessException(Backend.POSTGRES, "Resetting the sequences of " + target.schema() + "." + table
                    + " failed" + why, e);
        }
    }

    @Override
    public String toString() {
        return "Sequences[" + target.schema() + "]";
    }
}
