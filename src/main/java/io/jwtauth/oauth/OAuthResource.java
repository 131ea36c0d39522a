package io.jwtauth.oauth;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.jwtauth.common.ClientResolver;
import io.jwtauth.common.DatabaseFailures;
import io.jwtauth.common.OpenApiDefinition;
import io.jwtauth.common.Problem;
import io.jwtauth.common.ProblemException;
import io.jwtauth.common.ProblemMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.HashMap;
import java.util.Map;
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
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * /oauth: the client credentials grant (RFC 6749 §4.4), introspection (RFC 7662) and revocation (RFC 7009), in OAuth's
 * own formats: form-encoded requests, errors as {@code {"error", "error_description"}} — rendered by the exception
 * mappers of this class, which apply to these endpoints only (everywhere else errors are problem+json).
 */
@Path("/oauth")
@Tag(name = OpenApiDefinition.TAG_OAUTH)
public class OAuthResource {

    static final String NO_STORE = "no-store";

    /** Parameters each endpoint reads, with their longest values; others are ignored. */
    private static final Map<String, Integer> TOKEN_PARAMETERS = Map.of(
            ClientCredentialsGrant.GRANT_TYPE,
            64,
            ClientCredentialsGrant.SCOPE,
            1024,
            PresentedClient.CLIENT_ID,
            PresentedClient.MAX_LENGTH,
            PresentedClient.CLIENT_SECRET,
            PresentedClient.MAX_LENGTH);
    // a token is bounded by the body limit; one longer than any of ours is answered as not ours, not as malformed
    private static final Map<String, Integer> TOKEN_PARAMETER =
            Map.of(Introspection.TOKEN, Integer.MAX_VALUE, Introspection.TOKEN_TYPE_HINT, 64);

    private static final String FORM = OAuthForm.MEDIA_TYPE;

    /** The form of a token request (documentation). */
    @Schema(name = "ClientCredentialsRequest", requiredProperties = "grant_type")
    record TokenForm(
            @Schema(enumeration = ClientCredentialsGrant.CLIENT_CREDENTIALS) @JsonProperty("grant_type")
            String grantType,

            @Schema(description = "client_secret_post: the client id (or with Basic: the same as there)")
            @JsonProperty("client_id")
            String clientId,

            @Schema(description = "client_secret_post: the secret; never together with Basic")
            @JsonProperty("client_secret")
            String clientSecret) {}

    /** The form of an introspection or revocation request (documentation). */
    @Schema(name = "TokenRequest", requiredProperties = "token")
    record TokenParameterForm(
            @Schema(description = "The token") String token,

            @Schema(
                    description = "access_token or refresh_token; optional, the token's form decides",
                    enumeration = {"access_token", "refresh_token"})
            @JsonProperty("token_type_hint")
            String tokenTypeHint) {}

    private final ClientCredentialsGrant grant;
    private final Introspection introspection;
    private final TokenRevocation revocation;
    private final ClientResolver clients;
    private final DatabaseFailures database;

    OAuthResource(
            ClientCredentialsGrant grant,
            Introspection introspection,
            TokenRevocation revocation,
            ClientResolver clients,
            DatabaseFailures database) {
        this.grant = grant;
        this.introspection = introspection;
        this.revocation = revocation;
        this.clients = clients;
        this.database = database;
    }

