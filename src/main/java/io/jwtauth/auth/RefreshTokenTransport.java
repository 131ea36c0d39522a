package io.jwtauth.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jwtauth.auth.AuthRequests.RefreshRequest;
import io.jwtauth.common.AuthConfig;
import io.jwtauth.common.PlainText;
import io.jwtauth.common.Problems;
import io.jwtauth.common.TokenResponse;
import io.jwtauth.session.IssuedRefreshToken;
import io.jwtauth.token.AccessTokenIssuer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How refresh tokens travel, both ways: in the JSON body, or — with {@code X-Refresh-Transport: cookie} — in an
 * HttpOnly, Secure, SameSite=Strict cookie, accepted only together with that header (the CSRF guard). Reads the
 * presented token from a refresh or logout request; writes the token pair (and a login's device token) of an answer.
 */
@ApplicationScoped
public class RefreshTokenTransport {

    public static final String TRANSPORT_HEADER = "X-Refresh-Transport";
    public static final String COOKIE_TRANSPORT = "cookie";
    static final String COOKIE = "refresh_token";
    static final String COOKIE_PATH = "/auth";
    static final String DEVICE_COOKIE = "device";
    static final String DEVICE_COOKIE_PATH = "/auth/login";

    private final AccessTokenIssuer accessTokens;
    private final Clock clock;
    private final boolean secureCookie;
    private final int deviceCookieSeconds;
    private final ObjectMapper json;

    RefreshTokenTransport(AccessTokenIssuer accessTokens, Clock clock, AuthConfig config, ObjectMapper json) {
        this.json = json;
        this.accessTokens = accessTokens;
        this.clock = clock;
        this.secureCookie = config.refreshToken().cookieSecure();
        this.deviceCookieSeconds = (int)
                Math.min(Integer.MAX_VALUE, config.deviceToken().lifespan().toSeconds());
    }

    static boolean wantsCookie(String transportHeader) {
        return COOKIE_TRANSPORT.equalsIgnoreCase(transportHeader);
    }

    /**
     * The refresh token a refresh or logout request presents: from the JSON body (optional: absent with cookie or
     * bearer transport), or from the cookie when the client opted in with the header; empty if none.
     */
    Optional<String> presented(String body, String transportHeader, String cookie) throws JsonProcessingException {
        RefreshRequest request = body == null || body.isBlank() ? null : json.readValue(body, RefreshRequest.class);
        if (request != null && !PlainText.Validator.isPlain(request.refreshToken())) {
            throw Problems.invalidField("refresh_token", PlainText.MESSAGE);
        }
        if (request != null
                && request.refreshToken() != null
                && !request.refreshToken().isBlank()) {
            return Optional.of(request.refreshToken());
        }
        if (wantsCookie(transportHeader) && cookie != null && !cookie.isBlank()) {
            return Optional.of(cookie);
        }
        return Optional.empty();
    }

    /** The refresh token a refresh request must present: 400, or 401 for a cookie sent without the header. */
    String required(String body, String transportHeader, String cookie) throws JsonProcessingException {
        return presented(body, transportHeader, cookie)
                .orElseThrow(() -> cookie != null
                        ? Problems.INVALID_REFRESH_TOKEN.exception(
                                "The refresh cookie is accepted only with the header X-Refresh-Transport: cookie")
                        : Problems.invalidField("refresh_token", "must not be blank"));
    }

    /** 200 with the pair; every response carrying a token is {@code Cache-Control: no-store}. */
    public Response respond(IssuedRefreshToken issued, String transportHeader) {
        return respond(issued, transportHeader, null);
    }

    /** The same, for a login: with the device token the client keeps (in the body, or the device cookie). */
    Response respond(LoginService.LoggedIn loggedIn, String transportHeader) {
        return respond(loggedIn.issued(), transportHeader, loggedIn.deviceToken());
    }

    private Response respond(IssuedRefreshToken issued, String transportHeader, String deviceToken) {
        String access = accessTokens.issue(new AccessTokenIssuer.Subject(
                issued.user().id,
                issued.user().email,
                issued.user().emailVerified,
                issued.user().roleSet(),
                issued.session().id,
                issued.user().tokenVersion,
                List.of(issued.session().amr)));
        // whole seconds, rounded up: a fresh token reports its full lifetime
        long refreshSeconds = Math.max(
                0, (Duration.between(clock.instant(), issued.expiresAt()).toMillis() + 999) / 1000);
        TokenResponse body = new TokenResponse(
                access, "Bearer", accessTokens.lifespanSeconds(), issued.token(), refreshSeconds, deviceToken);
        Response.ResponseBuilder rb =
                Response.ok().header("Cache-Control", "no-store").header("Pragma", "no-cache");
        if (wantsCookie(transportHeader)) {
            rb.cookie(cookie(COOKIE, COOKIE_PATH, issued.token(), (int) Math.min(Integer.MAX_VALUE, refreshSeconds)));
            if (deviceToken != null) {
                rb.cookie(cookie(DEVICE_COOKIE, DEVICE_COOKIE_PATH, deviceToken, deviceCookieSeconds));
            }
            body = body.withoutRefreshToken();
        }
        return rb.entity(body).build();
    }

    /** 204 for a logout; with cookie transport, the cookie that removes the refresh token from the browser. */
    Response loggedOut(String transportHeader) {
        Response.ResponseBuilder rb = Response.noContent();
        if (wantsCookie(transportHeader)) {
            rb.cookie(clearedCookie());
        }
        return rb.build();
    }

    private NewCookie clearedCookie() {
        return cookie(COOKIE, COOKIE_PATH, "", 0);
    }

    private NewCookie cookie(String name, String path, String value, int maxAge) {
        return new NewCookie.Builder(name)
                .value(value)
                .path(path)
                .maxAge(maxAge)
                .httpOnly(true)
                .secure(secureCookie)
                .sameSite(NewCookie.SameSite.STRICT)
                .build();
    }
}
