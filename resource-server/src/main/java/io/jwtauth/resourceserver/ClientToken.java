package io.jwtauth.resourceserver;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * This API's own access token, from the auth service's token endpoint (RFC 6749 client credentials grant,
 * {@code client_secret_basic}), kept until shortly before it expires and then renewed.
 */
final class ClientToken {

    /** When the token endpoint gives no {@code expires_in}, the token is renewed after this long. */
    private static final Duration UNSTATED_LIFETIME = Duration.ofSeconds(60);
    /** A token is renewed this long before it expires, or a fifth of its lifetime before, whichever is shorter. */
    private static final Duration RENEWAL_MARGIN = Duration.ofSeconds(60);

    private final URI endpoint;
    private final String authorization;
    private final HttpClient http;
    private final Clock clock;
    private final Duration timeout;
    private String token;
    private Instant renewAt;

    ClientToken(URI endpoint, String clientId, String clientSecret, HttpClient http, Clock clock, Duration timeout) {
        this.endpoint = endpoint;
        // RFC 6749 2.3.1: the id and secret are form-encoded before they are joined and base64-encoded
        String credentials = URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8);
        this.authorization =
                "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
        this.http = http;
        this.clock = clock;
        this.timeout = timeout;
    }

    /** A token that is not about to expire, from the token endpoint if the one held is. */
    synchronized String get() throws IOException, InterruptedException, FeedException {
        if (token == null || renewalDue()) {
            fetch();
        }
        return token;
    }

    /** Whether the token held should be renewed now (false when none is held: the next {@link #get()} fetches). */
    synchronized boolean renewalDue() {
        return token != null && !clock.instant().isBefore(renewAt);
    }

    /** Forgets the token, e.g. after the auth service refused it: the next {@link #get()} asks for a new one. */
    synchronized void invalidate() {
        token = null;
    }

    private void fetch() throws IOException, InterruptedException, FeedException {
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Authorization", authorization)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                .build();
        Instant sent = clock.instant();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        JsonObject body = json(response.body());
        if (response.statusCode() != 200) {
            String error = body != null && body.get("error") instanceof JsonString code ? code.getString() : "";
            throw new FeedException(
                    response.statusCode(),
                    "the token endpoint refused this API's client credentials (" + response.statusCode() + " " + error
                            + "): check jwt-auth.client-id and jwt-auth.client-secret");
        }
        if (body == null || !(body.get("access_token") instanceof JsonString accessToken)) {
            throw new FeedException(0, "the token endpoint answered without an access_token");
        }
        Duration lifetime = body.get("expires_in") instanceof JsonNumber seconds && seconds.longValue() > 0
                ? Duration.ofSeconds(seconds.longValue())
                : UNSTATED_LIFETIME;
        Duration margin = lifetime.dividedBy(5).compareTo(RENEWAL_MARGIN) < 0 ? lifetime.dividedBy(5) : RENEWAL_MARGIN;
        token = accessToken.getString();
        renewAt = sent.plus(lifetime).minus(margin);
    }

    private static JsonObject json(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            return null;
        }
    }
}
