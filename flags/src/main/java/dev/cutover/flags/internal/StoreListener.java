package dev.cutover.flags.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The one connection an instance listens on: channel {@value #CHANNEL}, which migration V203's trigger notifies, with the store's
 * new state, when a transaction changes the store, and a channel of its own that {@link #wake} notifies so that closing does not wait.
 * Used by the watcher's thread alone. Loads PgJDBC's classes only when opened: without PgJDBC, {@link #open} throws
 * {@link LinkageError} and the watcher polls.
 */
final class StoreListener implements AutoCloseable {
    static final String CHANNEL = "cutover_route_flag";
    private static final int STATEMENT_TIMEOUT_SECONDS = 5;

    /** What a wait ended with. */
    enum Wait {
        /** The store changed. */
        CHANGED,
        /** {@link #wake} was called. */
        WOKEN,
        /** Nothing within the timeout. */
        QUIET
    }

    private final Connection connection;
    private final PGConnection pg;
    private final String wakeChannel;

    private StoreListener(Connection connection, PGConnection pg, String wakeChannel) {
        this.connection = connection;
        this.pg = pg;
        this.wakeChannel = wakeChannel;
    }

    /**
     * A connection of {@code source} listening on the store's channel and on {@code wakeChannel}.
     *
     * @throws SQLException if it cannot connect or listen, or the connection is not PgJDBC's
     */
    static StoreListener open(DataSource source, String wakeChannel) throws SQLException {
        Connection connection = source.getConnection();
        try {
            if (!connection.isWrapperFor(PGConnection.class)) {
                throw new SQLException("the store's connections are not PgJDBC's (" + connection.getClass().getName()
                        + "), which LISTEN needs");
            }
            PGConnection pg = connection.unwrap(PGConnection.class);
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement()) {
                statement.setQueryTimeout(STATEMENT_TIMEOUT_SECONDS);
                statement.execute("LISTEN " + CHANNEL);
                statement.execute("LISTEN " + wakeChannel);
            }
            return new StoreListener(connection, pg, wakeChannel);
        } catch (SQLException | RuntimeException | Error e) {
            close(connection, e);
            throw e;
        }
    }

    /** What a wait heard: {@code payloads} of the store's channel, in the order they came, when its kind is {@link Wait#CHANGED}. */
    record Heard(Wait kind, List<String> payloads) {
    }

    /** Waits up to {@code timeout} for notifications; several pending ones are taken at once. */
    Heard await(Duration timeout) throws SQLException {
        PGNotification[] notifications = pg.getNotifications((int) Math.max(1, timeout.toMillis()));
        if (notifications == null || notifications.length == 0) {
            return new Heard(Wait.QUIET, List.of());
        }
        List<String> payloads = new ArrayList<>();
        for (PGNotification notification : notifications) {
            if (notification.getName().equals(CHANNEL)) {
                payloads.add(notification.getParameter());
            }
        }
        return new Heard(payloads.isEmpty() ? Wait.WOKEN : Wait.CHANGED, List.copyOf(payloads));
    }

    /** A round trip, so that a connection the network dropped without a word is found out. */
    void check() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(STATEMENT_TIMEOUT_SECONDS);
            statement.execute("SELECT 1");
        }
    }

    /** Ends a wait of the listener on {@code wakeChannel}, through another connection of {@code source}. */
    static void wake(DataSource source, String wakeChannel) throws SQLException {
        try (Connection connection = source.getConnection(); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(STATEMENT_TIMEOUT_SECONDS);
            statement.execute("NOTIFY " + wakeChannel);
        }
    }

    /** Stops listening and gives the connection back; a broken one fails its UNLISTEN, so that a pool drops it. */
    @Override
    public void close() {
        close(connection, null);
    }

    /** Breaks the connection from another thread, ending a wait on a connection that cannot be woken. */
    void abort() {
        try {
            connection.abort(Runnable::run);
        } catch (SQLException | RuntimeException e) {
            // Best effort: the thread's wait then ends at its timeout.
        }
    }

    private static void close(Connection connection, Throwable failure) {
        try (connection; Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(STATEMENT_TIMEOUT_SECONDS);
            statement.execute("UNLISTEN *");
        } catch (SQLException | RuntimeException e) {
            if (failure != null) {
                failure.addSuppressed(e);
            }
        }
    }

    @Override
    public String toString() {
        return "StoreListener[" + CHANNEL + ", " + wakeChannel + "]";
    }
}
