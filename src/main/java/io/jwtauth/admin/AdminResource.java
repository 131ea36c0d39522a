package io.jwtauth.admin;

import io.jwtauth.auth.PasswordResets;
import io.jwtauth.common.AdminStepUp;
import io.jwtauth.common.BearerErrors;
import io.jwtauth.common.Caller;
import io.jwtauth.common.OpenApiDefinition;
import io.jwtauth.common.PlainText;
import io.jwtauth.common.Problems;
import io.jwtauth.user.User;
import io.jwtauth.user.UserRepository;
import io.jwtauth.user.UserView;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
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

/** /admin/users: list, read, set roles, enable / disable, revoke every token of a user. Role {@code admin}. */
@Path("/admin/users")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(User.ROLE_ADMIN)
@AdminStepUp
@Tag(name = OpenApiDefinition.TAG_ADMIN)
@SecurityRequirement(name = OpenApiDefinition.BEARER)
@BearerErrors
public class AdminResource {

    @RegisterForReflection
    record RolesRequest(@NotNull @Size(min = 1, max = 10) List<@NotNull @PlainText String> roles) {}

    @RegisterForReflection
    record StatusRequest(@NotNull Boolean enabled) {}

    private final UserAdministration administration;
    private final UserRepository users;
    private final Caller caller;
    private final PasswordResets resets;

    AdminResource(UserAdministration administration, UserRepository users, Caller caller, PasswordResets resets) {
        this.resets = resets;
        this.administration = administration;
        this.users = users;
        this.caller = caller;
    }

    @GET
    @Operation(operationId = "listUsers", summary = "A page of users, optionally filtered")
    @APIResponse(
            responseCode = "200",
            description = "The page",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UserPage.class)))
    @APIResponse(responseCode = "400", ref = OpenApiDefinition.BAD_REQUEST)
    public UserPage list(
            // numbers taken as text: a value that is no number is then a 400 naming the field, not JAX-RS' 404
            @Parameter(
                            description = "Zero-based page number, 0 to 1000000",
                            schema =
                                    @Schema(
                                            type = SchemaType.INTEGER,
                                            minimum = "0",
                                            maximum = "1000000",
                                            defaultValue = "0"))
                    @QueryParam("page")
                    @DefaultValue("0")
                    @Pattern(regexp = "0|[1-9][0-9]{0,5}|1000000", message = "must be a whole number from 0 to 1000000")
                    String page,
            @Parameter(
                            description = "Page size, 1 to 100",
                            schema =
                                    @Schema(
                                            type = SchemaType.INTEGER,
                                            minimum = "1",
                                            maximum = "100",
                                            defaultValue = "20"))
                    @QueryParam("size")
                    @DefaultValue("20")
                    @Pattern(regexp = "[1-9]|[1-9][0-9]|100", message = "must be a whole number from 1 to 100")
                    String size,
            @Parameter(description = "Filter: users whose email contains this text, ignoring case (all when blank)")
                    @QueryParam("q")
                    @Size(max = 254)
                    @PlainText
                    String q) {
        return administration.list(Integer.parseInt(page), Integer.parseInt(size), q);
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getUser", summary = "One user")
    @APIResponse(
            responseCode = "200",
            description = "The user",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UserView.class)))
    @APIResponse(responseCode = "404", ref = OpenApiDefinition.NOT_FOUND)
    public UserView get(@Parameter(description = "User id") @PathParam("id") UUID id) {
        return users.findAccount(id)
                .map(UserView::of)
                .orElseThrow(() -> Problems.NOT_FOUND.exception("User not found"));
    }

    @PUT
    @Path("/{id}/roles")
    @Operation(
            operationId = "setUserRoles",
            summary = "Replace a user's roles",
            description = "Known roles: user, admin (user is always kept). Bumps the user's tokenVersion: every token "
                    + "of the user dies. Refused with 409 last_admin when it would leave no enabled admin.")
    @RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = RolesRequest.class),
                            examples = @ExampleObject(name = "roles", value = "{\"roles\":[\"user\",\"admin\"]}")))
    @APIResponse(
            responseCode = "200",
            description = "The user with the new roles",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UserView.class)))
    @APIResponse(responseCode = "400", ref = OpenApiDefinition.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = OpenApiDefinition.NOT_FOUND)
    @APIResponse(responseCode = "409", description = "last_admin — this would remove the last enabled admin")
    public UserView setRoles(
            @Parameter(description = "User id") @PathParam("id") UUID id, @Valid @NotNull RolesRequest request) {
        return UserView.of(administration.setRoles(caller.userId(), id, request.roles()));
    }

    @PUT
    @Path("/{id}/status")
    @Operation(
            operationId = "setUserStatus",
            summary = "Enable or disable a user",
            description = "Disabling bumps the user's tokenVersion: every token of the user dies, and login answers "
                    + "403 account_disabled. Refused with 409 last_admin for the last enabled admin.")
    @RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = StatusRequest.class),
                            examples = @ExampleObject(name = "disable", value = "{\"enabled\":false}")))
    @APIResponse(
            responseCode = "200",
            description = "The user with the new status",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UserView.class)))
    @APIResponse(responseCode = "400", ref = OpenApiDefinition.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = OpenApiDefinition.NOT_FOUND)
    @APIResponse(responseCode = "409", description = "last_admin — this would disable the last enabled admin")
    public UserView setStatus(
            @Parameter(description = "User id") @PathParam("id") UUID id, @Valid @NotNull StatusRequest request) {
        return UserView.of(administration.setEnabled(caller.userId(), id, request.enabled()));
    }

    @POST
    @Path("/{id}/revoke-tokens")
    @Operation(
            operationId = "revokeUserTokens",
            summary = "Revoke every token of a user",
            description = "Bumps the user's tokenVersion: every refresh token and access token of the user dies.")
    @APIResponse(responseCode = "204", description = "Every token of the user is revoked")
    @APIResponse(responseCode = "404", ref = OpenApiDefinition.NOT_FOUND)
    public void revokeTokens(@Parameter(description = "User id") @PathParam("id") UUID id) {
        administration.revokeTokens(caller.userId(), id);
    }

    @DELETE
    @Path("/{id}/mfa")
    @Operation(
            operationId = "resetUserMfa",
            summary = "Turn a user's MFA off (a lost authenticator)",
            description = "Forgets the user's authenticator and recovery codes and mails the user a notice; if MFA was "
                    + "on, bumps the user's tokenVersion, so every token of the user dies. The user can enrol again.")
    @APIResponse(responseCode = "204", description = "MFA is off")
    @APIResponse(responseCode = "404", ref = OpenApiDefinition.NOT_FOUND)
    public void resetMfa(@Parameter(description = "User id") @PathParam("id") UUID id) {
        administration.resetMfa(caller.userId(), id);
    }

    @POST
    @Path("/{id}/password-reset")
    @Operation(
            operationId = "sendPasswordReset",
            summary = "Mail a password-reset link to a user",
            description = "The same single-use link as POST /auth/password-reset, whatever the account's state; "
                    + "nothing else changes until the user uses it.")
    @APIResponse(responseCode = "202", description = "Accepted: the link is mailed")
    @APIResponse(responseCode = "404", ref = OpenApiDefinition.NOT_FOUND)
    public Response sendPasswordReset(@Parameter(description = "User id") @PathParam("id") UUID id) {
        resets.requestByAdmin(id, caller.userId());
        return Response.accepted().build();
    }
}
