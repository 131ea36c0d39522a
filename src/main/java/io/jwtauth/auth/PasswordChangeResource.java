package io.jwtauth.auth;

import io.jwtauth.common.BearerErrors;
import io.jwtauth.common.Caller;
import io.jwtauth.common.ClientResolver;
import io.jwtauth.common.OpenApiDefinition;
import io.jwtauth.common.PlainText;
import io.jwtauth.user.User;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** PUT /users/me/password: the caller changes their own password (see {@link PasswordChange}). */
@Path("/users/me/password")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(User.ROLE_USER)
@Tag(name = OpenApiDefinition.TAG_USERS)
@SecurityRequirement(name = OpenApiDefinition.BEARER)
@BearerErrors
public class PasswordChangeResource {

    @RegisterForReflection
    record ChangePasswordRequest(
            @NotNull @PlainText String currentPassword,
            @NotNull @PlainText String newPassword) {}

    private final PasswordChange passwordChange;
    private final RefreshTokenTransport transport;
    private final Caller caller;
    private final ClientResolver clients;

    PasswordChangeResource(
            PasswordChange passwordChange, RefreshTokenTransport transport, Caller caller, ClientResolver clients) {
        this.passwordChange = passwordChange;
        this.transport = transport;
        this.caller = caller;
        this.clients = clients;
    }

    /** New password; every session is revoked and a fresh pair is returned for this client. */
    @PUT
    @Operation(
            operationId = "changePassword",
            summary = "Change the caller's password",
            description = "Needs the current password. Bumps tokenVersion, so every session of the user is revoked, "
                    + "and answers with a fresh token pair (a new session) for this client. Wrong current passwords "
                    + "count towards the login throttle (429 with Retry-After). If the account is disabled or the "
                    + "caller's tokens or session are revoked while the request is in flight, it answers 401 "
                    + "invalid_token and changes nothing.")
    @RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ChangePasswordRequest.class),
                            examples =
                                    @ExampleObject(
                                            name = "changePassword",
                                            value = "{\"currentPassword\":\"correct horse battery "
                                                    + "staple\",\"newPassword\":\"purple monkey dishwasher lamp\"}")))
    @APIResponse(responseCode = "200", ref = OpenApiDefinition.TOKEN_PAIR)
    @CurrentPasswordErrors
    public Response changePassword(
            @Valid @NotNull ChangePasswordRequest request,
            @Parameter(
                            description =
                                    "`cookie` to receive the new refresh token in the HttpOnly refresh_token cookie",
                            schema =
                                    @Schema(
                                            type = SchemaType.STRING,
                                            enumeration = RefreshTokenTransport.COOKIE_TRANSPORT))
                    @HeaderParam(RefreshTokenTransport.TRANSPORT_HEADER)
                    String transportHeader,
            @Context HttpServerRequest http) {
        return transport.respond(
                passwordChange.change(
                        caller.claims(), request.currentPassword(), request.newPassword(), clients.resolve(http)),
                transportHeader);
    }
}
