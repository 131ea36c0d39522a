package io.jwtauth.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.jwtauth.common.Emails;
import io.jwtauth.common.PlainText;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * The request bodies of /auth/*. Emails are normalised on the way in ({@link Emails}), so validation, lookup,
 * throttling and storage all see the one form; every text field is {@link PlainText}.
 */
final class AuthRequests {

    static final int MAX_EMAIL = 254;
    /** Mailed tokens are 43 characters; anything much longer is no token of ours. */
    static final int MAX_TOKEN = 256;

    private AuthRequests() {}

    @RegisterForReflection
    record RegisterRequest(
            @NotBlank @Email @PlainText @Size(max = MAX_EMAIL)
            String email,

            @NotNull @PlainText String password,
            @PlainText @Size(max = 200) String displayName) {
        RegisterRequest {
            email = Emails.normalise(email);
            displayName = displayName == null ? null : displayName.strip();
        }
    }

    /** {@code device_token}: what an earlier successful login to this account returned, if the client kept it. */
    @RegisterForReflection
    record LoginRequest(
            @NotBlank @PlainText @Size(max = MAX_EMAIL) String email,
            @NotNull @PlainText String password,

            @JsonProperty("device_token") @PlainText @Size(max = 256)
            String deviceToken) {
        LoginRequest {
            email = Emails.normalise(email);
        }
    }

    /**
     * The second step of a login with MFA on: the mfa_token of the first, and either a TOTP {@code code} or a
     * {@code recovery_code}; {@code device_token} as at the first step.
     */
    @RegisterForReflection
    record MfaLoginRequest(
            @JsonProperty("mfa_token") @NotBlank @PlainText @Size(max = 256)
            String mfaToken,

            @PlainText @Size(max = 64) String code,

            @JsonProperty("recovery_code") @PlainText @Size(max = 64)
            String recoveryCode,

            @JsonProperty("device_token") @PlainText @Size(max = 256)
            String deviceToken) {}

    @RegisterForReflection
    record PasswordResetRequest(
            @NotBlank @Email @PlainText @Size(max = MAX_EMAIL)
            String email) {
        PasswordResetRequest {
            email = Emails.normalise(email);
        }
    }

    @RegisterForReflection
    record PasswordResetConfirmation(
            @NotBlank @PlainText @Size(max = MAX_TOKEN) String token,
            @NotNull @PlainText String newPassword) {}

    @RegisterForReflection
    record EmailVerificationRequest(
            @NotBlank @PlainText @Size(max = MAX_TOKEN) String token) {}

    /** Parsed by hand (the body is optional), so {@link AuthResource} applies {@link PlainText} itself. */
    @RegisterForReflection
    record RefreshRequest(@JsonProperty("refresh_token") String refreshToken) {}
}
