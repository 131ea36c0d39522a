package io.jwtauth.oauth;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.jwtauth.common.PublicUrl;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * The RFC 8414 metadata document: where the endpoints are (absolute URLs from the public URL) and what they accept.
 * No authorization endpoint: the only grant is client credentials, so no response type is supported.
 */
@RegisterForReflection
public record AuthorizationServerMetadata(
        String issuer,
        @JsonProperty("jwks_uri") String jwksUri,
        @JsonProperty("token_endpoint") String tokenEndpoint,
        @JsonProperty("introspection_endpoint") String introspectionEndpoint,
        @JsonProperty("revocation_endpoint") String revocationEndpoint,
        @JsonProperty("grant_types_supported") List<String> grantTypesSupported,

        @JsonProperty("token_endpoint_auth_methods_supported")
        List<String> tokenEndpointAuthMethodsSupported,

        @JsonProperty("introspection_endpoint_auth_methods_supported")
        List<String> introspectionEndpointAuthMethodsSupported,

        @JsonProperty("revocation_endpoint_auth_methods_supported")
        List<String> revocationEndpointAuthMethodsSupported,

        @JsonProperty("response_types_supported") List<String> responseTypesSupported) {

    static AuthorizationServerMetadata of(String issuer, PublicUrl url) {
        return new AuthorizationServerMetadata(
                issuer,
                url.of("/.well-known/jwks.json"),
                url.of("/oauth/token"),
                url.of("/oauth/introspect"),
                url.of("/oauth/revoke"),
                List.of(ClientCredentialsGrant.CLIENT_CREDENTIALS),
                List.of("client_secret_basic", "client_secret_post"),
                // a resource server may also present its own access token (Bearer), which RFC 8414 has no name for
                List.of("client_secret_basic"),
                List.of("none"),
                List.of());
    }
}
