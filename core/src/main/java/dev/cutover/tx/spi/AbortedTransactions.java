package dev.cutover.tx.spi;

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

    /** PgJDBC's connection interface as the connection's class loader sees it, or {@code null} where it has none. */
    private static final ClassValue<Class<?>> PG = new ClassValue<>() {
        @Override
        protected Class<?> computeValue(Class<?> type) {
            for (ClassLoader loader : new ClassLoader[] {type.getClassLoader(),
                    Thread.currentThread().getContextClassLoader(), AbortedTransactions.class.getClassLoader()}) {
                if (loader == null) {
                    continue;
                }
                try {
                    return Class.forName(PG_BASE_CONNECTION, false, loader);
                } catch (ClassNotFoundException | LinkageError e) {
                    // not on this loader: try the next
                }
            }
            return null;
        }
    };

    private AbortedTransactions() {
    }

    static boolean aborted(Connection connection) {
        Class<?> base = PG.get(connection.getClass());
        if (base == null) {
            return false;
        }
        try {
            if (!connection.isWrapperFor(base)) {
                return false;
            }
            Object state = base.getMethod("getTransactionState").invoke(connection.unwrap(base));
            return state instanceof Enum<?> value && value.name().equals("FAILED");
        } catch (SQLException | ReflectiveOperationException | RuntimeException e) {
            return false; // cannot tell: the commit decides, as before
        }
    }
}
