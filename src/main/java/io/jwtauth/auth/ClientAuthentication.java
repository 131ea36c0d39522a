package io.jwtauth.auth;

import io.jwtauth.client.ClientCredentials;
import io.jwtauth.client.ClientCredentials.Credential;
import io.jwtauth.common.ClientInfo;
import io.jwtauth.common.SecurityEvents;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A service account authenticating with its client id and secret (the OAuth endpoints), throttled like a login: the
 * attempt is counted before the secret is checked, per (client id, client network), per client network and per client
 * id from anywhere ({@link Throttle}), so parallel guesses never get more checks than the limits allow, and past a
 * limit the answer is 429 with Retry-After whatever the secret. An unknown client id is counted, checked and answered
 * like a wrong secret. A secret verified before and still live is accepted from memory
 * ({@link ClientCredentials#rememberedOrLoaded}) without being counted: no guess can be remembered, and a client in
 * use is not slowed down by failures others cause on its id.
 */
@ApplicationScoped
public class ClientAuthentication {

    private final ClientCredentials credentials;
    private final Throttle throttle;
    private final SecurityEvents events;

    ClientAuthentication(ClientCredentials credentials, Throttle throttle, SecurityEvents events) {
        this.credentials = credentials;
        this.throttle = throttle;
        this.events = events;
    }

    /** The client's credential, or empty for an unknown client or a wrong secret (429 when throttled). Blocking. */
    public Optional<Credential> authenticate(String clientId, String secret, ClientInfo from) {
        Optional<Credential> remembered = credentials.rememberedOrLoaded(clientId, secret);
        if (remembered.isPresent()) {
            return remembered;
        }
        String key = canonical(clientId);
        Throttle.Reservation reservation = throttle.reserve(
                "client_authentication",
                List.of(
                        throttle.clientAuthentication(key, from),
                        throttle.clientAuthenticationFrom(from),
                        throttle.clientAuthenticationAnywhere(key)));
        Optional<Credential> verified = credentials.verify(clientId, secret);
        if (verified.isPresent()) {
            throttle.succeeded(reservation);
        } else {
            events.clientAuthenticationFailed();
        }
        return verified;
    }

    /** One throttle key per client, however its id is written (UUIDs parse in either case). */
    private static String canonical(String clientId) {
        try {
            return UUID.fromString(clientId).toString();
        } catch (IllegalArgumentException e) {
            return clientId;
        }
    }
}
