package io.jwtauth.token;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jwtauth.common.DatabaseFailures;
import io.jwtauth.common.Problem;
import io.jwtauth.common.ProblemException;
import io.jwtauth.common.ProblemMapper;
import io.jwtauth.common.Problems;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.AuthenticationFailedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A bearer token that was sent and rejected: 401 {@code invalid_token} with the RFC 6750 challenge naming the
 * reason, counted per reason ({@code auth_token_rejections_total}).
 */
public class BearerRejections {

    private final DatabaseFailures database;
    /**
     * Each reason's answer, made once: its counter, registered up front (every reason shows from 0), and its body and
     * challenge, the same for every rejection of the reason. A rejection is on the hot path of a token flood: no JSON
     * writing per request (Jackson and the writer lookup for an entity of unknown type were a third of a rejection's
     * request path in the profile of the bench's (b)).
     */
    private final Map<TokenRejection.Reason, Answer> answers = new EnumMap<>(TokenRejection.Reason.class);

    private record Answer(Counter counter, Problem problem, byte[] body, String challenge) {}

    BearerRejections(DatabaseFailures database, MeterRegistry registry, ObjectMapper json)
            throws JsonProcessingException {
        this.database = database;
        for (TokenRejection.Reason reason : TokenRejection.Reason.values()) {
            Problem problem = Problems.INVALID_TOKEN.problem(reason.description());
            answers.put(
                    reason,
                    new Answer(
                            registry.counter(
                                    "auth_token_rejections_total",
                                    "reason",
                                    reason.name().toLowerCase()),
                            problem,
                            json.writeValueAsBytes(problem),
                            ProblemMapper.BEARER_CHALLENGE + ", error=\"invalid_token\", error_description=\""
                                    + reason.description() + "\""));
        }
    }

    /**
     * Unless the token could not be checked because the database failed: that is a 503, not a verdict. (The token
     * checks' loader runs inside authentication; a security component that wraps its failure in an authentication
     * failure must not turn an outage into a 401 that makes clients drop valid tokens.)
     */
    @ServerExceptionMapper
    public Response rejected(AuthenticationFailedException e) {
        Optional<ProblemException> unavailable = database.refusal(e);
        if (unavailable.isPresent()) {
            return ProblemMapper.response(unavailable.get());
        }
        Answer answer = answers.get(TokenRejection.reasonOf(e));
        answer.counter().increment();
        return ProblemMapper.problem(answer.problem())
                .entity(answer.body()) // the problem, serialised once
                .header(HttpHeaders.WWW_AUTHENTICATE, answer.challenge())
                .build();
    }
}
