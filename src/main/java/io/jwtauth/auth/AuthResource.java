package io.jwtauth.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jwtauth.auth.AuthRequests.LoginRequest;
import io.jwtauth.auth.AuthRequests.RefreshRequest;
import io.jwtauth.auth.AuthRequests.RegisterRequest;
import io.jwtauth.common.ClientResolver;
import io.jwtauth.common.ProblemException;
import io.jwtauth.session.RefreshTokenRotation;
import io.jwtauth.session.SessionService;
import io.jwtauth.token.AccessTokenClaims;
import io.jwtauth.user.User;
import io.jwtauth.user.UserAccounts;
import io.jwtauth.user.UserView;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** /auth: register, login, refresh, logout, logout-all. */
@Path("/auth")
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {

    private final RegistrationService registration;
    private final LoginService login;
    private final RefreshTokenRotation rotation;
    private final SessionService sessions;
    private final UserAccounts accounts;
    private final TokenPairs pairs;
    private final SecurityIdentity identity;
    private final ObjectMapper json;
    private final ClientResolver clients;

    AuthResource(RegistrationService registration, LoginService login, RefreshTokenRotation rotation,
            SessionService sessions, UserAccounts accounts, TokenPairs pairs, SecurityIdentity identity,
            ObjectMapper json, ClientResolver clients) {
        this.json = json;
        this.clients = clients;
        this.registration = registration;
        this.login = login;
        this.rotation = rotation;
        this.sessions = sessions;
        this.accounts = accounts;
        this.pairs = pairs;
        this.identity = identity;
    }

    @POST
    @Path("/register")
    @PermitAll
    public Response register(@Valid @NotNull RegisterRequest request, @Context HttpServerRequest http) {
        User user = registration.register(request.email(), request.password(), request.displayName(),
                clients.resolve(http));
        return Response.created(URI.create("/users/" + user.id)).entity(UserView.of(user)).build();
    }

    @POST
    @Path("/login")
    @PermitAll
    public Response login(@Valid @NotNull LoginRequest request, @HeaderParam(TokenPairs.TRANSPORT_HEADER) String transport,
            @Context HttpServerRequest http) {
        return pairs.respond(login.login(request.email(), request.password(), clients.resolve(http)), transport);
    }

    @POST
    @Path("/refresh")
    @Consumes(MediaType.WILDCARD) // a cookie refresh may carry no body at all
    @PermitAll
    public Response refresh(String body, @HeaderParam(TokenPairs.TRANSPORT_HEADER) String transport,
            @CookieParam(TokenPairs.COOKIE) String cookie) throws JsonProcessingException {
        String presented = presentedRefreshToken(parse(body), transport, cookie);
        if (presented == null) {
            if (cookie != null) {
                throw new ProblemException(401, "invalid_refresh_token",
                        "The refresh cookie is accepted only with the header X-Refresh-Transport: cookie");
            }
            throw ProblemException.invalidField("refresh_token", "must not be blank");
        }
        return pairs.respond(rotation.rotate(presented), transport);
    }

    /** Revokes the session of the refresh token (body or cookie) or, failing that, of the bearer token. */
    @POST
    @Path("/logout")
    @Consumes(MediaType.WILDCARD) // a bearer or cookie logout may carry no body at all
    @PermitAll
    public Response logout(String body, @HeaderParam(TokenPairs.TRANSPORT_HEADER) String transport,
            @CookieParam(TokenPairs.COOKIE) String cookie) throws JsonProcessingException {
        String presented = presentedRefreshToken(parse(body), transport, cookie);
        if (presented != null) {
            sessions.logout(presented);
        } else {
            bearer().ifPresent(claims -> sessions.logout(claims.userId(), claims.sessionId()));
        }
        Response.ResponseBuilder rb = Response.noContent();
        if (TokenPairs.wantsCookie(transport)) {
            rb.cookie(pairs.clearedCookie());
        }
        return rb.build();
    }

    @POST
    @Path("/logout-all")
    @RolesAllowed(User.ROLE_USER)
    public Response logoutAll() {
        UUID userId = AccessTokenClaims.of((JsonWebToken) identity.getPrincipal()).userId();
        accounts.revokeAllTokens(userId, "logout_all", userId);
        return Response.noContent().build();
    }

    /** The optional JSON body of refresh / logout (absent with cookie or bearer transport). */
    private RefreshRequest parse(String body) throws JsonProcessingException {
        return body == null || body.isBlank() ? null : json.readValue(body, RefreshRequest.class);
    }

    /** The refresh token from the body, or from the cookie when the client opted in with the CSRF header. */
    private static String presentedRefreshToken(RefreshRequest request, String transport, String cookie) {
        if (request != null && request.refreshToken() != null && !request.refreshToken().isBlank()) {
            return request.refreshToken();
        }
        if (TokenPairs.wantsCookie(transport) && cookie != null && !cookie.isBlank()) {
            return cookie;
        }
        return null;
    }

    /** The caller's valid access token, if one was sent; an invalid one simply does not count for logout. */
    private Optional<AccessTokenClaims> bearer() {
        try {
            return identity.isAnonymous() ? Optional.empty()
                    : Optional.of(AccessTokenClaims.of((JsonWebToken) identity.getPrincipal()));
        } catch (AuthenticationFailedException e) {
            return Optional.empty();
        }
    }
}
