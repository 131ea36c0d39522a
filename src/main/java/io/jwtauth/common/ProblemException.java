package io.jwtauth.common;

import java.util.List;
import java.util.Map;

/** This request is refused: the HTTP status, the contract's stable {@code code}, and a human detail. */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String code;
    private final Map<String, String> headers;
    private final List<Problem.FieldError> errors;

    public ProblemException(int status, String code, String detail) {
        this(status, code, detail, Map.of());
    }

    public ProblemException(int status, String code, String detail, Map<String, String> headers) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.headers = headers;
        this.errors = null;
    }

    private ProblemException(List<Problem.FieldError> errors) {
        super("The request has invalid fields", null, false, false);
        this.status = 400;
        this.code = "validation_failed";
        this.headers = Map.of();
        this.errors = errors;
    }

    /** 400 validation_failed for one field, in the same shape as Bean Validation failures. */
    public static ProblemException invalidField(String field, String message) {
        return new ProblemException(List.of(new Problem.FieldError(field, message)));
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** Field errors of a validation_failed problem, else null. */
    public List<Problem.FieldError> errors() {
        return errors;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(404, "not_found", what + " not found");
    }
}
