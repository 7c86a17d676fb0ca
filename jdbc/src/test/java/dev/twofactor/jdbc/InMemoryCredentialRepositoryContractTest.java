package dev.twofactor.jdbc;

import dev.twofactor.CredentialRepository;
import dev.twofactor.InMemoryCredentialRepository;

/** The repository contract on {@link InMemoryCredentialRepository}, the reference. */
final class InMemoryCredentialRepositoryContractTest extends CredentialRepositoryContract {
  private final InMemoryCredentialRepository repository = new InMemoryCredentialRepository();

  @Override
  CredentialRepository repository() {
    return repository;
  }
}
