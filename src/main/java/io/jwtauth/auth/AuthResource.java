package io.jwtauth.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.jwtauth.auth.AuthRequests.LoginRequest;
import io.jwtauth.auth.AuthRequests.MfaLoginRequest;
import io.jwtauth.auth.AuthRequests.RefreshRequest;
import io.jwtauth.auth.AuthRequests.RegisterRequest;
import io.jwtauth.common.Caller;
import io.jwtauth.common.ClientResolver;
import io.jwtauth.common.OpenApiDefinition;
import io.jwtauth.common.Problems;
import io.jwtauth.session.RefreshTokenRotation;
import io.jwtauth.session.Revocations;
import io.jwtauth.session.SessionService;
import io.jwtauth.user.User;
import io.jwtauth.user.UserView;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** /auth: register, login, refresh, logout, logout-all. */
@Path("/auth")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = OpenApiDefinition.TAG_AUTH)
// every operation needs the database (or the bcrypt queue): 503 when it cannot serve
@APIResponse(responseCode = "503", ref = OpenApiDefinition.SERVICE_UNAVAILABLE)
public class AuthResource {

    // texts of the OpenAPI document
    private static final String TRANSPORT_DOC = "`cookie` to receive and present the refresh token in the HttpOnly "
            + "refresh_token cookie instead of the JSON body; a cookie is accepted only with this header (CSRF guard)";
    private static final String REFRESH_BODY_DOC = "The refresh token; optional when it travels in the cookie";
    private static final String REFRESH_BODY_EXAMPLE =
            "{\"refresh_token\":\"m1gK3v0x8cQ2pVqE7yZr5Wb9LtNfHsJ4aDkUoX6eR0iY\"}";

    private final RegistrationService registration;
    private final LoginService login;
    private final MfaLogin mfaLogin;
    private final RefreshTokenRotation rotation;
    private final SessionService sessions;
    private final Revocations revocations;
    private final RefreshTokenTransport transport;
    private final Caller caller;
    private final ClientResolver clients;

    AuthResource(
            RegistrationService registration,
            LoginService login,
            MfaLogin mfaLogin,
            RefreshTokenRotation rotation,
            SessionService sessions,
            Revocations revocations,
            RefreshTokenTransport transport,
            Caller caller,
            ClientResolver clients) {
        this.clients = clients;
        this.registration = registration;
        this.login = login;
        this.mfaLogin = mfaLogin;
        this.rotation = rotation;
        this.sessions = sessions;
        this.revocations = revocations;
        this.transport = transport;
        this.caller = caller;
    }

