package io.jwtauth.common;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Bodies over 64 KiB are refused with a 413 problem+json before any resource runs (the HTTP layer's own 413
 * has no body): by Content-Length at once, and for chunked bodies once the limit is crossed.
 */
@ApplicationScoped
class RequestLimits {

    static final long MAX_BODY_BYTES = 64 * 1024;
    static final String TOO_LARGE = "{\"type\":\"about:blank\",\"title\":\"Content Too Large\",\"status\":413,"
            + "\"detail\":\"The request body is larger than 64 KiB\",\"code\":\"payload_too_large\"}";

    void install(@Observes Router router) {
        BodyHandler body = BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES);
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null) {
                try {
                    if (Long.parseLong(length.trim()) > MAX_BODY_BYTES) {
                        tooLarge(ctx);
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
        }).failureHandler(ctx -> {
            if (ctx.statusCode() == 413 && !ctx.response().headWritten()) {
                tooLarge(ctx);
            } else {
                ctx.next();
            }
        });
    }

    private static void tooLarge(RoutingContext ctx) {
        ctx.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close").end(TOO_LARGE);
    }
}
