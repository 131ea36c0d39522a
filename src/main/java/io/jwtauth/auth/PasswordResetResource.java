package io.jwtauth.auth;

import io.jwtauth.auth.AuthRequests.PasswordResetConfirmation;
import io.jwtauth.auth.AuthRequests.PasswordResetRequest;
import io.jwtauth.common.ClientResolver;
import io.jwtauth.common.OpenApiDefinition;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** /auth/password-reset: ask for a reset link, and set a new password with it (see {@link PasswordResets}). */
@Path("/auth/password-reset")
@Produces(MediaType.APPLICATION_JSON)
// a body of one string field could otherwise be read from text/plain through the record's constructor
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = OpenApiDefinition.TAG_AUTH)
@APIResponse(responseCode = "503", ref = OpenApiDefinition.SERVICE_UNAVAILABLE)
public class PasswordResetResource {

    private final PasswordResets resets;
    private final ClientResolver clients;

    PasswordResetResource(PasswordResets resets, ClientResolver clients) {
        this.resets = resets;
        this.clients = clients;
    }

    @POST
    @PermitAll
    @Operation(
            operationId = "requestPasswordReset",
            summary = "Mail a password-reset link",
            description = "If the address is an enabled account's, a single-use link (valid 30 minutes by default) is "
                    + "mailed to it. The answer is the same, in about the same time, whether or not it is: the mail "
                    + "is queued, never sent in the request. Requests count per address and per client (429).")
    @RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = PasswordResetRequest.class),
                            examples = @ExampleObject(name = "reset", value = "{\"email\":\"ada@example.com\"}")))
    @APIResponse(responseCode = "202", description = "Accepted (a link is mailed if the address has an account)")
    @APIResponse(responseCode = "400", ref = OpenApiDefinition.BAD_REQUEST)
    @APIResponse(responseCode = "429", ref = OpenApiDefinition.TOO_MANY_ATTEMPTS)
    public Response request(@Valid @NotNull PasswordResetRequest request, @Context HttpServerRequest http) {
        resets.request(request.email(), clients.resolve(http));
        return Response.accepted().build();
    }

    @POST
    @Path("/confirm")
    @PermitAll
    @Operation(
            operationId = "confirmPasswordReset",
            summary = "Set a new password with a reset link's token",
            description = "The token works once. The password policy applies; every session of the account is "
                    + "revoked (tokenVersion + 1), the address counts as verified, and a notice is mailed.")
    @RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = PasswordResetConfirmation.class),
                            examples =
                                    @ExampleObject(
                                            name = "confirm",
                                            value = "{\"token\":\"q3Xb0tZk9mR2vWc7yLp4sNf8hJd6aGe1uKo5iTx0BzQ\","
                                                    + "\"newPassword\":\"purple monkey dishwasher lamp\"}")))
    @APIResponse(responseCode = "204", description = "The password is set; every session is revoked")
    @APIResponse(
            responseCode = "400",
            description = "validation_failed, invalid_reset_token — the new password breaks the policy, or the token "
                    + "is unknown, expired or used")
    public Response confirm(@Valid @NotNull PasswordResetConfirmation request) {
        resets.confirm(request.token(), request.newPassword());
        return Response.noContent().build();
    }
}
