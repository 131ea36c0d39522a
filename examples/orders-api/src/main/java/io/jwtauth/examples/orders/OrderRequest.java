package io.jwtauth.examples.orders;

/** The body of {@code POST /orders}. */
public record OrderRequest(String item, Integer quantity) {

    /** An item of 1 to 100 characters and a quantity of 1 to 1000. */
    boolean valid() {
        return item != null
                && !item.isBlank()
                && item.length() <= 100
                && quantity != null
                && quantity >= 1
                && quantity <= 1000;
    }
}
