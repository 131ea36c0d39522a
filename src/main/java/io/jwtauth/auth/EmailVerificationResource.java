package io.jwtauth.auth;

import io.jwtauth.auth.AuthRequests.EmailVerificationRequest;
import io.jwtauth.common.OpenApiDefinition;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** POST /auth/verify-email: the token of a verification link (see {@link EmailVerification}). */
@Path("/auth/verify-email")
@Produces(MediaType.APPLICATION_JSON)
// a body of one string field could otherwise be read from text/plain through the record's constructor
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = OpenApiDefinition.TAG_AUTH)
@APIResponse(responseCode = "503", ref = OpenApiDefinition.SERVICE_UNAVAILABLE)
public class EmailVerificationResource {

    private final EmailVerification verification;

    EmailVerificationResource(EmailVerification verification) {
        this.verification = verification;
    }

    @POST
    @PermitAll
    @Operation(
            operationId = "verifyEmail",
            summary = "Verify an address with a verification link's token",
            description = "The token works once. The address it was mailed to is verified; for an email change it "
                    + "becomes the account's email.")
    @RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = EmailVerificationRequest.class),
                            examples =
                                    @ExampleObject(
                                            name = "verify",
                                            value = "{\"token\":\"q3Xb0tZk9mR2vWc7yLp4sNf8hJd6aGe1uKo5iTx0BzQ\"}")))
    @APIResponse(responseCode = "204", description = "The address is verified")
    @APIResponse(
            responseCode = "400",
            description = "validation_failed, invalid_verification_token — the token is unknown, expired or used")
    @APIResponse(
            responseCode = "409",
            description = "email_taken — the new address of an email change has an account since")
    public Response verify(@Valid @NotNull EmailVerificationRequest request) {
        verification.verify(request.token());
        return Response.noContent().build();
    }
}
