/**
 * The credential repository for SQL databases: {@link dev.twofactor.jdbc.JdbcCredentialRepository}
 * stores one row per account through a {@link javax.sql.DataSource}, so that every application node
 * of a host shares one replay guard and one throttle; database failures surface as {@link
 * dev.twofactor.jdbc.CredentialStoreException}.
 *
 * <p>Plain JDBC: no dependency beyond the JDK's {@code java.sql}. The DDL ships as resources in
 * this package, for PostgreSQL, H2 and standard SQL ({@link
 * dev.twofactor.jdbc.JdbcCredentialRepository.Dialect}).
 *
 * <p>Nothing in this package is {@code null} unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.twofactor.jdbc;

import org.jspecify.annotations.NullMarked;
