package io.jwtauth.common;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/**
 * Step-up for admins: with {@code auth.admin.require-mfa}, an admin endpoint ({@link AdminStepUp}) answers 403
 * mfa_required to a token without {@code otp} in {@code amr}. Runs when the endpoint is invoked, so after the role
 * check: a caller without the admin role still gets 401 or 403 forbidden.
 */
@AdminStepUp
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE)
class AdminStepUpCheck {

    private final Caller caller;
    private final boolean required;

    AdminStepUpCheck(Caller caller, AuthConfig config) {
        this.caller = caller;
        this.required = config.admin().requireMfa();
    }

    @AroundInvoke
    Object check(InvocationContext invocation) throws Exception {
        if (required && !caller.authenticatedWith(AuthenticationMethods.ONE_TIME_CODE)) {
            throw Problems.MFA_REQUIRED.exception(
                    "Admin endpoints need a login with a second factor; log in again with your authenticator");
        }
        return invocation.proceed();
    }
}
