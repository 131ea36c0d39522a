package io.jwtauth.examples.orders;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** The orders, in memory (the example has no database), by owner. */
@ApplicationScoped
class OrderBook {

    private final Map<String, List<Order>> byOwner = new ConcurrentHashMap<>();
    private final Clock clock = Clock.systemUTC();

    List<Order> of(String owner) {
        return List.copyOf(byOwner.getOrDefault(owner, List.of()));
    }

    List<Order> all() {
        return byOwner.values().stream()
                .flatMap(List::stream)
                .sorted(Comparator.comparing(Order::createdAt))
                .toList();
    }

    Order place(String owner, OrderRequest request) {
        Order order = new Order(UUID.randomUUID(), owner, request.item(), request.quantity(), clock.instant());
        byOwner.computeIfAbsent(owner, key -> new CopyOnWriteArrayList<>()).add(order);
        return order;
    }
}
