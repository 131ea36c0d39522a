package io.jwtauth.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy between the service and PostgreSQL, for outage tests: {@link #cut()} closes every connection through
 * it and refuses new ones (as a stopped server does), {@link #restore()} accepts again on the same port.
 */
public final class PostgresProxy implements AutoCloseable {

    private final InetSocketAddress target;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;

    public PostgresProxy(String targetHost, int targetPort) {
        this.target = new InetSocketAddress(targetHost, targetPort);
        this.server = listen(0);
        this.port = server.getLocalPort();
        accept(server);
    }

    public int port() {
        return port;
    }

    /** Every connection through the proxy is closed, and new ones are refused, until {@link #restore()}. */
    public synchronized void cut() {
        closeQuietly(server);
        open.forEach(PostgresProxy::closeQuietly);
        open.clear();
    }

    public synchronized void restore() {
        if (server.isClosed()) {
            server = listen(port);
            accept(server);
        }
    }

    @Override
    public void close() {
        cut();
    }

    private static ServerSocket listen(int port) {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void accept(ServerSocket listening) {
        daemon(() -> {
            while (!listening.isClosed()) {
                Socket client = null;
                Socket upstream = new Socket();
                try {
                    client = listening.accept();
                    upstream.connect(target);
                } catch (IOException e) {
                    // closed by cut(), or PostgreSQL refused: the client sees its connection end
                    closeQuietly(upstream);
                    if (client != null) {
                        closeQuietly(client);
                    }
                    continue;
                }
                if (!register(listening, client, upstream)) {
                    continue;
                }
                Socket in = client;
                daemon(() -> pipe(in, upstream));
                daemon(() -> pipe(upstream, in));
            }
        });
    }

    /** Tracks the pair, unless a cut came in between (then it is closed at once). */
    private synchronized boolean register(ServerSocket listening, Socket client, Socket upstream) {
        if (listening.isClosed()) {
            closeQuietly(client);
            closeQuietly(upstream);
            return false;
        }
        open.add(client);
        open.add(upstream);
        return true;
    }

    private void pipe(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // one side closed
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static void daemon(Runnable work) {
        Thread thread = new Thread(work, "postgres-proxy");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // already closed
        }
    }
}
