package dev.cutover.it;

import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.postgres.PostgresConfig;
import dev.cutover.testkit.TestDatabase;
import dev.cutover.testsupport.TcpProxy;
import java.time.Duration;
import org.netcrusher.tcp.TcpCrusher;

/**
 * A test database reached through a {@link TcpProxy} on 127.0.0.1, so a test can cut live connections
 * ({@code closeAllPairs}: next call 08006), refuse new ones ({@code close}: 08001) or stall them ({@code freeze}).
 */
public final class PostgresBehindProxy implements AutoCloseable {
    public final TcpCrusher crusher;
    private final TcpProxy proxy;
    private final TestDatabase database;

    public PostgresBehindProxy(TestDatabase database) {
        this.database = database;
        this.proxy = new TcpProxy(database.jdbcUrl());
        this.crusher = proxy.crusher();
    }

    /** The database's URL through the proxy. */
    public String jdbcUrl() {
        return proxy.jdbcUrl();
    }

    /** An adapter whose one connection goes through the proxy: which connection a call gets is then certain. */
    PostgresAdapter adapter(Duration connectionTimeout) {
        return PostgresAdapter.create(PostgresConfig.custom()
                .jdbcUrl(proxy.jdbcUrl())
                .username(database.username())
                .password(database.password())
                .maximumPoolSize(1)
                .connectionTimeout(connectionTimeout)
                .build());
    }

    @Override
    public void close() {
        proxy.close();
    }
}
