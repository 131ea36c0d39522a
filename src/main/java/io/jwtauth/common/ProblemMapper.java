package io.jwtauth.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.logging.Log;
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

/**
 * The one place that turns a refusal (ours or the framework's) into RFC 9457 problem+json, from the {@link Problems}
 * catalogue. (A rejected bearer token is the token feature's: its mapper renders through {@link #response}.)
 */
public class ProblemMapper {

    /** The RFC 6750 challenge of every bearer-protected endpoint. */
    public static final String BEARER_CHALLENGE = "Bearer realm=\"jwt-auth\"";

    private final DatabaseFailures database;

    ProblemMapper(DatabaseFailures database) {
        this.database = database;
    }

    @ServerExceptionMapper
    public Response refused(ProblemException e) {
        return response(e);
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(field(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        Problem p = Problems.VALIDATION_FAILED.problem();
        return problem(new Problem(p.type(), p.title(), p.status(), p.detail(), p.code(), errors))
                .build();
    }

    @ServerExceptionMapper
    public Response malformed(JsonProcessingException e) {
        return problem(Problems.MALFORMED_REQUEST.problem()).build();
    }

    /** Well-formed JSON of the wrong shape or type (takes precedence over Quarkus' built-in mapper). */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return malformed(e);
    }

    /** No credentials on an endpoint that needs them. */
    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException e) {
        return problem(Problems.UNAUTHORIZED.problem())
                .header(HttpHeaders.WWW_AUTHENTICATE, BEARER_CHALLENGE)
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return problem(Problems.FORBIDDEN.problem()).build();
    }

    @ServerExceptionMapper
    public Response framework(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e);
        }
        Problems known = Problems.forStatus(status);
        Problem p = known.status() == status
                ? known.problem()
                : new Problem("about:blank", Problems.title(status), status, known.detail(), known.code(), null);
        Response.ResponseBuilder rb = problem(p);
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
        return unexpected(e, database);
    }

    /** {@link #unexpected(Throwable)} for a mapper of another format (the OAuth endpoints'), which renders the body. */
    public static Response unexpected(Throwable e, DatabaseFailures database) {
        String errorId = RequestIds.current();
        if (clientWentAway(e)) {
            // the client closed the connection while sending its body: nobody reads this answer
            Log.debugf("Request %s: client closed the connection", errorId);
            return problem(Problems.MALFORMED_REQUEST.problem("The request body was cut off"))
                    .build();
        }
        Optional<ProblemException> unavailable = database.refusal(e);
        if (unavailable.isPresent()) {
            return response(unavailable.get());
        }
        Log.errorf(e, "Unexpected error in request %s", errorId);
        return problem(Problems.INTERNAL_ERROR.problem("Unexpected error; reference " + errorId))
                .build();
    }

    /** The answer to a refusal: its problem body and headers. */
    public static Response response(ProblemException e) {
        Response.ResponseBuilder rb = problem(e.body());
        e.headers().forEach(rb::header);
        return rb.build();
    }

    public static Response.ResponseBuilder problem(Problem p) {
        return Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(p);
    }

    private static boolean clientWentAway(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof io.vertx.core.http.HttpClosedException) {
                return true;
            }
        }
        return false;
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
