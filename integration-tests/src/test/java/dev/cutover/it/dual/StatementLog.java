package dev.cutover.it.dual;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The statements one thread sends through a {@link DataSource}: each execution (a batch counts once: one round trip),
 * and each {@code commit} or {@code rollback} of a connection not in autocommit, by their SQL. A JDBC wrapper, so that a
 * test can count the round trips of a call; other threads (the reconciler's) are not logged.
 */
final class StatementLog {
    private static final Set<String> EXECUTIONS = Set.of("execute", "executeQuery", "executeUpdate", "executeBatch",
            "executeLargeUpdate", "executeLargeBatch");

    private final List<String> statements = new ArrayList<>();
    private volatile Thread watched;

    /** Starts logging the calling thread's statements, forgetting those logged before. */
    synchronized void watch() {
        statements.clear();
        watched = Thread.currentThread();
    }

    synchronized List<String> statements() {
        return List.copyOf(statements);
    }

    private synchronized void log(String sql) {
        if (Thread.currentThread() == watched) {
            statements.add(sql);
        }
    }

    DataSource wrap(DataSource dataSource) {
        return proxy(DataSource.class, dataSource, (target, method, args) -> {
            Object result = call(target, method, args);
            return result instanceof Connection connection ? connection(connection) : result;
        });
    }

    private Connection connection(Connection connection) {
        return proxy(Connection.class, connection, (target, method, args) -> {
            String name = method.getName();
            if ((name.equals("commit") || name.equals("rollback")) && (args == null || args.length == 0)
                    && !connection.getAutoCommit()) {
                log(name.toUpperCase(java.util.Locale.ROOT));
            }
            Object result = call(target, method, args);
            if (result instanceof PreparedStatement prepared && name.equals("prepareStatement")) {
                String sql = (String) args[0];
                return proxy(PreparedStatement.class, prepared, (statement, m, a) -> {
                    if (EXECUTIONS.contains(m.getName()) && (a == null || a.length == 0)) {
                        log(sql);
                    }
                    return call(statement, m, a);
                });
            }
            if (result instanceof Statement statement && name.equals("createStatement")) {
                return proxy(Statement.class, statement, (s, m, a) -> {
                    if (EXECUTIONS.contains(m.getName()) && a != null && a.length > 0 && a[0] instanceof String sql) {
                        log(sql);
                    }
                    return call(s, m, a);
                });
            }
            return result;
        });
    }

    @FunctionalInterface
    private interface Handler<T> {
        Object handle(T target, Method method, Object[] args) throws Throwable;
    }

    private static <T> T proxy(Class<T> type, T target, Handler<T> handler) {
        InvocationHandler invocation = (proxy, method, args) -> handler.handle(target, method, args);
        return type.cast(Proxy.newProxyInstance(StatementLog.class.getClassLoader(), new Class<?>[] {type}, invocation));
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
