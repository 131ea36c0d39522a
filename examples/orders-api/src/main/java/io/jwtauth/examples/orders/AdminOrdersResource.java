package io.jwtauth.examples.orders;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.util.List;

/** Every order, for role {@code admin}. */
@Path("/admin/orders")
@RolesAllowed("admin")
public class AdminOrdersResource {

    private final OrderBook book;

    AdminOrdersResource(OrderBook book) {
        this.book = book;
    }

    @GET
    public List<Order> all() {
        return book.all();
    }
}
