package io.jwtauth.user;

import io.jwtauth.auth.TokenPairs;
import io.jwtauth.common.ClientResolver;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** /users/me: the caller's own account. */
@Path("/users/me")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(User.ROLE_USER)
public class UserResource {

    @RegisterForReflection
    record ChangePasswordRequest(@NotNull String currentPassword, @NotNull String newPassword) {
    }

    private final UserAccounts accounts;
    private final TokenPairs pairs;
    private final JsonWebToken jwt;
    private final ClientResolver clients;

    UserResource(UserAccounts accounts, TokenPairs pairs, JsonWebToken jwt, ClientResolver clients) {
        this.clients = clients;
        this.accounts = accounts;
        this.pairs = pairs;
        this.jwt = jwt;
    }

    @GET
    public UserView me() {
        return UserView.of(accounts.get(UUID.fromString(jwt.getSubject())));
    }

    /** New password; every session is revoked and a fresh pair is returned for this client. */
    @PUT
    @Path("/password")
    public Response changePassword(@Valid @NotNull ChangePasswordRequest request,
            @HeaderParam(TokenPairs.TRANSPORT_HEADER) String transport, @Context HttpServerRequest http) {
        return pairs.respond(accounts.changePassword(UUID.fromString(jwt.getSubject()), request.currentPassword(),
                request.newPassword(), clients.resolve(http)), transport);
    }
}
