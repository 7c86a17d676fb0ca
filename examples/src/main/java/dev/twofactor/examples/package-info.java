/**
 * The help-desk demo: {@link dev.twofactor.examples.Demo}.
 *
 * <p>Not exported; everything but the demo's entry point is package-private.
 */
@NullMarked
package dev.twofactor.examples;

import org.jspecify.annotations.NullMarked;
