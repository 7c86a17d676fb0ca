/**
 * JMH benchmarks of twofactor, measured against the cost of the HMAC that every one-time password
 * must compute: {@link dev.twofactor.benchmarks.OtpBenchmark#floor()}.
 *
 * <p>Run them all with {@code benchmarks/run} from the repository root; it prints each
 * benchmark's time, its ratio to {@code floor} from the same run and its allocation per call.
 */
@NullMarked
package dev.twofactor.benchmarks;

import org.jspecify.annotations.NullMarked;
