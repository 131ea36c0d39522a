package io.jwtauth.support;

import static io.restassured.RestAssured.given;

import io.jwtauth.user.User;
import io.jwtauth.user.UserRepository;
import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The one HTTP client helper of the tests: registers users with unique emails, logs them in, refreshes — against the
 * {@code @QuarkusTest} application (the static methods) or a packaged instance started by an {@code *IT}
 * ({@link #on}). Results are records; raw responses are there for tests that assert refusals.
 */
public final class Accounts {

    public static final String PASSWORD = "correct horse battery staple";

    private static final Accounts LOCAL = new Accounts(null);

    /** Where requests go; null: RestAssured's defaults, i.e. the @QuarkusTest application. */
    private final String baseUri;

    private Accounts(String baseUri) {
        this.baseUri = baseUri;
    }

    /** The same helper against a running instance (an {@code *IT}'s process), e.g. {@code http://127.0.0.1:18081}. */
    public static Accounts on(String baseUri) {
        return new Accounts(baseUri);
    }

    public static String uniqueEmail(String prefix) {
        return prefix + "-" + UUID.randomUUID() + "@example.com";
    }

    /** A registered user: email, password and id, and where it lives. */
    public record Account(String email, String password, String id, Accounts at) {

        public Account(String email, String password, String id) {
            this(email, password, id, LOCAL);
        }

        public Tokens login() {
            return at.logIn(email, password);
        }
    }

    /** A token pair from login / refresh. */
    public record Tokens(String access, String refresh) {}

    /** A service account: its client id and secret (as shown once at creation), and where it lives. */
    public record Client(String id, String secret, Accounts at) {

        /** An access token by the client credentials grant (client_secret_basic). */
        public String token() {
            return at.clientToken(id, secret).then().statusCode(200).extract().path("access_token");
        }

        /** The same secret, another one: what a rotation left behind or a typo. */
        public Client withSecret(String otherSecret) {
            return new Client(id, otherSecret, at);
        }
    }

    // ---- against the @QuarkusTest application --------------------------------------------------------------

    public static Account register(String prefix) {
        return LOCAL.registerUser(prefix);
    }

    public static Tokens login(String email, String password) {
        return LOCAL.logIn(email, password);
    }

    public static Response refresh(String refreshToken) {
        return LOCAL.refreshWith(refreshToken);
    }

    /** POST /auth/register as given (displayName may be null), whatever the answer. */
    public static Response registration(String email, String password, String displayName) {
        return LOCAL.registrationResponse(email, password, displayName);
    }

    /** POST /auth/login, whatever the answer. */
    public static Response loginAttempt(String email, String password) {
        return LOCAL.loginResponse(email, password);
    }

    /** A registered user promoted to admin directly in the database (there is no admin yet to do it). */
    public static Account admin(String prefix) {
        return promoteToAdmin(register(prefix));
    }

    /** Gives the account the admin role directly in the database. */
    public static Account promoteToAdmin(Account account) {
        changeInDatabase(account.id(), user -> user.roles = new String[] {"user", "admin"});
        return account;
    }

    /**
     * Changes the account's row directly in the database, for what no endpoint may do: locked, changed and written back
     * in a transaction of its own, as the service changes a user.
     */
    public static void changeInDatabase(String accountId, Consumer<User> change) {
        QuarkusTransaction.requiringNew().run(() -> {
            UserRepository users =
                    Arc.container().instance(UserRepository.class).get();
            User user = users.findForUpdate(UUID.fromString(accountId));
            change.accept(user);
            users.update(user);
        });
    }

    /** A service account with these roles, created through POST /admin/clients by the given admin. */
    public static Client createClient(String adminAccess, String name, String... roles) {
        return LOCAL.newClient(adminAccess, name, roles);
    }

    /** POST /oauth/token, grant client_credentials, the client authenticated with Basic, whatever the answer. */
    public static Response clientTokenResponse(String clientId, String secret) {
        return LOCAL.clientToken(clientId, secret);
    }

    /** The same from the client address {@code forwardedFor} (for a profile that trusts the local proxy). */
    public static Response clientTokenResponse(String clientId, String secret, String forwardedFor) {
        return LOCAL.clientToken(clientId, secret, forwardedFor);
    }

    /**
     * A service account with the role {@code resource-server} (created by an admin made for it), as an API verifying
     * our tokens holds it: it may read the revocation events and introspect.
     */
    public static Client resourceServer(String prefix) {
        String admin = admin(prefix + "-admin").login().access();
        return createClient(admin, prefix, "resource-server");
    }

    /** Demotes every admin but the given ones, directly in the database (for last-admin tests). */
    public static void demoteAdminsExcept(String... keepIds) {
        QuarkusTransaction.requiringNew().run(() -> {
            Arc.container()
                    .instance(NativeQueries.class)
                    .get()
                    .createNativeQuery("UPDATE users SET roles = '{user}' WHERE 'admin' = ANY (roles)"
                            + " AND NOT (CAST(id AS text) = ANY (?1))")
                    .setParameter(1, keepIds)
                    .executeUpdate();
        });
    }

    /** How many enabled admins the database holds. */
    public static long enabledAdminCount() {
        return QuarkusTransaction.requiringNew()
                .call(() -> Arc.container()
                        .instance(UserRepository.class)
                        .get()
                        .countEnabledAdminsOtherThan(new UUID(0, 0)));
    }

    // ---- against any target ------------------------------------------------------------------------------------

    /** A request to this target. */
    public RequestSpecification request() {
        return baseUri == null ? given() : given().baseUri(baseUri);
    }

    public Account registerUser(String prefix) {
        String email = uniqueEmail(prefix);
        String id = registrationResponse(email, PASSWORD, prefix)
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        return new Account(email, PASSWORD, id, this);
    }

    public Tokens logIn(String email, String password) {
        Response r = loginResponse(email, password);
        r.then().statusCode(200);
        return new Tokens(r.path("access_token"), r.path("refresh_token"));
    }

    public Response loginResponse(String email, String password) {
        return request()
                .contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", password))
                .post("/auth/login");
    }

    public Response registrationResponse(String email, String password, String displayName) {
        Map<String, Object> body = new HashMap<>();
        body.put("email", email);
        body.put("password", password);
        if (displayName != null) {
            body.put("displayName", displayName);
        }
        return request().contentType(ContentType.JSON).body(body).post("/auth/register");
    }

    public Client newClient(String adminAccess, String name, String... roles) {
        Response r = request()
                .auth()
                .oauth2(adminAccess)
                .contentType(ContentType.JSON)
                .body(Map.of("name", name, "roles", List.of(roles)))
                .post("/admin/clients");
        r.then().statusCode(201);
        return new Client(r.path("clientId"), r.path("clientSecret"), this);
    }

    public Response clientToken(String clientId, String secret) {
        return clientToken(request(), clientId, secret);
    }

    public Response clientToken(String clientId, String secret, String forwardedFor) {
        return clientToken(request().header("X-Forwarded-For", forwardedFor), clientId, secret);
    }

    private static Response clientToken(RequestSpecification request, String clientId, String secret) {
        return request.auth()
                .preemptive()
                .basic(clientId, secret)
                .contentType(ContentType.URLENC)
                .formParam("grant_type", "client_credentials")
                .post("/oauth/token");
    }

    public Response refreshWith(String refreshToken) {
        return request()
                .contentType(ContentType.JSON)
                .body(Map.of("refresh_token", refreshToken))
                .post("/auth/refresh");
    }
}
