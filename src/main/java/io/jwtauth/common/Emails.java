package io.jwtauth.common;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The one email normalisation: used for lookup, uniqueness, storage, throttling and every comparison, so two
 * spellings of one address can never mean two accounts or two throttle keys.
 */
public final class Emails {

    private Emails() {}

    /**
     * Trimmed (Unicode whitespace), lower-cased (Locale.ROOT, whatever the server's locale), Unicode NFC (a
     * composed and a decomposed "é" are one letter); null stays null. Control characters that are not whitespace
     * (NUL, ESC, ...) are kept, never cleaned away, so that validation ({@link PlainText}) refuses them.
     */
    public static String normalise(String email) {
        if (email == null) {
            return null;
        }
        // NFC last: lower-casing can decompose (U+0130 becomes i + U+0307), composing afterwards keeps one form
        return Normalizer.normalize(email.strip().toLowerCase(Locale.ROOT), Normalizer.Form.NFC);
    }
}
