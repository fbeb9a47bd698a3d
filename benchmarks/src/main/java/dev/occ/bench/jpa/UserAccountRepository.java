package dev.occ.bench.jpa;

import org.springframework.data.jpa.repository.JpaRepository;

/** The staff accounts, by Spring Data JPA; read only. */
public interface UserAccountRepository extends JpaRepository<UserAccount, String> {}
