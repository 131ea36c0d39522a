package io.jwtauth.oauth;

import io.jwtauth.auth.ClientAuthentication;
import io.jwtauth.client.ClientCredentials.Credential;
import io.jwtauth.common.ClientInfo;
import io.jwtauth.common.SecurityEvents;
import io.jwtauth.token.AccessTokenIssuer;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The client credentials grant (RFC 6749 §4.4): a service account presents its id and secret and gets an access
 * token — {@code sub} and {@code client_id} its client id, {@code groups} its roles, {@code sid} its credential — and
 * no refresh token. Scopes are not issued here: a request naming one is refused rather than half-understood.
 */
@ApplicationScoped
class ClientCredentialsGrant {

    static final String GRANT_TYPE = "grant_type";
    static final String SCOPE = "scope";
    static final String CLIENT_CREDENTIALS = "client_credentials";

    private final ClientAuthentication authentication;
    private final AccessTokenIssuer issuer;
    private final SecurityEvents events;

    ClientCredentialsGrant(ClientAuthentication authentication, AccessTokenIssuer issuer, SecurityEvents events) {
        this.authentication = authentication;
        this.issuer = issuer;
        this.events = events;
    }

    ClientTokenResponse grant(OAuthForm form, PresentedClient client, ClientInfo from) {
        String grantType = form.required(GRANT_TYPE);
        if (!CLIENT_CREDENTIALS.equals(grantType)) {
            throw OAuthErrors.UNSUPPORTED_GRANT_TYPE.exception();
        }
        if (form.get(SCOPE).isPresent()) {
            throw OAuthErrors.INVALID_SCOPE.exception();
        }
        Credential credential = authentication
                .authenticate(client.clientId(), client.secret(), from)
                .orElseThrow(() -> OAuthErrors.INVALID_CLIENT.exception());
        String token = issuer.issue(new AccessTokenIssuer.ClientSubject(
                credential.clientId(), credential.roles(), credential.credentialId(), credential.tokenVersion()));
        events.clientTokenIssued(credential.clientId(), credential.credentialId());
        return new ClientTokenResponse(token, "Bearer", issuer.lifespanSeconds());
    }
}
