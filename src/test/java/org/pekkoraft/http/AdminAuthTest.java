package org.pekkoraft.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pekkoraft.security.AdminKey;

class AdminAuthTest {

  private final AdminAuth auth = new AdminAuth(AdminKey.of("the-admin-secret"));

  @Test
  void onlyTheAdminSecretAsABearerTokenProvesTheRole() {
    assertEquals(Optional.of("the-admin-secret"), auth.token(Optional.of("Bearer the-admin-secret")));
    assertEquals(Optional.of("the-admin-secret"), auth.token(Optional.of("bearer  the-admin-secret ")));
    assertEquals(Optional.empty(), auth.token(Optional.empty()));
    assertEquals(Optional.empty(), auth.token(Optional.of("Bearer the-admin-secreT")));
    assertEquals(Optional.empty(), auth.token(Optional.of("Basic dGhlLWFkbWluLXNlY3JldA==")));
    assertEquals(Optional.empty(), auth.token(Optional.of("the-admin-secret")));
    assertEquals(Optional.empty(), auth.token(Optional.of("Bearer ")));
  }

  @Test
  void withoutAnAdminKeyNothingIsChecked() {
    assertEquals(Optional.of(""), new AdminAuth(null).token(Optional.empty()));
  }
}
