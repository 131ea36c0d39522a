package io.jwtauth.common;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * RFC 9457 problem details, with the contract's {@code code} and, for validation, the field errors. Made from the
 * {@link Problems} catalogue. {@code members} are extension members written beside the others (RFC 9457 3.2), such
 * as the {@code mfa_token} of {@code mfa_required}.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        String type,
        String title,
        int status,
        String detail,
        String code,
        List<FieldError> errors,
        // written as members of their own, not as an object; documented where they occur (mfa_required)
        @JsonAnyGetter @Schema(hidden = true) Map<String, Object> members) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem(String type, String title, int status, String detail, String code, List<FieldError> errors) {
        this(type, title, status, detail, code, errors, null);
    }

    /** One rejected field of a request body. */
    @RegisterForReflection
    public record FieldError(String field, String message) {}
}
