package io.jwtauth.common;

import java.util.List;

/**
 * How a session was authenticated, as access tokens say it in {@code amr} (RFC 8176): by password, or by password and
 * a one-time code (TOTP or a recovery code). Fixed at login and kept by every refresh of the session.
 */
public final class AuthenticationMethods {

    public static final String PASSWORD = "pwd";
    public static final String ONE_TIME_CODE = "otp";

    /** A login by password alone. */
    public static final List<String> PASSWORD_ONLY = List.of(PASSWORD);

    /** A login by password and a second factor. */
    public static final List<String> PASSWORD_AND_CODE = List.of(PASSWORD, ONE_TIME_CODE);

    private AuthenticationMethods() {}
}
