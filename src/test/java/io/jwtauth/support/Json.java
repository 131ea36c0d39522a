package io.jwtauth.support;

/** Test helper: JSON text written by hand, for bodies a JSON library would refuse to produce. */
public final class Json {

    private Json() {}

    /**
     * A JSON string literal in which every control character and every surrogate is a {@code \\uXXXX} escape, so the
     * parser — not the HTTP client's encoder — turns it into the exact UTF-16 text (a lone surrogate included).
     */
    public static String string(String value) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c < 0x20 || Character.isSurrogate(c)) {
                json.append(String.format("\\u%04x", (int) c));
            } else if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }
}
