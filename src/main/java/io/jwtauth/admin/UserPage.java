package io.jwtauth.admin;

import io.jwtauth.user.UserView;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/** A page of users (GET /admin/users). */
@RegisterForReflection
public record UserPage(List<UserView> items, int page, int size, long total) {}
