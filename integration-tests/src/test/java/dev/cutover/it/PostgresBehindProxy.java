package dev.cutover.it;

import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.postgres.PostgresConfig;
import dev.cutover.testkit.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.netcrusher.core.reactor.NioReactor;
import org.netcrusher.tcp.TcpCrusher;
import org.netcrusher.tcp.TcpCrusherBuilder;

/**
 * A test database reached through a netcrusher TCP proxy on 127.0.0.1, so a test can cut live connections
 * ({@code closeAllPairs}: next call 08006), refuse new ones ({@code close}: 08001) or stall them ({@code freeze}).
 */
public final class PostgresBehindProxy implements AutoCloseable {
    private static final Pattern HOST_PORT = Pattern.compile("jdbc:postgresql://([^/:?]+)(?::(\\d+))?/(.*)");

    public final TcpCrusher crusher;
    private final NioReactor reactor;
    private final TestDatabase database;
    private final String jdbcUrl;

    public PostgresBehindProxy(TestDatabase database) {
        this.database = database;
        Matcher matcher = HOST_PORT.matcher(database.jdbcUrl());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("Cannot put a proxy in front of " + database);
        }
        int port = matcher.group(2) == null ? 5432 : Integer.parseInt(matcher.group(2));
        try {
            int proxyPort = freePort();
            reactor = new NioReactor();
            crusher = TcpCrusherBuilder.builder().withReactor(reactor)
                    .withBindAddress("127.0.0.1", proxyPort)
                    .withConnectAddress(matcher.group(1), port)
                    .buildAndOpen();
            jdbcUrl = "jdbc:postgresql://127.0.0.1:" + proxyPort + "/" + matcher.group(3);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    /** The database's URL through the proxy. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** An adapter whose one connection goes through the proxy: which connection a call gets is then certain. */
    PostgresAdapter adapter(Duration connectionTimeout) {
        return PostgresAdapter.create(PostgresConfig.custom()
                .jdbcUrl(jdbcUrl)
                .username(database.username())
                .password(database.password())
                .maximumPoolSize(1)
                .connectionTimeout(connectionTimeout)
                .build());
    }

    @Override
    public void close() {
        crusher.close();
        reactor.close();
    }
}
