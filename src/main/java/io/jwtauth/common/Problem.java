package io.jwtauth.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * RFC 9457 problem details, with the contract's {@code code} and, for validation, the field errors. Made from the
 * {@link Problems} catalogue.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String code, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One rejected field of a request body. */
    @RegisterForReflection
    public record FieldError(String field, String message) {}
}
