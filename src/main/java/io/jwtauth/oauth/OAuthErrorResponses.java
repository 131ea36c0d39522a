package io.jwtauth.oauth;

import jakarta.ws.rs.core.MediaType;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The OAuth error answers that several /oauth endpoints share, documented once: an endpoint names them
 * ({@code @OAuthErrorResponses.Throttled}) and SmallRye OpenAPI reads the {@code @APIResponse} they carry.
 * OAuth errors are not problem+json, so they have no code list for ProblemDocumentation.
 */
final class OAuthErrorResponses {

    static final String BAD_REQUEST = "OAuth error invalid_request: malformed form, a missing or repeated "
            + "parameter, a value with control characters or too long";
    static final String THROTTLED =
            "OAuth error slow_down: too many failed client authentications; retry after Retry-After seconds";
    static final String UNAVAILABLE = "OAuth error temporarily_unavailable: the database is unreachable or "
            + "every connection busy; retry after Retry-After seconds";

    private OAuthErrorResponses() {}

    /** 400 invalid_request: the form could not be read. */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @APIResponse(
            responseCode = "400",
            description = BAD_REQUEST,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = OAuthError.class)))
    @interface Malformed {}

    /** 429 slow_down: failed client authentications are throttled like logins. */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @APIResponse(
            responseCode = "429",
            description = THROTTLED,
            headers = @Header(name = "Retry-After", schema = @Schema(type = SchemaType.INTEGER)),
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = OAuthError.class)))
    @interface Throttled {}

    /** 503 temporarily_unavailable: every endpoint needs the database. */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @APIResponse(
            responseCode = "503",
            description = UNAVAILABLE,
            headers = @Header(name = "Retry-After", schema = @Schema(type = SchemaType.INTEGER)),
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = OAuthError.class)))
    @interface Unavailable {}
}
