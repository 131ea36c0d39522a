package io.jwtauth.client;

import io.jwtauth.common.AdminStepUp;
import io.jwtauth.common.BearerErrors;
import io.jwtauth.common.Caller;
import io.jwtauth.common.OpenApiDefinition;
import io.jwtauth.common.PlainText;
import io.jwtauth.user.User;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** /admin/clients: service accounts (machine-to-machine clients) — create, list, rotate the secret, delete. */
@Path("/admin/clients")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(User.ROLE_ADMIN)
@AdminStepUp
@Tag(name = OpenApiDefinition.TAG_ADMIN)
@SecurityRequirement(name = OpenApiDefinition.BEARER)
@BearerErrors
public class ClientResource {

    private static final String NO_STORE = "no-store";

    @RegisterForReflection
    record ClientRequest(
            @NotBlank @Size(max = 200) @PlainText String name,
            @NotNull @Size(min = 1, max = 10) List<@NotNull @PlainText String> roles) {}

    /** A new service account with its secret, shown this once. */
    @RegisterForReflection
    record NewClientResponse(UUID clientId, String clientSecret, String name, Set<String> roles, Instant createdAt) {}

    /** A rotated secret, shown this once. */
    @RegisterForReflection
    record ClientSecretResponse(UUID clientId, String clientSecret) {}

    private final ClientAdministration administration;
    private final Caller caller;

    ClientResource(ClientAdministration administration, Caller caller) {
        this.administration = administration;
        this.caller = caller;
    }

    @POST
    @Operation(
            operationId = "createClient",
            summary = "Create a service account",
            description = "Roles: resource-server (may introspect tokens and read revocation events) and any role a "
                    + "user may hold (user, admin). The secret is in this answer only; the service keeps a keyed hash "
                    + "of it. The client gets access tokens from POST /oauth/token (client credentials grant).")
    @RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ClientRequest.class),
                            examples =
                                    @ExampleObject(
                                            name = "client",
                                            value = "{\"name\":\"orders-api\",\"roles\":[\"resource-server\"]}")))
    @APIResponse(
            responseCode = "201",
            description = "The service account, with its secret (shown once)",
            headers =
                    @Header(name = "Cache-Control", description = NO_STORE, schema = @Schema(type = SchemaType.STRING)),
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = NewClientResponse.class)))
    @APIResponse(responseCode = "400", ref = OpenApiDefinition.BAD_REQUEST)
    public Response create(@Valid @NotNull ClientRequest request) {
        ClientAdministration.WithSecret created =
                administration.create(caller.userId(), request.name(), request.roles());
        ClientView client = created.client();
        return Response.status(Response.Status.CREATED)
                .header("Cache-Control", NO_STORE)
                .entity(new NewClientResponse(
                        client.clientId(), created.secret(), client.name(), client.roles(), client.createdAt()))
                .build();
    }

    @GET
    @Operation(operationId = "listClients", summary = "Every service account (never a secret)")
    @APIResponse(
            responseCode = "200",
            description = "The service accounts, oldest first",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(type = SchemaType.ARRAY, implementation = ClientView.class)))
    public List<ClientView> list() {
        return administration.list();
    }

    @POST
    @Path("/{clientId}/secret")
    @Operation(
            operationId = "rotateClientSecret",
            summary = "Give a service account a new secret",
            description = "The old secret and every access token issued with it die, on every instance within 2 s.")
    @APIResponse(
            responseCode = "200",
            description = "The new secret (shown once)",
            headers =
                    @Header(name = "Cache-Control", description = NO_STORE, schema = @Schema(type = SchemaType.STRING)),
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ClientSecretResponse.class)))
    @APIResponse(responseCode = "404", ref = OpenApiDefinition.NOT_FOUND)
    public Response rotateSecret(@Parameter(description = "Client id") @PathParam("clientId") UUID clientId) {
        ClientAdministration.WithSecret rotated = administration.rotate(caller.userId(), clientId);
        return Response.ok(new ClientSecretResponse(rotated.client().clientId(), rotated.secret()))
                .header("Cache-Control", NO_STORE)
                .build();
    }

    @DELETE
    @Path("/{clientId}")
    @Operation(
            operationId = "deleteClient",
            summary = "Delete a service account",
            description = "Its secret and every access token it holds die, on every instance within 2 s.")
    @APIResponse(responseCode = "204", description = "The service account is deleted")
    @APIResponse(responseCode = "404", ref = OpenApiDefinition.NOT_FOUND)
    public void delete(@Parameter(description = "Client id") @PathParam("clientId") UUID clientId) {
        administration.delete(caller.userId(), clientId);
    }
}
