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
 * it and stops listening, so new ones are refused (as by a stopped server); {@link #restore()} listens again on the
 * same port.
 */
public final class PostgresProxy implements AutoCloseable {

    private final InetSocketAddress target;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private ServerSocket server;
    private Thread acceptor;

    public PostgresProxy(String targetHost, int targetPort) {
        this.target = new InetSocketAddress(targetHost, targetPort);
        listen(0);
        this.port = server.getLocalPort();
    }

    public int port() {
        return port;
    }

    /** Every connection through the proxy is closed, and new ones are refused, until {@link #restore()}. */
    public void cut() {
        Thread stopping;
        synchronized (this) {
            if (server.isClosed()) {
                return;
            }
            closeQuietly(server);
            open.forEach(PostgresProxy::closeQuietly);
            open.clear();
            stopping = acceptor;
        }
        try {
            // the port is released only once the thread blocked in accept() has returned
            stopping.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public synchronized void restore() {
        if (server.isClosed()) {
            listen(port);
        }
    }

    @Override
    public void close() {
        cut();
    }

    private synchronized void listen(int onPort) {
        try {
            server = new ServerSocket();
            server.setReuseAddress(true); // the connections just closed by cut() linger in TIME_WAIT on this port
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ServerSocket listening = server;
        acceptor = daemon(() -> acceptLoop(listening));
    }

    private void acceptLoop(ServerSocket listening) {
        while (!listening.isClosed()) {
            Socket client;
            Socket upstream = new Socket();
            try {
                client = listening.accept();
            } catch (IOException e) {
                return; // closed by cut()
            }
            try {
                upstream.connect(target);
            } catch (IOException e) {
                closeQuietly(client);
                closeQuietly(upstream);
                continue;
            }
            if (register(listening, client, upstream)) {
                daemon(() -> pipe(client, upstream));
                daemon(() -> pipe(upstream, client));
            }
        }
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
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
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

    private static Thread daemon(Runnable work) {
        Thread thread = new Thread(work, "postgres-proxy");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // already closed
        }
    }
}
