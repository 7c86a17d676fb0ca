package dev.twofactor.examples.web;

import java.util.List;

/** The help desk's seeded accounts: two agents and an administrator, each password its name. */
final class Accounts {
  /**
   * A seeded account.
   *
   * @param name the user name, which is also the password and the two-factor account id
   * @param administrator whether the account may reset other accounts' two-factor sign-in
   */
  record Account(String name, boolean administrator) {}

  static final List<Account> SEEDED =
      List.of(new Account("agent", false), new Account("bob", false), new Account("admin", true));

  private Accounts() {}
}
