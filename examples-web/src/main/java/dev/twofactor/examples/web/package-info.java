/**
 * The ACME Help Desk, a Spring Boot application on twofactor-spring: {@link
 * dev.twofactor.examples.web.HelpDesk}, started by {@code ./demo --web}.
 *
 * <p>Not published; everything but the application's entry point is package-private.
 */
@NullMarked
package dev.twofactor.examples.web;

import org.jspecify.annotations.NullMarked;
