/**
 * JMH benchmarks of twofactor: one-time passwords and the service's verification measured against
 * the cost of the HMAC that every one-time password must compute ({@link
 * dev.twofactor.benchmarks.OtpBenchmark#floor()}), and QR code rendering against ZXing javase
 * ({@link dev.twofactor.benchmarks.QrBenchmark}).
 *
 * <p>Run them all with {@code benchmarks/run} from the repository root; it prints each benchmark's
 * time, its ratio to {@code floor} or to javase from the same run, its allocation per call, the
 * interleaved ratios and the PNG sizes.
 */
@NullMarked
package dev.twofactor.benchmarks;

import org.jspecify.annotations.NullMarked;
