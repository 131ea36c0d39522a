package io.jwtauth.auth;

import io.jwtauth.common.AuthConfig;
import io.jwtauth.session.IssuedRefreshToken;
import io.jwtauth.token.AccessTokenIssuer;
import io.jwtauth.common.TokenResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Duration;

/**
 * Turns an issued refresh token into the HTTP answer: a fresh access token beside it, and the refresh token (and a
 * login's device token) in the body or — with {@code X-Refresh-Transport: cookie} — in HttpOnly, Secure,
 * SameSite=Strict cookies.
 */
@ApplicationScoped
public class TokenPairs {

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

    TokenPairs(AccessTokenIssuer accessTokens, Clock clock, AuthConfig config) {
        this.accessTokens = accessTokens;
        this.clock = clock;
        this.secureCookie = config.refreshToken().cookieSecure();
        this.deviceCookieSeconds = (int) Math.min(Integer.MAX_VALUE, config.deviceToken().lifespan().toSeconds());
    }

    public static boolean wantsCookie(String transportHeader) {
        return COOKIE_TRANSPORT.equalsIgnoreCase(transportHeader);
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
        String access = accessTokens.issue(new AccessTokenIssuer.Subject(issued.user().id, issued.user().email,
                issued.user().roleSet(), issued.session().id, issued.user().tokenVersion));
        // whole seconds, rounded up: a fresh token reports its full lifetime
        long refreshSeconds = Math.max(0, (Duration.between(clock.instant(), issued.expiresAt()).toMillis() + 999) / 1000);
        TokenResponse body = new TokenResponse(access, "Bearer", accessTokens.lifespanSeconds(), issued.token(),
                refreshSeconds, deviceToken);
        Response.ResponseBuilder rb = Response.ok().header("Cache-Control", "no-store").header("Pragma", "no-cache");
        if (wantsCookie(transportHeader)) {
            rb.cookie(cookie(COOKIE, COOKIE_PATH, issued.token(), (int) Math.min(Integer.MAX_VALUE, refreshSeconds)));
            if (deviceToken != null) {
                rb.cookie(cookie(DEVICE_COOKIE, DEVICE_COOKIE_PATH, deviceToken, deviceCookieSeconds));
            }
            body = body.withoutRefreshToken();
        }
        return rb.entity(body).build();
    }

    /** The cookie that removes the refresh token from the browser (logout). */
    NewCookie clearedCookie() {
        return cookie(COOKIE, COOKIE_PATH, "", 0);
    }

    private NewCookie cookie(String name, String path, String value, int maxAge) {
        return new NewCookie.Builder(name).value(value).path(path).maxAge(maxAge).httpOnly(true)
                .secure(secureCookie).sameSite(NewCookie.SameSite.STRICT).build();
    }
}
