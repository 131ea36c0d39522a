package io.jwtauth.common;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.UUID;
import org.jboss.logging.MDC;

/**
 * Every response carries an id the service made ({@code X-Request-Id}, a UUID), which is also in the logging context
 * of everything logged for the request. A client's own {@code X-Request-Id} is never used in its place nor echoed
 * (it could make one request's log lines pass for another's): it is logged beside ours under its own key, cut to
 * {@value #MAX_CLIENT_ID} characters and with anything outside a conservative character set replaced.
 *
 * <p>Installed as the first Vert.x route, so answers made before any resource runs (413, 431) carry an id too.
 */
@ApplicationScoped
public class RequestIds {

    public static final String HEADER = "X-Request-Id";
    static final String MDC_KEY = "requestId";
    static final String CLIENT_MDC_KEY = "clientRequestId";
    static final int MAX_CLIENT_ID = 64;
    /** Before {@link RequestLimits}. */
    static final int ROUTE_ORDER = Integer.MIN_VALUE;

    void install(@Observes Router router) {
        router.route().order(ROUTE_ORDER).handler(ctx -> {
            String id = UUID.randomUUID().toString();
            // Quarkus keeps the MDC in the request's Vert.x context, so it follows the request onto worker threads
            MDC.put(MDC_KEY, id);
            String given = ctx.request().getHeader(HEADER);
            if (given != null && !given.isEmpty()) {
                MDC.put(CLIENT_MDC_KEY, sanitise(given));
            } else {
                MDC.remove(CLIENT_MDC_KEY); // never an earlier request's, whatever the MDC is bound to
            }
            ctx.response().putHeader(HEADER, id);
            ctx.next();
        });
    }

    /** The current request's id, for log lines and error references. */
    public static String current() {
        Object id = MDC.get(MDC_KEY);
        return id == null ? UUID.randomUUID().toString() : id.toString();
    }

    static String sanitise(String given) {
        StringBuilder clean = new StringBuilder(Math.min(given.length(), MAX_CLIENT_ID));
        for (int i = 0; i < given.length() && clean.length() < MAX_CLIENT_ID; i++) {
            char c = given.charAt(i);
            boolean safe =
                    c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || ".-_:/+=@".indexOf(c) >= 0;
            clean.append(safe ? c : '_');
        }
        return clean.toString();
    }
}
