package io.jwtauth.oauth;

import io.jwtauth.common.PlainText;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The client id and secret a request presents: in the Authorization header ({@code client_secret_basic}: RFC 6749
 * §2.3.1, each part form-encoded, then Basic) or in the form ({@code client_secret_post}). Using both at once is
 * {@code invalid_request}; none, or unreadable Basic credentials, is {@code invalid_client}.
 */
record PresentedClient(String clientId, String secret) {

    static final String CLIENT_ID = "client_id";
    static final String CLIENT_SECRET = "client_secret";
    /** Far beyond a client id (a UUID) and a secret (43 characters); longer is no client's. */
    static final int MAX_LENGTH = 256;

    private static final String BASIC = "basic ";

    /** The client credentials of a token request, by either method. */
    static PresentedClient of(String authorization, OAuthForm form) {
        Optional<String> postedId = form.get(CLIENT_ID);
        Optional<String> postedSecret = form.get(CLIENT_SECRET);
        if (authorization == null) {
            if (postedId.isEmpty() || postedSecret.isEmpty()) {
                throw OAuthErrors.INVALID_CLIENT.exception(
                        "Client authentication is required: client_secret_basic or client_secret_post");
            }
            return new PresentedClient(postedId.get(), postedSecret.get());
        }
        PresentedClient basic = basic(authorization);
        if (postedSecret.isPresent()) {
            throw OAuthErrors.INVALID_REQUEST.exception(
                    "Use one client authentication method: client_secret_basic or client_secret_post, not both");
        }
        if (postedId.isPresent() && !postedId.get().equals(basic.clientId())) {
            throw OAuthErrors.INVALID_REQUEST.exception("client_id differs from the Authorization header's");
        }
        return basic;
    }

    /** Whether the header carries Basic credentials (the scheme is case-insensitive). */
    static boolean isBasic(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, BASIC, 0, BASIC.length());
    }

    /** The client id and secret of a Basic Authorization header. */
    static PresentedClient basic(String authorization) {
        if (!isBasic(authorization)) {
            throw OAuthErrors.INVALID_CLIENT.exception("Use client_secret_basic (Authorization: Basic) here");
        }
        String userPass;
        try {
            byte[] decoded = Base64.getDecoder()
                    .decode(authorization.substring(BASIC.length()).strip());
            userPass = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(decoded))
                    .toString();
        } catch (IllegalArgumentException | CharacterCodingException e) {
            throw unreadable();
        }
        int colon = userPass.indexOf(':');
        if (colon <= 0 || colon == userPass.length() - 1) {
            throw unreadable();
        }
        String clientId = formDecoded(userPass.substring(0, colon));
        String secret = formDecoded(userPass.substring(colon + 1));
        if (clientId.length() > MAX_LENGTH
                || secret.length() > MAX_LENGTH
                || !PlainText.Validator.isPlain(clientId)
                || !PlainText.Validator.isPlain(secret)) {
            throw unreadable();
        }
        return new PresentedClient(clientId, secret);
    }

    private static String formDecoded(String part) {
        try {
            return OAuthForm.decode(part, "the Basic credentials");
        } catch (OAuthException e) {
            throw unreadable();
        }
    }

    private static OAuthException unreadable() {
        return OAuthErrors.INVALID_CLIENT.exception("The Basic credentials are not a readable client id and secret");
    }
}
