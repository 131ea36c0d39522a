package io.jwtauth.auth;

import io.jwtauth.common.BearerErrors;
import io.jwtauth.common.Caller;
import io.jwtauth.common.ClientResolver;
import io.jwtauth.common.Emails;
import io.jwtauth.common.OpenApiDefinition;
import io.jwtauth.common.PlainText;
import io.jwtauth.user.User;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
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
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** /users/me/email: change the caller's address ({@link EmailChange}), or ask for a new verification link. */
@Path("/users/me/email")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(User.ROLE_USER)
@Tag(name = OpenApiDefinition.TAG_USERS)
@SecurityRequirement(name = OpenApiDefinition.BEARER)
@BearerErrors
public class EmailChangeResource {

    @RegisterForReflection
    record ChangeEmailRequest(
            @NotBlank @Email @PlainText @Size(max = AuthRequests.MAX_EMAIL)
            String newEmail,

            @NotNull @PlainText String currentPassword) {
        ChangeEmailRequest {
            newEmail = Emails.normalise(newEmail);
        }
    }

    private final EmailChange change;
    private final EmailVerification verification;
    private final Caller caller;
    private final ClientResolver clients;

    EmailChangeResource(EmailChange change, EmailVerification verification, Caller caller, ClientResolver clients) {
        this.change = change;
        this.verification = verification;
        this.caller = caller;
        this.clients = clients;
    }

    @PUT
    @Operation(
            operationId = "changeEmail",
            summary = "Change the caller's email address",
            description = "Needs the current password (wrong ones count towards the login throttle). A verification "
                    + "link goes to the new address and a notice to the current one; the address changes when the "
                    + "link is used (POST /auth/verify-email).")
    @RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ChangeEmailRequest.class),
                            examples =
                                    @ExampleObject(
                                            name = "changeEmail",
                                            value = "{\"newEmail\":\"ada@new.example.com\","
                                                    + "\"currentPassword\":\"correct horse battery staple\"}")))
    @APIResponse(responseCode = "202", description = "Accepted: the verification link is mailed to the new address")
    @CurrentPasswordErrors
    @APIResponse(responseCode = "409", description = "email_taken")
    public Response changeEmail(@Valid @NotNull ChangeEmailRequest request, @Context HttpServerRequest http) {
        change.request(caller.claims(), request.newEmail(), request.currentPassword(), clients.resolve(http));
        return Response.accepted().build();
    }

    @POST
    @Path("/verification")
    @Operation(
            operationId = "requestEmailVerification",
            summary = "Mail a new verification link to the caller's address",
            description = "Older links die. Nothing is mailed if the address is verified already. Limited per "
                    + "account (429).")
    @APIResponse(responseCode = "202", description = "Accepted")
    @APIResponse(responseCode = "403", ref = OpenApiDefinition.FORBIDDEN)
    @APIResponse(responseCode = "429", ref = OpenApiDefinition.TOO_MANY_ATTEMPTS)
    public Response requestVerification() {
        verification.resend(caller.userId());
        return Response.accepted().build();
    }
}
