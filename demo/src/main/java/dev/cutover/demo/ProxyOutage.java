package dev.cutover.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import org.netcrusher.core.reactor.NioReactor;
import org.netcrusher.tcp.TcpCrusher;
import org.netcrusher.tcp.TcpCrusherBuilder;

/**
 * A TCP proxy in this JVM in front of a PostgreSQL the demo did not start (and so must not stop): the demo's
 * connections to that side go through it, and an outage closes their connections and refuses new ones.
 */
final class ProxyOutage implements ServerOutage {
    private final NioReactor reactor;
    private final TcpCrusher crusher;
    private final int proxyPort;
    private final String server;

    ProxyOutage(String host, int port) {
        try {
            proxyPort = freePort();
            reactor = new NioReactor();
            crusher = TcpCrusherBuilder.builder().withReactor(reactor)
                    .withBindAddress("127.0.0.1", proxyPort)
                    .withConnectAddress(host, port)
                    .buildAndOpen();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start a TCP proxy in front of " + host + ":" + port + ": " + e.getMessage(), e);
        }
        server = host + ":" + port;
    }

    static int freePort() {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not find a free port: " + e.getMessage(), e);
        }
    }

    int proxyPort() {
        return proxyPort;
    }

    @Override
    public String how() {
        return "cutting the in-JVM TCP proxy in front of " + server + " (a server the demo did not start, so it is not stopped)";
    }

    @Override
    public void cut() {
        crusher.close();
        crusher.closeAllPairs();
    }

    @Override
    public void restore() {
        if (!crusher.isOpen()) {
            crusher.open();
        }
    }

    @Override
    public void close() {
        if (crusher.isOpen()) {
            crusher.closeAllPairs();
        }
        crusher.close();
        reactor.close();
    }
}
