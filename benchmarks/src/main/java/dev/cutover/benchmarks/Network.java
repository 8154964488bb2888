package dev.cutover.benchmarks;

import dev.cutover.testkit.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.netcrusher.core.reactor.NioReactor;
import org.netcrusher.core.throttle.DelayThrottler;
import org.netcrusher.tcp.TcpCrusher;
import org.netcrusher.tcp.TcpCrusherBuilder;

/**
 * What lies between a benchmark and its databases: nothing ({@link #DIRECT}), or an in-JVM TCP proxy per database
 * holding each packet {@code delay} microseconds in each direction (0: none), as a network would. The proxy's scheduler ticks every
 * millisecond, so a delay is in effect rounded up to the tick; {@link #describe} measures the round trip.
 */
final class Network implements AutoCloseable {
    private static final Pattern HOST_PORT = Pattern.compile("jdbc:postgresql://([^/:?]+)(?::(\\d+))?/(.*)");

    /** How to reach one database. */
    record Endpoint(String jdbcUrl, String username, String password) {
    }

    /** The delay that means no proxy at all. */
    static final long DIRECT = -1;

    private final long delayMicros;
    private final NioReactor reactor;
    private final List<TcpCrusher> proxies = new ArrayList<>();

    Network(long delayMicros) {
        this.delayMicros = delayMicros;
        try {
            this.reactor = delayMicros == DIRECT ? null : new NioReactor(1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Endpoint reach(TestDatabase database) {
        if (delayMicros == DIRECT) {
            return new Endpoint(database.jdbcUrl(), database.username(), database.password());
        }
        Matcher matcher = HOST_PORT.matcher(database.jdbcUrl());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("Cannot put a proxy in front of " + database);
        }
        int port = matcher.group(2) == null ? 5432 : Integer.parseInt(matcher.group(2));
        try {
            int proxyPort;
            try (ServerSocket probe = new ServerSocket(0)) {
                proxyPort = probe.getLocalPort();
            }
            TcpCrusherBuilder builder = TcpCrusherBuilder.builder().withReactor(reactor)
                    .withBindAddress("127.0.0.1", proxyPort)
                    .withConnectAddress(matcher.group(1), port)
                    .withTcpNoDelay(true);
            if (delayMicros > 0) {
                builder.withIncomingThrottlerFactory(address -> new DelayThrottler(delayMicros, TimeUnit.MICROSECONDS))
                        .withOutgoingThrottlerFactory(address -> new DelayThrottler(delayMicros, TimeUnit.MICROSECONDS));
            }
            TcpCrusher proxy = builder.buildAndOpen();
            proxies.add(proxy);
            return new Endpoint("jdbc:postgresql://127.0.0.1:" + proxyPort + "/" + matcher.group(3), database.username(),
                    database.password());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "" without a proxy; else the delay and the median of 200 {@code SELECT 1} round trips through the proxy. */
    String describe(Endpoint endpoint) {
        if (delayMicros == DIRECT) {
            return "";
        }
        Properties credentials = new Properties();
        if (endpoint.username() != null) {
            credentials.setProperty("user", endpoint.username());
        }
        if (endpoint.password() != null) {
            credentials.setProperty("password", endpoint.password());
        }
        long[] nanos = new long[200];
        try (Connection connection = DriverManager.getConnection(endpoint.jdbcUrl(), credentials);
                Statement statement = connection.createStatement()) {
            for (int i = 0; i < nanos.length; i++) {
                long start = System.nanoTime();
                statement.execute("SELECT 1");
                nanos[i] = System.nanoTime() - start;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot measure the round trip through the proxy: " + e.getMessage(), e);
        }
        Arrays.sort(nanos);
        return String.format(Locale.ROOT, "; through a TCP proxy delaying each direction %d us: SELECT 1 round trip %.0f us (median)",
                delayMicros, nanos[nanos.length / 2] / 1_000.0);
    }

    @Override
    public void close() {
        proxies.forEach(TcpCrusher::close);
        if (reactor != null) {
            reactor.close();
        }
    }
}
