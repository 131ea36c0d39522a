package io.jwtauth.resourceserver;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny stand-in for the auth service, for the library's own tests only: it speaks the parts of API.md the library
 * reads (JWKS, {@code POST /oauth/token} with client_secret_basic, {@code GET /revocations} snapshot and
 * {@code GET /revocations/stream} with {@code Last-Event-ID}, heartbeat comments and 410 {@code cursor_expired}) over
 * a real socket, and lets a test publish events, drop or silence streams, stop and restart. It is not the auth
 * service: the end-to-end test runs the real one.
 */
final class AuthServiceFixture implements AutoCloseable {

    static final String CLIENT_ID = "resource-server-test";
    static final String CLIENT_SECRET = "fixture-secret-not-a-real-one";

    private static final SecureRandom RANDOM = new SecureRandom();

    final KeyPair keys;
    final String kid = UUID.randomUUID().toString();

    /** Lifetime of the client tokens it issues. */
    volatile Duration tokenLifetime = Duration.ofSeconds(900);
    /** Interval of the heartbeat comments on open streams. */
    volatile Duration heartbeat = Duration.ofMillis(200);
    /** While true, open streams send nothing at all (a stalled connection). */
    volatile boolean silent;

    final AtomicInteger tokensIssued = new AtomicInteger();
    final AtomicInteger tokenRequestsRefused = new AtomicInteger();
    final AtomicInteger expiredTokensPresented = new AtomicInteger();
    final AtomicInteger snapshots = new AtomicInteger();
    final AtomicInteger streamsOpened = new AtomicInteger();
    final AtomicInteger refusedRequests = new AtomicInteger();
    /** The Last-Event-ID of every stream request, in order ("" when absent). */
    final List<String> lastEventIds = new CopyOnWriteArrayList<>();

    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
    private final List<JsonObject> log = new ArrayList<>();
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "auth-service-fixture");
        thread.setDaemon(true);
        return thread;
    });
    private long lastId;
    private long oldestKept = 1;
    private int generation;
    private int port;
    private volatile HttpServer server;

    private AuthServiceFixture() throws NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        this.keys = generator.generateKeyPair();
    }

    static AuthServiceFixture start() throws IOException, NoSuchAlgorithmException {
        AuthServiceFixture fixture = new AuthServiceFixture();
        fixture.listen();
        return fixture;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Appends an event to the log (as the auth service does on a revocation) and returns its id. */
    synchronized long publish(String type, String sub, String sid, Long ver, String kid) {
        JsonObjectBuilder event = Json.createObjectBuilder()
                .add("id", String.valueOf(++lastId))
                .add("type", type)
                .add("at", Instant.now().toString());
        if (sub != null) {
            event.add("sub", sub);
        }
        if (sid != null) {
            event.add("sid", sid);
        }
        if (ver != null) {
            event.add("ver", ver);
        }
        if (kid != null) {
            event.add("kid", kid);
        }
        log.add(event.build());
        notifyAll();
        return lastId;
    }

    /** Prunes the log up to {@code id}: a cursor before it is answered 410 cursor_expired. */
    synchronized void keepOnlyFrom(long id) {
        oldestKept = id;
        log.removeIf(event -> Long.parseLong(event.getString("id")) < id);
    }

    /** Ends every open stream cleanly (as an instance shutting down does). */
    synchronized void dropStreams() {
        generation++;
        notifyAll();
    }

    /** Forgets every client token it issued, so the next request with one is answered 401. */
    void forgetTokens() {
        tokens.clear();
    }

    /** Stops listening and cuts every connection. */
    void stop() {
        HttpServer running = server;
        server = null;
        dropStreams();
        if (running != null) {
            running.stop(0);
        }
    }

    /** Listens again on the same port. */
    void restart() throws IOException {
        listen();
    }

    @Override
    public void close() {
        stop();
        executor.shutdownNow();
    }

    private void listen() throws IOException {
        HttpServer created = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        created.createContext("/.well-known/jwks.json", this::jwks);
        created.createContext("/oauth/token", this::token);
        created.createContext("/revocations", this::revocations);
        created.setExecutor(executor);
        created.start();
        port = created.getAddress().getPort();
        server = created;
    }

    private void jwks(HttpExchange exchange) throws IOException {
        RSAPublicKey key = (RSAPublicKey) keys.getPublic();
        JsonObject jwks = Json.createObjectBuilder()
                .add(
                        "keys",
                        Json.createArrayBuilder()
                                .add(Json.createObjectBuilder()
                                        .add("kty", "RSA")
                                        .add("kid", kid)
                                        .add("use", "sig")
                                        .add("alg", "RS256")
                                        .add("n", base64Url(key.getModulus()))
                                        .add("e", base64Url(key.getPublicExponent()))))
                .build();
        send(exchange, 200, "application/json", jwks.toString());
    }

    private void token(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String expected = "Basic "
                + Base64.getEncoder()
                        .encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        if (!"POST".equals(exchange.getRequestMethod())
                || !expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))
                || !"grant_type=client_credentials".equals(body)) {
            tokenRequestsRefused.incrementAndGet();
            exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"jwt-auth\"");
            send(exchange, 401, "application/json", "{\"error\":\"invalid_client\"}");
            return;
        }
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        tokens.put(token, Instant.now().plus(tokenLifetime));
        tokensIssued.incrementAndGet();
        send(
                exchange,
                200,
                "application/json",
                Json.createObjectBuilder()
                        .add("access_token", token)
                        .add("token_type", "Bearer")
                        .add("expires_in", tokenLifetime.toSeconds())
                        .build()
                        .toString());
    }

    private void revocations(HttpExchange exchange) throws IOException {
        if (!authorised(exchange)) {
            refusedRequests.incrementAndGet();
            exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"jwt-auth\"");
            send(exchange, 401, "application/problem+json", "{\"status\":401,\"code\":\"invalid_token\"}");
            return;
        }
        if ("/revocations".equals(exchange.getRequestURI().getPath())) {
            snapshot(exchange);
        } else if ("/revocations/stream".equals(exchange.getRequestURI().getPath())) {
            stream(exchange);
        } else {
            send(exchange, 404, "application/problem+json", "{\"status\":404}");
        }
    }

    private boolean authorised(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.startsWith("Bearer ")) {
            return false;
        }
        Instant expires = tokens.get(header.substring("Bearer ".length()));
        if (expires != null && expires.isBefore(Instant.now())) {
            expiredTokensPresented.incrementAndGet();
            return false;
        }
        return expires != null;
    }

    private void snapshot(HttpExchange exchange) throws IOException {
        String body;
        synchronized (this) {
            JsonArrayBuilder events = Json.createArrayBuilder();
            log.forEach(events::add);
            body = Json.createObjectBuilder()
                    .add("events", events)
                    .add("cursor", String.valueOf(lastId))
                    .build()
                    .toString();
        }
        snapshots.incrementAndGet();
        send(exchange, 200, "application/json", body);
    }

    private void stream(HttpExchange exchange) throws IOException {
        String lastEventId = exchange.getRequestHeaders().getFirst("Last-Event-ID");
        lastEventIds.add(lastEventId == null ? "" : lastEventId);
        long sent;
        int myGeneration;
        synchronized (this) {
            sent = lastEventId == null ? lastId : Long.parseLong(lastEventId);
            if (sent < oldestKept - 1) {
                send(
                        exchange,
                        410,
                        "application/problem+json",
                        "{\"status\":410,\"code\":\"cursor_expired\",\"detail\":\"take a snapshot\"}");
                return;
            }
            myGeneration = generation;
        }
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().add("Cache-Control", "no-store");
        exchange.sendResponseHeaders(200, 0);
        streamsOpened.incrementAndGet();
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(": connected\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            while (true) {
                List<JsonObject> pending = new ArrayList<>();
                synchronized (this) {
                    if (generation != myGeneration) {
                        return;
                    }
                    pending.addAll(after(sent));
                    if (pending.isEmpty() || silent) {
                        try {
                            wait(heartbeat.toMillis());
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                        if (generation != myGeneration) {
                            return;
                        }
                        pending.clear();
                        pending.addAll(after(sent));
                    }
                }
                if (silent) {
                    continue;
                }
                StringBuilder chunk = new StringBuilder();
                for (JsonObject event : pending) {
                    chunk.append("id: ")
                            .append(event.getString("id"))
                            .append("\ndata: ")
                            .append(event)
                            .append("\n\n");
                    sent = Long.parseLong(event.getString("id"));
                }
                if (pending.isEmpty()) {
                    chunk.append(": heartbeat\n\n");
                }
                out.write(chunk.toString().getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException e) {
            // the client went away, or stop() cut the connection
        }
    }

    private List<JsonObject> after(long id) {
        return log.stream()
                .filter(event -> Long.parseLong(event.getString("id")) > id)
                .toList();
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String base64Url(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
