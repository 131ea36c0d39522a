package io.jwtauth.oauth;

import io.jwtauth.common.PlainText;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An OAuth request's form-encoded body (RFC 6749 §3.2, Appendix B), read strictly: only
 * {@code application/x-www-form-urlencoded}, ASCII with well-formed percent-escapes that decode to UTF-8, no
 * parameter of the endpoint repeated, its values text (no control characters) within their size; a parameter sent
 * without a value counts as omitted and an unknown one is ignored, as RFC 6749 says. Anything else is
 * {@code invalid_request}.
 */
final class OAuthForm {

    static final String MEDIA_TYPE = "application/x-www-form-urlencoded";

    private final Map<String, String> values;

    private OAuthForm(Map<String, String> values) {
        this.values = values;
    }

    /** Parses the body as a form with these parameters, each at most the given number of characters. */
    static OAuthForm parse(String contentType, String body, Map<String, Integer> parameters) {
        if (!isForm(contentType)) {
            throw OAuthErrors.INVALID_REQUEST.exception("Send the parameters as " + MEDIA_TYPE);
        }
        Map<String, String> values = new HashMap<>();
        if (body == null || body.isEmpty()) {
            return new OAuthForm(values);
        }
        for (String pair : body.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals), "a parameter name");
            Integer max = parameters.get(name);
            if (max == null) {
                continue; // RFC 6749 §3.2: unrecognised parameters are ignored
            }
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1), name);
            if (values.containsKey(name)) {
                throw OAuthErrors.INVALID_REQUEST.exception(name + " is repeated");
            }
            if (!PlainText.Validator.isPlain(value)) {
                throw OAuthErrors.INVALID_REQUEST.exception(name + " " + PlainText.MESSAGE);
            }
            if (value.length() > max) {
                throw OAuthErrors.INVALID_REQUEST.exception(name + " is longer than " + max + " characters");
            }
            values.put(name, value);
        }
        return new OAuthForm(values);
    }

    /** The parameter, if it was sent with a value. */
    Optional<String> get(String name) {
        String value = values.get(name);
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    String required(String name) {
        return get(name).orElseThrow(() -> OAuthErrors.INVALID_REQUEST.exception(name + " is required"));
    }

    /**
     * The media type only: a form is ASCII, its escapes are UTF-8 whatever a charset parameter says (RFC 6749
     * Appendix B), so clients that add one (some send ISO-8859-1 by default) are read the same.
     */
    private static boolean isForm(String contentType) {
        return contentType != null
                && contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT).equals(MEDIA_TYPE);
    }

    /** Percent-decoding with {@code +} as space, refusing a broken escape or bytes that are no UTF-8. */
    static String decode(String encoded, String what) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%') {
                int high = i + 2 < encoded.length() ? hex(encoded.charAt(i + 1)) : -1;
                int low = high < 0 ? -1 : hex(encoded.charAt(i + 2));
                if (low < 0) {
                    throw OAuthErrors.INVALID_REQUEST.exception(what + " has a broken %-escape");
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                // a form is ASCII: anything else travels percent-encoded
                throw OAuthErrors.INVALID_REQUEST.exception(what + " has a character that is not percent-encoded");
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw OAuthErrors.INVALID_REQUEST.exception(what + " is not UTF-8");
        }
    }

    /** An ASCII hex digit's value, else -1 (Character.digit would take other scripts' digits too). */
    private static int hex(char c) {
        return c < 0x80 ? Character.digit(c, 16) : -1;
    }
}
