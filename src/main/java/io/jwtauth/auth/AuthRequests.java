package io.jwtauth.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The request bodies of /auth/*. Emails are trimmed on the way in. */
final class AuthRequests {

    static final int MAX_EMAIL = 254;

    private AuthRequests() {
    }

    @RegisterForReflection
    record RegisterRequest(
            @NotBlank @Email @Size(max = MAX_EMAIL) String email,
            @NotNull String password,
            @Size(max = 200) String displayName) {
        RegisterRequest {
            email = email == null ? null : email.strip();
            displayName = displayName == null ? null : displayName.strip();
        }
    }

    /** {@code device_token}: what an earlier successful login to this account returned, if the client kept it. */
    @RegisterForReflection
    record LoginRequest(@NotBlank @Size(max = MAX_EMAIL) String email, @NotNull String password,
            @JsonProperty("device_token") @Size(max = 256) String deviceToken) {
        LoginRequest {
            email = email == null ? null : email.strip();
        }
    }

    @RegisterForReflection
    record RefreshRequest(@JsonProperty("refresh_token") String refreshToken) {
    }
}
