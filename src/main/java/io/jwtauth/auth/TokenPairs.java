package io.jwtauth.auth;

import io.jwtauth.session.IssuedRefreshToken;
import io.jwtauth.token.AccessTokenIssuer;
import io.jwtauth.token.TokenResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Duration;

/**
 * Turns an issued refresh token into the HTTP answer: a fresh access token beside it, and the refresh token in
 * the body or — with {@code X-Refresh-Transport: cookie} — in an HttpOnly, Secure, SameSite=Strict cookie.
 */
@ApplicationScoped
public class TokenPairs {

    public static final String TRANSPORT_HEADER = "X-Refresh-Transport";
    public static final String COOKIE_TRANSPORT = "cookie";
    static final String COOKIE = "refresh_token";
    static final String COOKIE_PATH = "/auth";

    private final AccessTokenIssuer accessTokens;
    private final Clock clock;
    private final boolean secureCookie;

    TokenPairs(AccessTokenIssuer accessTokens, Clock clock, io.jwtauth.common.AuthConfig config) {
        this.accessTokens = accessTokens;
        this.clock = clock;
        this.secureCookie = config.refreshToken().cookieSecure();
    }

    public static boolean wantsCookie(String transportHeader) {
        return COOKIE_TRANSPORT.equalsIgnoreCase(transportHeader);
    }

    /** 200 with the pair; every response carrying a token is {@code Cache-Control: no-store}. */
    public Response respond(IssuedRefreshToken issued, String transportHeader) {
        String access = accessTokens.issue(new AccessTokenIssuer.Subject(issued.user().id, issued.user().email,
                issued.user().roleSet(), issued.session().id, issued.user().tokenVersion));
        // whole seconds, rounded up: a fresh token reports its full lifetime
        long refreshSeconds = Math.max(0, (Duration.between(clock.instant(), issued.expiresAt()).toMillis() + 999) / 1000);
        TokenResponse body = new TokenResponse(access, "Bearer", accessTokens.lifespanSeconds(), issued.token(),
                refreshSeconds);
        Response.ResponseBuilder rb = Response.ok().header("Cache-Control", "no-store").header("Pragma", "no-cache");
        if (wantsCookie(transportHeader)) {
            rb.cookie(cookie(issued.token(), (int) Math.min(Integer.MAX_VALUE, refreshSeconds)));
            body = body.withoutRefreshToken();
        }
        return rb.entity(body).build();
    }

    /** The cookie that removes the refresh token from the browser (logout). */
    NewCookie clearedCookie() {
        return cookie("", 0);
    }

    private NewCookie cookie(String value, int maxAge) {
        return new NewCookie.Builder(COOKIE).value(value).path(COOKIE_PATH).maxAge(maxAge).httpOnly(true)
                .secure(secureCookie).sameSite(NewCookie.SameSite.STRICT).build();
    }
}
