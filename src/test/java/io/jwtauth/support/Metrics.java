package io.jwtauth.support;

import static io.restassured.RestAssured.given;

import org.eclipse.microprofile.config.ConfigProvider;

/** Reads counters from the Prometheus endpoint on the management port, the way the platform does. */
public final class Metrics {

    private Metrics() {}

    /** The sum of every series of {@code name} whose labels contain {@code labelFragment} (may be empty). */
    public static double sum(String name, String labelFragment) {
        String text = given().port(managementPort())
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        return text.lines()
                .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .filter(l -> l.contains(labelFragment))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    public static double sum(String name) {
        return sum(name, "");
    }

    public static int managementPort() {
        return ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
    }
}
