package io.jwtauth.token;

import io.jwtauth.common.OpenApiDefinition;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * GET /.well-known/jwks.json: the public verification keys, for services that verify tokens offline. Cacheable for no
 * longer than the key files' reload interval, with an entity tag, so a verifier that revalidates gets a 304 until the
 * keys change.
 */
@Path("/.well-known/jwks.json")
@Tag(name = OpenApiDefinition.TAG_KEYS)
public class JwksResource {

    private final KeyRing keys;
    private final String cacheControl;

    JwksResource(KeyRing keys) {
        this.keys = keys;
        this.cacheControl = "public, max-age=" + keys.reloadInterval().toSeconds();
    }

    @GET
    @NonBlocking
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "getJwks",
            summary = "The public keys that verify access tokens (RFC 7517 JWK Set)",
            description = "Every configured verification key, by kid, so that a rotated key stays verifiable. "
                    + "Follows the key files without a restart; revalidate with If-None-Match.")
    @APIResponse(
            responseCode = "200",
            description = "The JWK Set",
            headers = {
                @Header(
                        name = "Cache-Control",
                        description = "public, max-age = the key reload interval in seconds (default 10)",
                        schema = @Schema(type = SchemaType.STRING)),
                @Header(
                        name = "ETag",
                        description = "the version of the key set",
                        schema = @Schema(type = SchemaType.STRING))
            },
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = OpenApiDefinition.JwkSet.class),
                            example =
                                    "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"k1\",\"use\":\"sig\",\"alg\":\"RS256\","
                                            + "\"n\":\"sXchDaQebHnPiGvyDOAT4saGEUetSyo9MKLOoWFsueri23bOdgWp4Dy1Wl...\",\"e\":\"AQAB\"}]}"))
    @APIResponse(responseCode = "304", description = "The keys did not change since the ETag sent in If-None-Match")
    public Response jwks(@Context HttpHeaders headers) {
        KeySet current = keys.current();
        EntityTag tag = new EntityTag(current.jwksTag());
        Response.ResponseBuilder response = unchanged(headers.getRequestHeader(HttpHeaders.IF_NONE_MATCH), tag)
                ? Response.notModified()
                : Response.ok(current.jwksJson());
        return response.tag(tag).header(HttpHeaders.CACHE_CONTROL, cacheControl).build();
    }

    /**
     * Whether If-None-Match names the current tag, by RFC 9110's weak comparison (a proxy that compresses the response
     * turns our tag into {@code W/"..."}, and its clients revalidate with that) or is {@code *}.
     */
    private static boolean unchanged(List<String> ifNoneMatch, EntityTag current) {
        if (ifNoneMatch == null) {
            return false;
        }
        String quoted = "\"" + current.getValue() + "\"";
        for (String line : ifNoneMatch) {
            for (String candidate : line.split(",")) {
                String opaque = candidate.trim();
                opaque = opaque.startsWith("W/") ? opaque.substring(2) : opaque;
                if (opaque.equals("*") || opaque.equals(quoted)) {
                    return true;
                }
            }
        }
        return false;
    }
}
