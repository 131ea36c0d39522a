package io.jwtauth.common;

import java.util.List;
import java.util.Map;

/** This request is refused: an entry of the {@link Problems} catalogue, a human detail, headers, field errors. */
public class ProblemException extends RuntimeException {

    private final Problems problem;
    private final Map<String, String> headers;
    private final List<Problem.FieldError> errors;
    private final Map<String, Object> members;

    ProblemException(Problems problem, String detail, Map<String, String> headers, List<Problem.FieldError> errors) {
        this(problem, detail, headers, errors, null);
    }

    ProblemException(
            Problems problem,
            String detail,
            Map<String, String> headers,
            List<Problem.FieldError> errors,
            Map<String, Object> members) {
        super(detail, null, false, false);
        this.problem = problem;
        this.headers = headers;
        this.errors = errors;
        this.members = members;
    }

    public Problems problem() {
        return problem;
    }

    public int status() {
        return problem.status();
    }

    public String code() {
        return problem.code();
    }

    /** Field errors of a validation_failed problem, else null. */
    public List<Problem.FieldError> errors() {
        return errors;
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** The body this refusal is answered with. */
    public Problem body() {
        Problem p = problem.problem(getMessage());
        return errors == null && members == null
                ? p
                : new Problem(p.type(), p.title(), p.status(), p.detail(), p.code(), errors, members);
    }
}
