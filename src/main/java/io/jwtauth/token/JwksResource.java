package io.jwtauth.token;

import io.jwtauth.common.OpenApiDefinition;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** GET /.well-known/jwks.json: the public verification keys, for services that verify tokens offline. */
@Path("/.well-known/jwks.json")
@Tag(name = OpenApiDefinition.TAG_KEYS)
public class JwksResource {

    private final KeyRing keys;

    JwksResource(KeyRing keys) {
        this.keys = keys;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "getJwks",
            summary = "The public keys that verify access tokens (RFC 7517 JWK Set)",
            description = "Every configured verification key, by kid, so that a rotated key stays verifiable.")
    @APIResponse(
            responseCode = "200",
            description = "The JWK Set",
            headers =
                    @Header(
                            name = "Cache-Control",
                            description = "public, max-age=300",
                            schema = @Schema(type = SchemaType.STRING)),
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = OpenApiDefinition.JwkSet.class),
                            example =
                                    "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"k1\",\"use\":\"sig\",\"alg\":\"RS256\","
                                            + "\"n\":\"sXchDaQebHnPiGvyDOAT4saGEUetSyo9MKLOoWFsueri23bOdgWp4Dy1Wl...\",\"e\":\"AQAB\"}]}"))
    public Response jwks() {
        return Response.ok(keys.jwksJson())
                .header("Cache-Control", "public, max-age=300")
                .build();
    }
}
