package dev.cutover.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.netcrusher.core.reactor.NioReactor;
import org.netcrusher.tcp.TcpCrusher;
import org.netcrusher.tcp.TcpCrusherBuilder;

/**
 * A netcrusher TCP proxy on 127.0.0.1 in front of the PostgreSQL, MariaDB or MySQL server of one JDBC URL, so a test
 * can cut live connections ({@code crusher().closeAllPairs()}: the next call fails with 08006), refuse new ones
 * ({@code crusher().close()}: 08001), stall them ({@code crusher().freeze()}), or all of an outage at once with
 * {@link #down()} and {@link #up()}. Needs {@code netcrusher-core} on the test class path. Thread-safe as netcrusher is.
 */
public final class TcpProxy implements AutoCloseable {
    private static final Pattern URL = Pattern.compile("jdbc:(postgresql|mariadb|mysql)://([^/:?]+)(?::(\\d+))?/(.*)");

    private final TcpCrusher crusher;
    private final NioReactor ownedReactor;
    private final String jdbcUrl;

    /** A proxy with its own reactor thread, closed with it. */
    public TcpProxy(String targetUrl) {
        this(null, targetUrl);
    }

    /** A proxy on a reactor the caller shares between proxies and closes after them ({@code null}: its own). */
    public TcpProxy(NioReactor reactor, String targetUrl) {
        Matcher matcher = URL.matcher(targetUrl);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("Cannot put a proxy in front of '" + targetUrl
                    + "': expected jdbc:postgresql://, jdbc:mariadb:// or jdbc:mysql://host[:port]/database");
        }
        String scheme = matcher.group(1);
        int port = matcher.group(3) != null ? Integer.parseInt(matcher.group(3)) : scheme.equals("postgresql") ? 5432 : 3306;
        try {
            ownedReactor = reactor == null ? new NioReactor() : null;
            int proxyPort = freePort();
            crusher = TcpCrusherBuilder.builder().withReactor(reactor == null ? ownedReactor : reactor)
                    .withBindAddress("127.0.0.1", proxyPort)
                    .withConnectAddress(matcher.group(2), port)
                    .buildAndOpen();
            jdbcUrl = "jdbc:" + scheme + "://127.0.0.1:" + proxyPort + "/" + matcher.group(4);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    /** The target's URL through the proxy: same database and parameters, the proxy's host and port. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** The proxy itself, for finer faults (freeze, refuse without cutting). */
    public TcpCrusher crusher() {
        return crusher;
    }

    /** An outage: refuses new connections and cuts the live ones. */
    public void down() {
        if (crusher.isOpen()) {
            crusher.close();
        }
        crusher.closeAllPairs();
    }

    /** The end of an outage: accepts connections again. */
    public void up() {
        if (!crusher.isOpen()) {
            crusher.open();
        }
    }

    @Override
    public void close() {
        crusher.close();
        if (ownedReactor != null) {
            ownedReactor.close();
        }
    }
}
