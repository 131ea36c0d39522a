package io.jwtauth.admin;

import io.jwtauth.token.AccessTokenClaims;
import io.jwtauth.user.User;
import io.jwtauth.user.UserView;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** /admin/users: list, read, set roles, enable / disable, revoke every token of a user. Role {@code admin}. */
@Path("/admin/users")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(User.ROLE_ADMIN)
public class AdminResource {

    @RegisterForReflection
    public record UserPage(List<UserView> items, int page, int size, long total) {
    }

    @RegisterForReflection
    record RolesRequest(@NotNull @Size(min = 1, max = 10) List<@NotNull String> roles) {
    }

    @RegisterForReflection
    record StatusRequest(@NotNull Boolean enabled) {
    }

    private final UserAdministration administration;
    private final JsonWebToken jwt;

    AdminResource(UserAdministration administration, JsonWebToken jwt) {
        this.administration = administration;
        this.jwt = jwt;
    }

    @GET
    public UserPage list(@QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size,
            @QueryParam("q") @Size(max = 254) String q) {
        return administration.list(page, size, q);
    }

    @GET
    @Path("/{id}")
    public UserView get(@PathParam("id") UUID id) {
        return UserView.of(administration.get(id));
    }

    @PUT
    @Path("/{id}/roles")
    public UserView setRoles(@PathParam("id") UUID id, @Valid @NotNull RolesRequest request) {
        return UserView.of(administration.setRoles(actor(), id, request.roles()));
    }

    @PUT
    @Path("/{id}/status")
    public UserView setStatus(@PathParam("id") UUID id, @Valid @NotNull StatusRequest request) {
        return UserView.of(administration.setEnabled(actor(), id, request.enabled()));
    }

    @POST
    @Path("/{id}/revoke-tokens")
    public void revokeTokens(@PathParam("id") UUID id) {
        administration.revokeTokens(actor(), id);
    }

    private UUID actor() {
        return AccessTokenClaims.of(jwt).userId();
    }
}