    @POST
    @Path("/register")
    @PermitAll
    @Operation(
            operationId = "register",
            summary = "Create an account",
            description = "Open to anyone while registration is enabled. The password needs at least 15 characters "
                    + "(at most 128), must not be the email and must not be a common password; no composition rules.")
    @RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = RegisterRequest.class),
                            examples =
                                    @ExampleObject(
                                            name = "register",
                                            value =
                                                    "{\"email\":\"ada@example.com\","
                                                            + "\"password\":\"correct horse battery staple\",\"displayName\":\"Ada\"}")))
    @APIResponse(
            responseCode = "201",
            description = "Created",
            headers =
                    @Header(
                            name = "Location",
                            description = "/users/{id} of the new account",
                            schema = @Schema(type = SchemaType.STRING)),
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UserView.class)))
    @APIResponse(responseCode = "400", ref = OpenApiDefinition.BAD_REQUEST)
    @APIResponse(responseCode = "403", description = "registration_disabled")
    @APIResponse(responseCode = "409", description = "email_taken")
    @APIResponse(responseCode = "429", ref = OpenApiDefinition.TOO_MANY_ATTEMPTS)
    public Response register(@Valid @NotNull RegisterRequest request, @Context HttpServerRequest http) {
        User user = registration.register(
                request.email(), request.password(), request.displayName(), clients.resolve(http));
        return Response.created(URI.create("/users/" + user.id))
                .entity(UserView.of(user))
                .build();
    }

    @POST
    @Path("/login")
    @PermitAll
    @Operation(
            operationId = "login",
            summary = "Log in: email and password for a token pair",
            description = "Starts a new session. Unknown email and wrong password get the same 401. Repeated failures "
                    + "for an email from a client, from a client address, or for an account from anywhere are "
                    + "throttled with growing waits (429 with Retry-After). The answer carries a device_token (or a "
                    + "device cookie, with cookie transport): presented at later logins to the same account, it "
                    + "exempts this client from the per-account waits, so other people's failures never lock it out.")
    @RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = LoginRequest.class),
                            examples =
                                    @ExampleObject(
                                            name = "login",
                                            value = "{\"email\":\"ada@example.com\","
                                                    + "\"password\":\"correct horse battery staple\"}")))
    @APIResponse(responseCode = "200", ref = OpenApiDefinition.TOKEN_PAIR)
    @APIResponse(responseCode = "400", ref = OpenApiDefinition.BAD_REQUEST)
    @APIResponse(responseCode = "401", description = "invalid_credentials — unknown email or wrong password alike")
    @APIResponse(
            responseCode = "403",
            description = "account_disabled, mfa_required — only said after a correct password; mfa_required carries "
                    + "mfa_token (for POST /auth/login/mfa, single-use, 5 min) and methods [totp, recovery_code]")
    @APIResponse(responseCode = "429", ref = OpenApiDefinition.TOO_MANY_ATTEMPTS)
    public Response login(
            @Valid @NotNull LoginRequest request,
            @Parameter(
                            description = TRANSPORT_DOC,
                            schema =
                                    @Schema(
                                            type = SchemaType.STRING,
                                            enumeration = RefreshTokenTransport.COOKIE_TRANSPORT))
                    @HeaderParam(RefreshTokenTransport.TRANSPORT_HEADER)
                    String transportHeader,
            @Parameter(in = ParameterIn.COOKIE, description = "The device token, with cookie transport")
                    @CookieParam(RefreshTokenTransport.DEVICE_COOKIE)
                    String deviceCookie,
            @Context HttpServerRequest http) {
        String deviceToken = request.deviceToken() != null ? request.deviceToken() : deviceCookie;
        return transport.respond(
                login.login(request.email(), request.password(), deviceToken, clients.resolve(http)), transportHeader);
    }

    @POST
    @Path("/login/mfa")
    @PermitAll
    @Operation(
            operationId = "loginMfa",
            summary = "Log in, second step: the mfa_token and a code",
            description = "After 403 mfa_required: the mfa_token from it with a TOTP code from the authenticator app "
                    + "(code) or one of the recovery codes (recovery_code). A code is accepted once; a recovery code is "
                    + "used up. Each wrong code is counted on the mfa_token (the fifth kills it) and throttled for the "
                    + "account like wrong passwords (429 with Retry-After). The access token carries amr "
                    + "[pwd, otp]. A device_token (body, or the device cookie) exempts the client from the "
                    + "account-wide wait as at the first step.")
    @RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = MfaLoginRequest.class),
                            examples = {
                                @ExampleObject(
                                        name = "totp",
                                        value = "{\"mfa_token\":\"mJ3b1kq9Xy0s4T8vWc2ZpL6eRnUa5GdHfQo7IiKtY1E\","
                                                + "\"code\":\"492039\"}"),
                                @ExampleObject(
                                        name = "recoveryCode",
                                        value = "{\"mfa_token\":\"mJ3b1kq9Xy0s4T8vWc2ZpL6eRnUa5GdHfQo7IiKtY1E\","
                                                + "\"recovery_code\":\"k7qd-2mzx-vp4a-h3ty\"}")
                            }))
    @APIResponse(responseCode = "200", ref = OpenApiDefinition.TOKEN_PAIR)
    @APIResponse(responseCode = "400", ref = OpenApiDefinition.BAD_REQUEST)
    @APIResponse(
            responseCode = "401",
            description = "invalid_mfa_code, invalid_mfa_token — the code is wrong or was used; the mfa_token is "
                    + "unknown, expired, used, or killed by wrong codes (log in again)")
    @APIResponse(responseCode = "403", description = "account_disabled")
    @APIResponse(responseCode = "429", ref = OpenApiDefinition.TOO_MANY_ATTEMPTS)
    public Response loginMfa(
            @Valid @NotNull MfaLoginRequest request,
            @Parameter(
                            description = TRANSPORT_DOC,
                            schema =
                                    @Schema(
                                            type = SchemaType.STRING,
                                            enumeration = RefreshTokenTransport.COOKIE_TRANSPORT))
                    @HeaderParam(RefreshTokenTransport.TRANSPORT_HEADER)
                    String transportHeader,
            @Parameter(in = ParameterIn.COOKIE, description = "The device token, with cookie transport")
                    @CookieParam(RefreshTokenTransport.DEVICE_COOKIE)
                    String deviceCookie,
            @Context HttpServerRequest http) {
        if ((request.code() == null) == (request.recoveryCode() == null)) {
            throw Problems.invalidField("code", "send either code or recovery_code");
        }
        String deviceToken = request.deviceToken() != null ? request.deviceToken() : deviceCookie;
        MfaLogin.Presented presented = new MfaLogin.Presented(request.code(), request.recoveryCode());
        return transport.respond(
                mfaLogin.complete(request.mfaToken(), presented, deviceToken, clients.resolve(http)), transportHeader);
    }

    @POST
    @Path("/refresh")
    @Consumes(MediaType.WILDCARD) // a cookie refresh may carry no body at all
    @PermitAll
    @Operation(
            operationId = "refresh",
            summary = "Rotate a refresh token for a new token pair",
            description = "The refresh token comes from the JSON body or, with X-Refresh-Transport: cookie, from the "
                    + "refresh_token cookie. Every refresh rotates it. Presented again within the reuse grace it "
                    + "yields the same successor; after the grace it is reuse: 401 refresh_token_reused and the whole "
                    + "session is revoked.")
    @RequestBody(
            description = REFRESH_BODY_DOC,
            required = false,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = RefreshRequest.class),
                            examples = @ExampleObject(name = "refresh", value = REFRESH_BODY_EXAMPLE)))
    @APIResponse(responseCode = "200", ref = OpenApiDefinition.TOKEN_PAIR)
    @APIResponse(responseCode = "400", ref = OpenApiDefinition.BAD_REQUEST)
    @APIResponse(
            responseCode = "401",
            description = "invalid_refresh_token, refresh_token_reused — unknown, expired or revoked, or a "
                    + "cookie without the header; or presented again after rotation, which revoked its session")
    public Uni<Response> refresh(
            String body,
            @Parameter(
                            description = TRANSPORT_DOC,
                            schema =
                                    @Schema(
                                            type = SchemaType.STRING,
                                            enumeration = RefreshTokenTransport.COOKIE_TRANSPORT))
                    @HeaderParam(RefreshTokenTransport.TRANSPORT_HEADER)
                    String transportHeader,
            @Parameter(in = ParameterIn.COOKIE, description = "The refresh token, with cookie transport")
                    @CookieParam(RefreshTokenTransport.COOKIE)
                    String cookie)
            throws JsonProcessingException {
        // A Uni method is not blocking, so its body is read on the event loop, whole, before it is called (a blocking
        // method reads it on the worker thread through a blocking stream); only the rotation's round trip to the
        // database runs on a worker.
        String presented = transport.required(body, transportHeader, cookie);
        return Uni.createFrom()
                .item(() -> transport.respond(rotation.rotate(presented), transportHeader))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** Revokes the session of the refresh token (body or cookie) or, failing that, of the bearer token. */
    @POST
    @Path("/logout")
    @Consumes(MediaType.WILDCARD) // a bearer or cookie logout may carry no body at all
    @PermitAll
    @Operation(
            operationId = "logout",
            summary = "Log out: revoke one session",
            description = "Revokes the session of the refresh token (JSON body, or the cookie with "
                    + "X-Refresh-Transport: cookie) or, without one, of the bearer access token. Idempotent: an "
                    + "unknown, expired or missing token also gets 204. With cookie transport the cookie is cleared.")
    @SecurityRequirementsSet({})
    @SecurityRequirementsSet(@SecurityRequirement(name = OpenApiDefinition.BEARER))
    @RequestBody(
            description = REFRESH_BODY_DOC,
            required = false,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = RefreshRequest.class),
                            examples = @ExampleObject(name = "logout", value = REFRESH_BODY_EXAMPLE)))
    @APIResponse(
            responseCode = "204",
            description = "The session is revoked (or there was none to revoke)",
            headers =
                    @Header(
                            name = "Set-Cookie",
                            description = "Clears refresh_token, with X-Refresh-Transport: cookie",
                            schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "400", description = "malformed_request")
    public Response logout(
            String body,
            @Parameter(
                            description = TRANSPORT_DOC,
                            schema =
                                    @Schema(
                                            type = SchemaType.STRING,
                                            enumeration = RefreshTokenTransport.COOKIE_TRANSPORT))
                    @HeaderParam(RefreshTokenTransport.TRANSPORT_HEADER)
                    String transportHeader,
            @Parameter(in = ParameterIn.COOKIE, description = "The refresh token, with cookie transport")
                    @CookieParam(RefreshTokenTransport.COOKIE)
                    String cookie)
            throws JsonProcessingException {
        Optional<String> presented = transport.presented(body, transportHeader, cookie);
        if (presented.isPresent()) {
            sessions.logout(presented.get());
        } else {
            caller.ifAuthenticated().ifPresent(claims -> sessions.logout(claims.userId(), claims.sessionId()));
        }
        return transport.loggedOut(transportHeader);
    }

    @POST
    @Path("/logout-all")
    @RolesAllowed(User.ROLE_USER)
    @Operation(
            operationId = "logoutAll",
            summary = "Log out everywhere",
            description = "Bumps the caller's tokenVersion: every refresh token and access token of the user dies.")
    @SecurityRequirement(name = OpenApiDefinition.BEARER)
    @APIResponse(responseCode = "204", description = "Every session of the caller is revoked")
    @APIResponse(responseCode = "401", ref = OpenApiDefinition.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = OpenApiDefinition.FORBIDDEN)
    public Response logoutAll() {
        revocations.revokeAllTokens(caller.userId(), "logout_all", caller.userId());
        return Response.noContent().build();
    }
}
