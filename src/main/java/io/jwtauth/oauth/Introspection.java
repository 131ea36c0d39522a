package io.jwtauth.oauth;

import io.jwtauth.auth.ClientAuthentication;
import io.jwtauth.client.ClientCredentials;
import io.jwtauth.client.ClientCredentials.Credential;
import io.jwtauth.common.AuthConfig;
import io.jwtauth.common.ClientInfo;
import io.jwtauth.session.AccessTokenChecks;
import io.jwtauth.token.TokenRejection;
import io.jwtauth.user.User;
import io.quarkus.security.AuthenticationFailedException;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonString;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Token introspection (RFC 7662) by the rule that verifies our own bearer tokens, not a second copy of it: the
 * JWTParser ({@code TokenVerdicts}: RS256 signature under one of our keys with that kid, issuer, audience, expiry)
 * and {@link AccessTokenChecks} (iat, tokenVersion, session, subject enabled). A token either passes both and is
 * active, with its claims, or is {@code {"active": false}} — revoked, expired, forged, malformed or unknown alike,
 * refresh tokens included (resource servers only ever hold access tokens). With warm caches it makes no database
 * round trip: the verdict is remembered per token, the revocation state per subject and session.
 *
 * <p>The caller is a service account with role {@code resource-server}, authenticated by its credentials (Basic,
 * throttled like any client authentication; a secret verified before is accepted from memory) or by its own access
 * token (Bearer, the same rule again).
 */
@ApplicationScoped
class Introspection {

    static final String TOKEN = "token";
    static final String TOKEN_TYPE_HINT = "token_type_hint";

    private static final String BEARER = "bearer ";

    private final JWTParser parser;
    private final AccessTokenChecks checks;
    private final ClientCredentials credentials;
    private final ClientAuthentication authentication;
    private final int maxTokenBytes;

    Introspection(
            JWTParser parser,
            AccessTokenChecks checks,
            ClientCredentials credentials,
            ClientAuthentication authentication,
            AuthConfig config) {
        this.parser = parser;
        this.checks = checks;
        this.credentials = credentials;
        this.authentication = authentication;
        this.maxTokenBytes = config.maxTokenBytes();
    }

    /** Completes when the caller may introspect; fails with the OAuth error to answer otherwise. */
    Uni<Void> authorize(String authorization, ClientInfo from) {
        if (PresentedClient.isBasic(authorization)) {
            return byCredentials(PresentedClient.basic(authorization), from);
        }
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return byToken(authorization.substring(BEARER.length()).strip());
        }
        return Uni.createFrom()
                .failure(OAuthErrors.INVALID_CLIENT.exception(
                        "Authenticate with the client's credentials (Basic) or its access token (Bearer)"));
    }

    /** The token's claims if it is active, else {@code {"active": false}}. */
    Uni<IntrospectionResponse> inspect(String token) {
        if (token.length() > maxTokenBytes) {
            return Uni.createFrom().item(IntrospectionResponse.INACTIVE); // refused unparsed, as a bearer token is
        }
        JsonWebToken jwt;
        try {
            jwt = parser.parse(token);
        } catch (ParseException | AuthenticationFailedException e) {
            return Uni.createFrom().item(IntrospectionResponse.INACTIVE);
        }
        return checks.check(jwt)
                .map(Introspection::active)
                .onFailure(AuthenticationFailedException.class)
                .recoverWithItem(IntrospectionResponse.INACTIVE);
    }

    private Uni<Void> byCredentials(PresentedClient caller, ClientInfo from) {
        Optional<Credential> remembered = credentials.remembered(caller.clientId(), caller.secret());
        Uni<Optional<Credential>> credential = remembered.isPresent()
                ? Uni.createFrom().item(remembered)
                : Uni.createFrom()
                        .item(() -> authentication.authenticate(caller.clientId(), caller.secret(), from))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        return credential
                .invoke(c -> {
                    if (c.isEmpty()) {
                        throw OAuthErrors.INVALID_CLIENT.exception();
                    }
                    if (!c.get().roles().contains(User.ROLE_RESOURCE_SERVER)) {
                        throw OAuthErrors.UNAUTHORIZED_CLIENT.exception();
                    }
                })
                .replaceWithVoid();
    }

    private Uni<Void> byToken(String token) {
        if (token.length() > maxTokenBytes) {
            return Uni.createFrom()
                    .failure(OAuthErrors.INVALID_TOKEN.exception(TokenRejection.Reason.TOO_LARGE.description()));
        }
        JsonWebToken jwt;
        try {
            jwt = parser.parse(token);
        } catch (ParseException | AuthenticationFailedException e) {
            return Uni.createFrom().failure(invalidToken(e));
        }
        return checks.check(jwt)
                .onFailure(AuthenticationFailedException.class)
                .transform(Introspection::invalidToken)
                .invoke(accepted -> {
                    Set<String> groups = accepted.getGroups();
                    if (groups == null || !groups.contains(User.ROLE_RESOURCE_SERVER)) {
                        throw OAuthErrors.INSUFFICIENT_SCOPE.exception();
                    }
                })
                .replaceWithVoid();
    }

    private static OAuthException invalidToken(Throwable rejection) {
        return OAuthErrors.INVALID_TOKEN.exception(
                TokenRejection.reasonOf(rejection).description());
    }

    private static IntrospectionResponse active(JsonWebToken jwt) {
        String clientId = text(jwt.getClaim("client_id"));
        Set<String> audience = jwt.getAudience();
        return new IntrospectionResponse(
                true,
                jwt.getSubject(),
                clientId,
                clientId == null ? text(jwt.getClaim("upn")) : null,
                jwt.getGroups() == null
                        ? List.of()
                        : jwt.getGroups().stream().sorted().toList(),
                text(jwt.getClaim("sid")),
                jwt.getTokenID(),
                jwt.getExpirationTime(),
                jwt.getIssuedAtTime(),
                jwt.getIssuer(),
                audience == null || audience.size() != 1
                        ? audience
                        : audience.iterator().next(),
                "Bearer");
    }

    private static String text(Object claim) {
        if (claim instanceof JsonString s) {
            return s.getString();
        }
        return claim instanceof String s ? s : null;
    }
}
