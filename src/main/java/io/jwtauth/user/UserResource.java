package io.jwtauth.user;

import io.jwtauth.common.BearerErrors;
import io.jwtauth.common.Caller;
import io.jwtauth.common.OpenApiDefinition;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** /users/me: the caller's own account. */
@Path("/users/me")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(User.ROLE_USER)
@Tag(name = OpenApiDefinition.TAG_USERS)
@SecurityRequirement(name = OpenApiDefinition.BEARER)
@BearerErrors
@APIResponse(responseCode = "403", ref = OpenApiDefinition.FORBIDDEN)
public class UserResource {

    private final UserStates states;
    private final Caller caller;

    UserResource(UserStates states, Caller caller) {
        this.states = states;
        this.caller = caller;
    }

    @GET
    @Operation(operationId = "getMe", summary = "The caller's account")
    @APIResponse(
            responseCode = "200",
            description = "The caller's account",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UserView.class)))
    public Uni<UserView> me() {
        return states.view(caller.userId());
    }
}
