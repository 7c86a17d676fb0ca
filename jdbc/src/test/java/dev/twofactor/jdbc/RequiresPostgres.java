package dev.twofactor.jdbc;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Runs a test class or method only when {@value TestDatabases#POSTGRES_URL_VARIABLE} names a
 * PostgreSQL database; otherwise JUnit reports it skipped with the command that runs it. {@code
 * .ci/run} sets the variable and fails if these tests did not run.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@EnabledIfEnvironmentVariable(
    named = TestDatabases.POSTGRES_URL_VARIABLE,
    matches = ".+",
    disabledReason = TestDatabases.HOW_TO_RUN_POSTGRES)
@interface RequiresPostgres {}
