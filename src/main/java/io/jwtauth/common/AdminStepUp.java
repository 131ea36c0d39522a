package io.jwtauth.common;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the admin endpoints: with {@code auth.admin.require-mfa} they refuse an access token whose session was not
 * authenticated with a second factor ({@link AdminStepUpCheck}). Put it beside {@code @RolesAllowed("admin")}.
 */
@InterceptorBinding
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface AdminStepUp {}
