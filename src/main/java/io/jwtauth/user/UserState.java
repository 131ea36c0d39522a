package io.jwtauth.user;

/**
 * The part of a user the verify-time checks need, and the user's public view (so GET /users/me needs no query
 * either). Every change to a user fires {@link AccountChanged} (a tokenVersion bump) or {@link AccountUpdated}, which
 * drop it.
 */
public record UserState(int tokenVersion, boolean enabled, UserView view) {

    public static UserState of(User user) {
        return new UserState(user.tokenVersion, user.enabled, UserView.of(user));
    }
}
