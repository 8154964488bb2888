package dev.cutover.it.dual;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.netcrusher.core.reactor.NioReactor;
import org.netcrusher.tcp.TcpCrusher;
import org.netcrusher.tcp.TcpCrusherBuilder;

/**
 * A netcrusher TCP proxy in front of a PostgreSQL or MariaDB server, for one JDBC URL: {@link #down()} cuts its live
 * connections and refuses new ones (an outage, or a killed process's connections), {@link #up()} lets them through again.
 */
final class TcpProxy implements AutoCloseable {
    private static final Pattern URL = Pattern.compile("jdbc:(postgresql|mariadb|mysql)://([^/:?]+)(?::(\\d+))?/(.*)");

    private final TcpCrusher crusher;
    private final String jdbcUrl;

    TcpProxy(NioReactor reactor, String targetUrl) {
        Matcher matcher = URL.matcher(targetUrl);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("Cannot put a proxy in front of " + targetUrl);
        }
        String scheme = matcher.group(1);
        int port = matcher.group(3) != null ? Integer.parseInt(matcher.group(3)) : scheme.equals("postgresql") ? 5432 : 3306;
        try {
            int proxyPort = freePort();
            crusher = TcpCrusherBuilder.builder().withReactor(reactor)
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

    String jdbcUrl() {
        return jdbcUrl;
    }

    /** Refuses new connections and cuts the live ones. */
    void down() {
        if (crusher.isOpen()) {
            crusher.close();
        }
        crusher.closeAllPairs();
    }

    void up() {
        if (!crusher.isOpen()) {
            crusher.open();
        }
    }

    @Override
    public void close() {
        crusher.close();
    }
}
