package io.jwtauth.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;

/**
 * Oversized requests are refused with a problem+json body before any resource runs, where the HTTP layer's own
 * answers (413, 431) have no body.
 *
 * <p>Bodies over {@value #MAX_BODY_BYTES} bytes: 413, by Content-Length at once, and for chunked bodies once the
 * limit is crossed.
 *
 * <p>Headers over {@value #MAX_HEADER_BYTES} bytes in all: 431. The HTTP codec's own limit
 * ({@code quarkus.http.limits.max-header-size}, 64K) is set well above ours so that such requests reach this route;
 * Vert.x answers beyond the codec's limit itself, with a bare 431 and no hook for a body (its
 * {@code HttpServer#invalidRequestHandler}, which Quarkus does not expose). The same holds for a request line over
 * {@code quarkus.http.limits.max-initial-line-length} (bare 414). Ours leaves room for an oversized bearer token
 * (over {@code auth.max-token-bytes}, 8 KiB) to be refused with its own 401.
 */
@ApplicationScoped
class RequestLimits {

    static final long MAX_BODY_BYTES = 64 * 1024;
    static final int MAX_HEADER_BYTES = 16 * 1024;
    /** After {@link RequestIds}, so these answers carry a request id, and before anything else. */
    static final int ROUTE_ORDER = RequestIds.ROUTE_ORDER + 1;

    /** The two answers, rendered once (they never change). */
    private final Map<Problems, String> bodies;

    RequestLimits(ObjectMapper json) throws JsonProcessingException {
        this.bodies = Map.of(
                Problems.PAYLOAD_TOO_LARGE,
                json.writeValueAsString(Problems.PAYLOAD_TOO_LARGE.problem()),
                Problems.HEADERS_TOO_LARGE,
                json.writeValueAsString(Problems.HEADERS_TOO_LARGE.problem()));
    }

    void install(@Observes Router router) {
        BodyHandler body = BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES);
        router.route()
                .order(ROUTE_ORDER)
                .handler(ctx -> {
                    if (headerBytes(ctx.request().headers()) > MAX_HEADER_BYTES) {
                        refuse(ctx, Problems.HEADERS_TOO_LARGE);
                        return;
                    }
                    String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
                    if (length != null) {
                        try {
                            if (Long.parseLong(length.trim()) > MAX_BODY_BYTES) {
                                refuse(ctx, Problems.PAYLOAD_TOO_LARGE);
                                return;
                            }
                        } catch (NumberFormatException e) {
                            // let the HTTP layer refuse it
                        }
                        ctx.next();
                    } else if (ctx.request().headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
                        body.handle(ctx); // buffers up to the limit, fails the context with 413 beyond it
                    } else {
                        ctx.next();
                    }
                })
                .failureHandler(ctx -> {
                    if (ctx.statusCode() == 413 && !ctx.response().headWritten()) {
                        refuse(ctx, Problems.PAYLOAD_TOO_LARGE);
                    } else {
                        ctx.next();
                    }
                });
    }

    /** The size of the header block as sent: each line is "name: value" and CRLF. */
    private static long headerBytes(MultiMap headers) {
        long bytes = 0;
        for (Map.Entry<String, String> header : headers) {
            bytes += header.getKey().length() + header.getValue().length() + 4;
        }
        return bytes;
    }

    private void refuse(RoutingContext ctx, Problems problem) {
        ctx.response()
                .setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(bodies.get(problem));
    }
}
