package io.jwtauth.resourceserver;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * One event of the auth service's revocation log (API.md "Revocation events"): {@code {id, type, sub, sid?, ver?,
 * at}}, and {@code kid} for {@code key_retired}. Absent fields are {@code null}; {@code at} is {@code null} when
 * absent or unreadable (the receiver then uses the time it received the event).
 */
record RevocationEvent(String id, String type, String sub, String sid, Long ver, String kid, Instant at) {

    static final String SESSION_REVOKED = "session_revoked";
    static final String TOKENS_REVOKED = "tokens_revoked";
    static final String SUBJECT_DISABLED = "subject_disabled";
    static final String SUBJECT_ENABLED = "subject_enabled";
    static final String KEY_RETIRED = "key_retired";

    /** Reads an event; fields of an unexpected JSON type count as absent. */
    static RevocationEvent from(JsonObject json) {
        return new RevocationEvent(
                cursor(json.get("id")),
                text(json.get("type")),
                text(json.get("sub")),
                text(json.get("sid")),
                number(json.get("ver")),
                text(json.get("kid")),
                instant(json.get("at")));
    }

    /** A cursor or event id may be a JSON string or number; either is kept as its text. */
    static String cursor(JsonValue value) {
        if (value instanceof JsonNumber number) {
            return number.toString();
        }
        return text(value);
    }

    private static String text(JsonValue value) {
        return value instanceof JsonString string ? string.getString() : null;
    }

    private static Long number(JsonValue value) {
        if (value instanceof JsonNumber number && number.isIntegral()) {
            return number.longValue();
        }
        return null;
    }

    private static Instant instant(JsonValue value) {
        if (!(value instanceof JsonString string)) {
            return null;
        }
        try {
            return OffsetDateTime.parse(string.getString()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
