package io.quocrmbridge.crm;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Bounded retries with exponential backoff and jitter: the n-th retry waits {@code initial * 2^(n-1)}, at most
 * {@code max}, plus up to 50% random jitter so many failed records don't all come back at the same moment.
 */
public final class RetryPolicy {

    private final int maxAttempts;
    private final Duration initialDelay;
    private final Duration maxDelay;

    public RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("CRM_RETRY_MAX_ATTEMPTS must be at least 1");
        }
        this.maxAttempts = maxAttempts;
        this.initialDelay = initialDelay;
        this.maxDelay = maxDelay;
    }

    /**
     * When to try again after a failed attempt, or null when the attempts are used up.
     *
     * @param failedAttempts attempts made so far, including the one that just failed
     */
    public Instant nextAttempt(int failedAttempts, Instant now) {
        if (failedAttempts >= maxAttempts) {
            return null;
        }
        return now.plus(delay(failedAttempts, ThreadLocalRandom.current().nextDouble()));
    }

    /** The delay before retry number {@code failedAttempts}, for a jitter draw in [0, 1). */
    Duration delay(int failedAttempts, double jitter) {
        long base = initialDelay.toMillis();
        int exponent = Math.min(30, Math.max(0, failedAttempts - 1));
        long delay = Math.min(maxDelay.toMillis(), base * (1L << exponent));
        return Duration.ofMillis(delay + (long) (delay * 0.5 * jitter));
    }

    public int maxAttempts() {
        return maxAttempts;
    }
}
