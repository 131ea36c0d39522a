package io.jwtauth.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.jwtauth.token.TokenRejection;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The one place that turns a refusal (ours or the framework's) into RFC 9457 problem+json. */
public class ProblemMapper {

    static final String BEARER_CHALLENGE = "Bearer realm=\"jwt-auth\"";

    private final SecurityEvents events;
    private final DatabaseFailures database;

    ProblemMapper(SecurityEvents events, DatabaseFailures database) {
        this.events = events;
        this.database = database;
    }

    @ServerExceptionMapper
    public Response refused(ProblemException e) {
        Problem p = Problem.of(e.status(), e.code(), e.getMessage());
        Response.ResponseBuilder rb = problem(e.errors() == null ? p
                : new Problem(p.type(), p.title(), p.status(), p.detail(), p.code(), e.errors()));
        e.headers().forEach(rb::header);
        return rb.build();
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(field(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        return problem(new Problem("about:blank", "Bad Request", 400, "The request has invalid fields",
                "validation_failed", errors)).build();
    }

    @ServerExceptionMapper
    public Response malformed(JsonProcessingException e) {
        return problem(Problem.of(400, "malformed_request", "The request body is not valid JSON of the expected shape"))
                .build();
    }

    /** Well-formed JSON of the wrong shape or type (takes precedence over Quarkus' built-in mapper). */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return malformed(e);
    }

    /** No credentials on an endpoint that needs them. */
    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException e) {
        return problem(Problem.of(401, "unauthorized", "A bearer access token is required"))
                .header(HttpHeaders.WWW_AUTHENTICATE, BEARER_CHALLENGE)
                .build();
    }

    /**
     * A bearer token was sent and rejected (RFC 6750 invalid_token) — unless it could not be checked because the
     * database failed: that is a 503, not a verdict. (The token checks' loader runs inside authentication; today
     * its failure reaches {@link #unexpected} unwrapped, but a security component that wraps it in an
     * authentication failure must not turn an outage into a 401 that makes clients drop valid tokens.)
     */
    @ServerExceptionMapper
    public Response rejected(AuthenticationFailedException e) {
        Optional<ProblemException> unavailable = database.refusal(e);
        if (unavailable.isPresent()) {
            return refused(unavailable.get());
        }
        TokenRejection.Reason reason = TokenRejection.reasonOf(e);
        events.tokenRejected(reason);
        return problem(Problem.of(401, "invalid_token", reason.description()))
                .header(HttpHeaders.WWW_AUTHENTICATE,
                        BEARER_CHALLENGE + ", error=\"invalid_token\", error_description=\"" + reason.description() + "\"")
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return problem(Problem.of(403, "forbidden", "This action needs a role the token does not carry")).build();
    }

    @ServerExceptionMapper
    public Response framework(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e);
        }
        String code = switch (status) {
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            case 400 -> "malformed_request";
            default -> "bad_request";
        };
        String detail = switch (status) {
            case 404 -> "No such resource";
            case 405 -> "Method not allowed on this resource";
            case 413 -> "The request body is larger than 64 KiB";
            case 415 -> "Send application/json";
            default -> "The request cannot be processed";
        };
        Response.ResponseBuilder rb = problem(Problem.of(status, code, detail));
        String allow = e.getResponse().getHeaderString(HttpHeaders.ALLOW);
        if (allow != null) {
            rb.header(HttpHeaders.ALLOW, allow);
        }
        return rb.build();
    }

    /**
     * A database that cannot serve the request is a 503 (see {@link DatabaseFailures}); anything else is our bug:
     * logged once with an id, answered with no details.
     */
    @ServerExceptionMapper(priority = Integer.MAX_VALUE)
    public Response unexpected(Throwable e) {
        String errorId = RequestIds.current();
        if (clientWentAway(e)) {
            // the client closed the connection while sending its body: nobody reads this answer
            Log.debugf("Request %s: client closed the connection", errorId);
            return problem(Problem.of(400, "malformed_request", "The request body was cut off")).build();
        }
        Optional<ProblemException> unavailable = database.refusal(e);
        if (unavailable.isPresent()) {
            return refused(unavailable.get());
        }
        Log.errorf(e, "Unexpected error in request %s", errorId);
        return problem(Problem.of(500, "internal_error", "Unexpected error; reference " + errorId)).build();
    }

    private static boolean clientWentAway(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof io.vertx.core.http.HttpClosedException) {
                return true;
            }
        }
        return false;
    }

    static Response.ResponseBuilder problem(Problem p) {
        return Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(p);
    }

    /** The field as the client wrote it: a body member ({@code roles[0]}), a text parameter, or "body" itself. */
    private static String field(ConstraintViolation<?> v) {
        StringBuilder path = new StringBuilder();
        String parameter = null;
        for (Path.Node node : v.getPropertyPath()) {
            switch (node.getKind()) {
                case PARAMETER -> parameter = node.getName();
                case PROPERTY -> path.append(path.isEmpty() ? "" : ".").append(node.getName());
                case CONTAINER_ELEMENT -> path.append(node.getIndex() == null ? "" : "[" + node.getIndex() + "]");
                default -> {
                    // the method, or a cross-parameter node: not part of the field's name
                }
            }
        }
        if (path.isEmpty() && v.getInvalidValue() instanceof CharSequence && parameter != null) {
            return parameter; // a text parameter (query, header) is named by itself; a request body is "body"
        }
        return path.isEmpty() ? "body" : path.toString();
    }
}
