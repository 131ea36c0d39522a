package io.jwtauth.support;

import static io.restassured.RestAssured.given;

import io.jwtauth.user.UserRepository;
import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;
import java.util.UUID;

/** Test helper: registers users with unique emails and logs them in, through the HTTP API. */
public final class Accounts {

    public static final String PASSWORD = "correct horse battery staple";

    private Accounts() {
    }

    public static String uniqueEmail(String prefix) {
        return prefix + "-" + UUID.randomUUID() + "@example.com";
    }

    /** A registered user: email, password and id. */
    public record Account(String email, String password, String id) {

        public Tokens login() {
            return Accounts.login(email, password);
        }
    }

    /** A token pair from login / refresh. */
    public record Tokens(String access, String refresh) {
    }

    public static Account register(String prefix) {
        String email = uniqueEmail(prefix);
        String id = given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", PASSWORD, "displayName", prefix))
                .post("/auth/register")
                .then().statusCode(201).extract().path("id");
        return new Account(email, PASSWORD, id);
    }

    /** A registered user promoted to admin directly in the database (there is no admin yet to do it). */
    public static Account admin(String prefix) {
        Account account = register(prefix);
        QuarkusTransaction.requiringNew().run(() -> {
            UserRepository users = Arc.container().instance(UserRepository.class).get();
            users.findById(UUID.fromString(account.id())).roles = new String[] { "user", "admin" };
        });
        return account;
    }

    /** Demotes every admin but the given ones, directly in the database (for last-admin tests). */
    public static void demoteAdminsExcept(String... keepIds) {
        QuarkusTransaction.requiringNew().run(() -> {
            UserRepository users = Arc.container().instance(UserRepository.class).get();
            java.util.Set<String> keep = java.util.Set.of(keepIds);
            users.listAll().stream().filter(u -> u.isAdmin() && !keep.contains(u.id.toString()))
                    .forEach(u -> u.roles = new String[] { "user" });
        });
    }

    /** How many enabled admins the database holds. */
    public static long enabledAdminCount() {
        return QuarkusTransaction.requiringNew().call(() -> Arc.container().instance(UserRepository.class).get()
                .countEnabledAdminsOtherThan(new UUID(0, 0)));
    }

    public static Tokens login(String email, String password) {
        Response r = given().contentType(ContentType.JSON).body(Map.of("email", email, "password", password))
                .post("/auth/login");
        r.then().statusCode(200);
        return new Tokens(r.path("access_token"), r.path("refresh_token"));
    }

    public static Response refresh(String refreshToken) {
        return given().contentType(ContentType.JSON).body(Map.of("refresh_token", refreshToken)).post("/auth/refresh");
    }
}
