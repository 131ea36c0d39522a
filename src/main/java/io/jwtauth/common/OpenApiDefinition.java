package io.jwtauth.common;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The OpenAPI document's frame (/q/openapi): info, tags, the {@code bearer} scheme and the problem+json answers that
 * many operations share. Documentation only: no {@code @ApplicationPath}, so every path stays where API.md puts it.
 */
@OpenAPIDefinition(
        info =
                @Info(
                        title = "jwt-auth-service",
                        version = "1",
                        description = "Registration, login, rotating refresh tokens, sessions, user administration and "
                                + "service accounts, with RS256 access tokens. Every error is RFC 9457 "
                                + "problem+json with a stable `code`, except at the OAuth endpoints (/oauth/*), "
                                + "which answer in RFC 6749's format for OAuth client libraries."),
        tags = {
            @Tag(name = OpenApiDefinition.TAG_AUTH, description = "Register, log in, refresh, log out"),
            @Tag(name = OpenApiDefinition.TAG_USERS, description = "The caller's own account"),
            @Tag(name = OpenApiDefinition.TAG_SESSIONS, description = "The caller's live sessions"),
            @Tag(name = OpenApiDefinition.TAG_ADMIN, description = "User administration (role admin)"),
            @Tag(name = OpenApiDefinition.TAG_KEYS, description = "Public verification keys"),
            @Tag(
                    name = OpenApiDefinition.TAG_OAUTH,
                    description = "Service accounts' OAuth endpoints: client credentials grant, token introspection "
                            + "and revocation, server metadata (form-encoded, RFC 6749 errors)"),
            @Tag(
                    name = OpenApiDefinition.TAG_REVOCATIONS,
                    description = "Revocation events for APIs that verify our tokens offline (role resource-server)")
        },
        components =
                @Components(
                        securitySchemes = {
                            @SecurityScheme(
                                    securitySchemeName = OpenApiDefinition.BEARER,
                                    type = SecuritySchemeType.HTTP,
                                    scheme = "bearer",
                                    bearerFormat = "JWT",
                                    description =
                                            "An RS256 access token from /auth/login, /auth/refresh or /oauth/token"),
                            @SecurityScheme(
                                    securitySchemeName = OpenApiDefinition.CLIENT_BASIC,
                                    type = SecuritySchemeType.HTTP,
                                    scheme = "basic",
                                    description = "A service account's client id and secret (client_secret_basic, "
                                            + "RFC 6749 §2.3.1)")
                        },
                        responses = {
                            // error responses name their codes; ProblemDocumentation adds content and examples
                            @APIResponse(
                                    name = OpenApiDefinition.BAD_REQUEST,
                                    description = "validation_failed, malformed_request — wrong types, invalid fields "
                                            + "or a body that is not JSON of the expected shape",
                                    content =
                                            @Content(
                                                    mediaType = Problem.MEDIA_TYPE,
                                                    schema = @Schema(implementation = Problem.class))),
                            @APIResponse(
                                    name = OpenApiDefinition.UNAUTHORIZED,
                                    description = "unauthorized, invalid_token — no bearer token, or a rejected one "
                                            + "(RFC 6750)",
                                    headers =
                                            @Header(
                                                    name = "WWW-Authenticate",
                                                    description =
                                                            "Bearer realm=\"jwt-auth\", plus error=\"invalid_token\" and "
                                                                    + "error_description when a token was sent but rejected",
                                                    schema = @Schema(type = SchemaType.STRING))),
                            @APIResponse(
                                    name = OpenApiDefinition.FORBIDDEN,
                                    description = "forbidden — the token does not carry the role this operation needs"),
                            @APIResponse(name = OpenApiDefinition.NOT_FOUND, description = "not_found"),
                            @APIResponse(
                                    name = OpenApiDefinition.TOO_MANY_ATTEMPTS,
                                    description = "too_many_attempts — wait as long as Retry-After says"),
                            @APIResponse(
                                    name = OpenApiDefinition.SERVICE_UNAVAILABLE,
                                    description = "overloaded, unavailable — too much work queued, or the database "
                                            + "unreachable; retry after Retry-After"),
                            @APIResponse(
                                    name = OpenApiDefinition.TOKEN_PAIR,
                                    description = "A token pair. With X-Refresh-Transport: cookie the refresh token is "
                                            + "not in the body but in the refresh_token cookie (HttpOnly; Secure; "
                                            + "SameSite=Strict; Path=/auth)",
                                    headers = {
                                        @Header(
                                                name = "Cache-Control",
                                                description = "no-store",
                                                schema = @Schema(type = SchemaType.STRING)),
                                        @Header(
                                                name = "Set-Cookie",
                                                description =
                                                        "refresh_token=...; only with X-Refresh-Transport: cookie",
                                                schema = @Schema(type = SchemaType.STRING))
                                    },
                                    content =
                                            @Content(
                                                    mediaType = "application/json",
                                                    schema = @Schema(implementation = TokenResponse.class),
                                                    example =
                                                            "{\"access_token\":\"eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIiwidHlwIjoiSldUIn0"
                                                                    + ".eyJzdWIiOiIuLi4ifQ.c2lnbmF0dXJl\",\"token_type\":\"Bearer\","
                                                                    + "\"expires_in\":900,\"refresh_token\":\"m1gK3v0x8cQ2pVqE7yZr5Wb9LtNf"
                                                                    + "HsJ4aDkUoX6eR0iY\",\"refresh_expires_in\":604800}"))
                        }))
public class OpenApiDefinition extends jakarta.ws.rs.core.Application {

    public static final String BEARER = "bearer";
    public static final String CLIENT_BASIC = "clientBasic";

    public static final String TAG_AUTH = "auth";
    public static final String TAG_USERS = "users";
    public static final String TAG_SESSIONS = "sessions";
    public static final String TAG_ADMIN = "admin";
    public static final String TAG_KEYS = "keys";
    public static final String TAG_OAUTH = "oauth";
    public static final String TAG_REVOCATIONS = "revocations";

    // names of the shared responses in components.responses, for @APIResponse(ref = ...)
    public static final String BAD_REQUEST = "BadRequest";
    public static final String UNAUTHORIZED = "Unauthorized";
    public static final String FORBIDDEN = "Forbidden";
    public static final String NOT_FOUND = "NotFound";
    public static final String TOO_MANY_ATTEMPTS = "TooManyAttempts";
    public static final String SERVICE_UNAVAILABLE = "ServiceUnavailable";
    public static final String TOKEN_PAIR = "TokenPair";

    /** RFC 7517 JWK Set of the verification keys (GET /.well-known/jwks.json). */
    @Schema(name = "JwkSet", requiredProperties = "keys")
    public record JwkSet(List<Jwk> keys) {}

    /** One public RSA verification key. */
    @Schema(
            name = "Jwk",
            requiredProperties = {"kty", "kid", "use", "alg", "n", "e"})
    public record Jwk(
            @Schema(enumeration = "RSA") String kty,

            @Schema(description = "Key id; matches the kid header of the tokens it verifies")
            String kid,

            @Schema(enumeration = "sig") String use,
            @Schema(enumeration = "RS256") String alg,
            @Schema(description = "Modulus, base64url") String n,

            @Schema(description = "Public exponent, base64url", example = "AQAB")
            String e) {}
}
