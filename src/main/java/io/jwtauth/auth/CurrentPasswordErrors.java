package io.jwtauth.auth;

import io.jwtauth.common.OpenApiDefinition;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Documents the errors of an operation that takes the caller's current password ({@link CurrentPassword}): 400 for a
 * body that is not valid, 403 for a wrong password, 429 while wrong guesses wait. Documentation only: SmallRye OpenAPI
 * reads the {@code @APIResponse}s it carries.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@APIResponse(responseCode = "400", ref = OpenApiDefinition.BAD_REQUEST)
@APIResponse(
        responseCode = "403",
        description =
                "invalid_credentials, forbidden — the current password is wrong, or the token lacks the role user")
@APIResponse(responseCode = "429", ref = OpenApiDefinition.TOO_MANY_ATTEMPTS)
@interface CurrentPasswordErrors {}
