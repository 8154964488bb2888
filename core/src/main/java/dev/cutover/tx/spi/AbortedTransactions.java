package dev.cutover.tx.spi;

import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Whether a connection's transaction was aborted by a failed statement, where the driver says so: PgJDBC's
 * {@code BaseConnection.getTransactionState()} is {@code FAILED}, and its COMMIT would be turned into a rollback without
 * an error (pgjdbc issue 1697). Read through reflection, once per connection class, so that core needs no driver; a
 * driver that does not say (MariaDB, which rolls back the failed statement only) answers {@code false}. No round trip.
 */
final class AbortedTransactions {
    private static final String PG_BASE_CONNECTION = "org.postgresql.core.BaseConnection";

    /** PgJDBC's connection interface and its state getter, as the connection's class loader sees them. */
    private record Probe(Class<?> type, Method state) {
    }

    private static final ClassValue<Probe> PROBES = new ClassValue<>() {
        @Override
        protected Probe computeValue(Class<?> connectionType) {
            for (ClassLoader loader : new ClassLoader[] {connectionType.getClassLoader(),
                    Thread.currentThread().getContextClassLoader(), AbortedTransactions.class.getClassLoader()}) {
                if (loader == null) {
                    continue;
                }
                try {
                    Class<?> type = Class.forName(PG_BASE_CONNECTION, false, loader);
                    return new Probe(type, type.getMethod("getTransactionState"));
                } catch (ClassNotFoundException | NoSuchMethodException | LinkageError e) {
                    // not on this loader: try the next
                }
            }
            return null;
        }
    };

    private AbortedTransactions() {
    }

    static boolean aborted(Connection connection) {
        Probe probe = PROBES.get(connection.getClass());
        if (probe == null) {
            return false;
        }
        try {
            if (!connection.isWrapperFor(probe.type())) {
                return false;
            }
            Object state = probe.state().invoke(connection.unwrap(probe.type()));
            return state instanceof Enum<?> value && value.name().equals("FAILED");
        } catch (SQLException | ReflectiveOperationException | RuntimeException e) {
            return false; // cannot tell: the commit decides, as before
        }
    }
}
