package io.jwtauth.common;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Documents the errors every operation behind a bearer access token can answer: 401 for a missing or rejected token,
 * 503 when the database (or the bcrypt queue) cannot serve. Documentation only: SmallRye OpenAPI reads the
 * {@code @APIResponse}s it carries. The {@code @SecurityRequirement} stays on the resource, where SmallRye looks for it
 * (composed here, it would be joined by one derived from {@code @RolesAllowed}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@APIResponse(responseCode = "401", ref = OpenApiDefinition.UNAUTHORIZED)
@APIResponse(responseCode = "503", ref = OpenApiDefinition.SERVICE_UNAVAILABLE)
public @interface BearerErrors {}
