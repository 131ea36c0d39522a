package io.jwtauth.common;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Marks the admin endpoints: with {@code auth.admin.require-mfa} they refuse an access token whose session was not
 * authenticated with a second factor ({@link AdminStepUpCheck}). Put it beside {@code @RolesAllowed("admin")}: it
 * also documents the 403 both refuse with (SmallRye OpenAPI reads the {@code @APIResponse} it carries).
 */
@InterceptorBinding
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@APIResponse(
        responseCode = "403",
        description = "forbidden, mfa_required — the token lacks the role admin; or AUTH_ADMIN_REQUIRE_MFA is on and "
                + "the token's login had no second factor (no otp in amr)")
public @interface AdminStepUp {}