    @POST
    @Path("/token")
    @Consumes(MediaType.WILDCARD) // anything but a form is answered here, as invalid_request
    @Produces(MediaType.APPLICATION_JSON)
    @PermitAll
    @Operation(
            operationId = "clientCredentialsToken",
            summary = "A service account's access token (client credentials grant)",
            description = "grant_type=client_credentials, the client authenticated by client_secret_basic "
                    + "(Authorization: Basic, id and secret form-encoded) or client_secret_post (client_id and "
                    + "client_secret in the form) — not both. The token: sub and client_id are the client id, groups "
                    + "its roles, sid its credential; no refresh token. Failed authentications are throttled like "
                    + "logins (per client id and address, per address, per client id).")
    @SecurityRequirementsSet({})
    @SecurityRequirementsSet(@SecurityRequirement(name = OpenApiDefinition.CLIENT_BASIC))
    @RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = FORM,
                            schema = @Schema(implementation = TokenForm.class),
                            examples = @ExampleObject(name = "basic", value = "grant_type=client_credentials")))
    @APIResponse(
            responseCode = "200",
            description = "The access token",
            headers =
                    @Header(name = "Cache-Control", description = NO_STORE, schema = @Schema(type = SchemaType.STRING)),
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ClientTokenResponse.class)))
    @APIResponse(
            responseCode = "400",
            description = OAuthErrorResponses.BAD_REQUEST
                    + "; or unsupported_grant_type (not client_credentials), invalid_scope "
                    + "(a scope was asked for), invalid_request (both authentication methods at once)",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = OAuthError.class)))
    @APIResponse(
            responseCode = "401",
            description = "OAuth error invalid_client: no, unreadable, unknown or wrong client credentials (the same "
                    + "answer for an unknown client id and a wrong secret)",
            headers =
                    @Header(
                            name = "WWW-Authenticate",
                            description = OAuthErrors.BASIC_CHALLENGE,
                            schema = @Schema(type = SchemaType.STRING)),
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = OAuthError.class)))
    @OAuthErrorResponses.Throttled
    @OAuthErrorResponses.Unavailable
    public Response token(
            String body,
            @Parameter(hidden = true) @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @Parameter(hidden = true) @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @Context HttpServerRequest http) {
        OAuthForm form = OAuthForm.parse(contentType, body, TOKEN_PARAMETERS);
        PresentedClient client = PresentedClient.of(authorization, form);
        return Response.ok(grant.grant(form, client, clients.resolve(http)))
                .header(HttpHeaders.CACHE_CONTROL, NO_STORE)
                .header("Pragma", "no-cache")
                .build();
    }

    @POST
    @Path("/introspect")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @PermitAll
    @Operation(
            operationId = "introspectToken",
            summary = "Whether a token is active, and its claims (RFC 7662)",
            description = "For a service account with role resource-server, authenticated by its client id and "
                    + "secret (Basic) or its own access token (Bearer). Answers from the same checks as this "
                    + "service's own verification (signature, kid, issuer, audience, expiry, tokenVersion, session, "
                    + "subject enabled): a revoked, expired, forged, unknown or refresh token is {\"active\": false}.")
    @SecurityRequirementsSet(@SecurityRequirement(name = OpenApiDefinition.CLIENT_BASIC))
    @SecurityRequirementsSet(@SecurityRequirement(name = OpenApiDefinition.BEARER))
    @RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = FORM,
                            schema = @Schema(implementation = TokenParameterForm.class),
                            examples = @ExampleObject(name = "introspect", value = "token=eyJhbGciOiJSUzI1NiIs...")))
    @APIResponse(
            responseCode = "200",
            description = "The token's state",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = IntrospectionResponse.class),
                            examples = {
                                @ExampleObject(name = "inactive", value = "{\"active\":false}"),
                                @ExampleObject(
                                        name = "client",
                                        value = "{\"active\":true,\"sub\":\"5f0c6a7e-2b1d-4f7a-9c3e-8d2b1a0f9e11\","
                                                + "\"client_id\":\"5f0c6a7e-2b1d-4f7a-9c3e-8d2b1a0f9e11\","
                                                + "\"groups\":[\"resource-server\"],\"sid\":\"0b7e...\",\"jti\":\"...\","
                                                + "\"exp\":1767225600,\"iat\":1767224700,"
                                                + "\"iss\":\"https://auth.example.com\",\"aud\":\"jwt-auth-clients\","
                                                + "\"token_type\":\"Bearer\"}")
                            }))
    @OAuthErrorResponses.Malformed
    @APIResponse(
            responseCode = "401",
            description = "OAuth error invalid_client (no, unknown or wrong client credentials) or invalid_token (the "
                    + "caller's own bearer token is refused)",
            headers =
                    @Header(
                            name = "WWW-Authenticate",
                            description = OAuthErrors.BASIC_CHALLENGE + ", or a Bearer challenge for a bearer caller",
                            schema = @Schema(type = SchemaType.STRING)),
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = OAuthError.class)))
    @APIResponse(
            responseCode = "403",
            description = "OAuth error unauthorized_client (Basic) or insufficient_scope (Bearer): the caller does not "
                    + "hold the role resource-server",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = OAuthError.class)))
    @OAuthErrorResponses.Throttled
    @OAuthErrorResponses.Unavailable
    public Uni<Response> introspect(
            String body,
            @Parameter(hidden = true) @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @Parameter(
                            in = ParameterIn.HEADER,
                            description = "Basic client credentials, or Bearer with the caller's own access token")
                    @HeaderParam(HttpHeaders.AUTHORIZATION)
                    String authorization,
            @Context HttpServerRequest http) {
        OAuthForm form = OAuthForm.parse(contentType, body, TOKEN_PARAMETER);
        return introspection
                .authorize(authorization, clients.resolve(http))
                .chain(() -> introspection.inspect(form.required(Introspection.TOKEN)))
                .map(answer -> Response.ok(answer)
                        .header(HttpHeaders.CACHE_CONTROL, NO_STORE)
                        .build());
    }

    @POST
    @Path("/revoke")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @PermitAll
    @Operation(
            operationId = "revokeToken",
            summary = "Revoke a token (RFC 7009)",
            description = "For anyone holding the token; no client authentication. A refresh token revokes its "
                    + "session, as logout does; an access token revokes the session of its sid — for a service "
                    + "account's token that is its credential: every token issued with the secret dies, the secret "
                    + "stays valid. 200 whatever the token (unknown, expired and revoked ones included).")
    @SecurityRequirementsSet({})
    @RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = FORM,
                            schema = @Schema(implementation = TokenParameterForm.class),
                            examples =
                                    @ExampleObject(
                                            name = "revoke",
                                            value = "token=m1gK3v0x8cQ2pVqE7yZr5Wb9LtNfHsJ4aDkUoX6eR0iY")))
    @APIResponse(responseCode = "200", description = "Revoked, or nothing to revoke")
    @OAuthErrorResponses.Malformed
    @OAuthErrorResponses.Unavailable
    public Response revoke(
            String body, @Parameter(hidden = true) @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType) {
        OAuthForm form = OAuthForm.parse(contentType, body, TOKEN_PARAMETER);
        revocation.revoke(form.required(Introspection.TOKEN));
        return Response.ok().header(HttpHeaders.CACHE_CONTROL, NO_STORE).build();
    }

    @ServerExceptionMapper
    public Response refused(OAuthException e) {
        Response.ResponseBuilder answer = Response.status(e.error().status())
                .type(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CACHE_CONTROL, NO_STORE)
                .entity(new OAuthError(e.error().error(), e.getMessage()));
        e.headers().forEach(answer::header);
        return answer.build();
    }

    /** Throttling (429) and an unavailable database (503), in OAuth's format with their Retry-After. */
    @ServerExceptionMapper
    public Response refused(ProblemException e) {
        OAuthErrors error = switch (e.status()) {
            case 429 -> OAuthErrors.SLOW_DOWN;
            case 503 -> OAuthErrors.TEMPORARILY_UNAVAILABLE;
            default -> e.status() >= 500 ? OAuthErrors.SERVER_ERROR : OAuthErrors.INVALID_REQUEST;
        };
        return refused(error.exception(e.getMessage(), e.headers()));
    }

    /** Anything else: the one mapper of unexpected errors decides (and logs), the answer is in OAuth's format. */
    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        Response problem = ProblemMapper.unexpected(e, database);
        Problem body = (Problem) problem.getEntity();
        OAuthErrors error = switch (body.status()) {
            case 503 -> OAuthErrors.TEMPORARILY_UNAVAILABLE;
            case 500 -> OAuthErrors.SERVER_ERROR;
            default -> OAuthErrors.INVALID_REQUEST;
        };
        Map<String, String> headers = new HashMap<>();
        String retryAfter = problem.getHeaderString("Retry-After");
        if (retryAfter != null) {
            headers.put("Retry-After", retryAfter);
        }
        return refused(error.exception(body.detail(), headers));
    }
}
