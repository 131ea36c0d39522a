package io.jwtauth.examples.orders;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The caller's orders. Plain MicroProfile JWT: nothing here knows about revocation, the library refuses a revoked
 * token before this is reached.
 */
@Path("/orders")
@RolesAllowed("user")
public class OrdersResource {

    private final OrderBook book;
    private final JsonWebToken caller;

    OrdersResource(OrderBook book, JsonWebToken caller) {
        this.book = book;
        this.caller = caller;
    }

    @GET
    public List<Order> mine() {
        return book.of(caller.getSubject());
    }

    @POST
    public Response place(OrderRequest request) {
        if (request == null || !request.valid()) {
            throw new BadRequestException("item (1-100 characters) and quantity (1-1000) are required");
        }
        Order order = book.place(caller.getSubject(), request);
        return Response.created(URI.create("/orders/" + order.id()))
                .entity(order)
                .build();
    }
}
