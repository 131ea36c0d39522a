package io.jwtauth.oauth;

import io.jwtauth.common.OpenApiDefinition;
import io.jwtauth.common.PublicUrl;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * GET /.well-known/oauth-authorization-server: the RFC 8414 metadata, so OAuth libraries find the endpoints. The
 * same document whatever the request's Host or X-Forwarded-* headers: its URLs come from {@code auth.public-url}.
 */
@Path("/.well-known/oauth-authorization-server")
@Tag(name = OpenApiDefinition.TAG_OAUTH)
public class AuthorizationServerMetadataResource {

    private final PublicUrl url;
    private final String issuer;
    private volatile AuthorizationServerMetadata metadata;

    AuthorizationServerMetadataResource(PublicUrl url, @ConfigProperty(name = "mp.jwt.verify.issuer") String issuer) {
        this.url = url;
        this.issuer = issuer;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "getAuthorizationServerMetadata",
            summary = "The OAuth authorization server metadata (RFC 8414)",
            description = "Absolute URLs from the configured public URL (AUTH_PUBLIC_URL), never from request headers;"
                    + " the issuer is the one in every access token.")
    @APIResponse(
            responseCode = "200",
            description = "The metadata document",
            headers =
                    @Header(
                            name = "Cache-Control",
                            description = "public, max-age=300",
                            schema = @Schema(type = SchemaType.STRING)),
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = AuthorizationServerMetadata.class)))
    public Response metadata() {
        AuthorizationServerMetadata document = metadata;
        if (document == null) {
            document = AuthorizationServerMetadata.of(issuer, url);
            metadata = document;
        }
        return Response.ok(document)
                .header("Cache-Control", "public, max-age=300")
                .build();
    }
}
