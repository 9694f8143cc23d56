package io.quocrmbridge.crm;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private static final Instant NOW = Instant.parse("2026-04-13T12:00:00Z");

    /** 1 s, doubling, at most 10 s. */
    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(10));

    @Test
    void delayDoublesWithEachFailedAttemptWithoutJitter() {
        assertThat(policy.delay(1, 0.0), equalTo(Duration.ofSeconds(1)));
        assertThat(policy.delay(2, 0.0), equalTo(Duration.ofSeconds(2)));
        assertThat(policy.delay(3, 0.0), equalTo(Duration.ofSeconds(4)));
        assertThat(policy.delay(4, 0.0), equalTo(Duration.ofSeconds(8)));
    }

    @Test
    void delayIsCappedAtTheMaximum() {
        assertThat(policy.delay(5, 0.0), equalTo(Duration.ofSeconds(10)));
        assertThat(policy.delay(20, 0.0), equalTo(Duration.ofSeconds(10)));
    }

    @Test
    void veryLargeAttemptNumbersStayAtTheMaximumWithoutOverflowing() {
        RetryPolicy generous = new RetryPolicy(1000, Duration.ofMinutes(1), Duration.ofDays(3650));

        assertThat(generous.delay(64, 0.0), equalTo(Duration.ofDays(3650)));
        assertThat(generous.delay(Integer.MAX_VALUE, 0.0), equalTo(Duration.ofDays(3650)));
        assertThat(policy.delay(Integer.MAX_VALUE, 0.0), equalTo(Duration.ofSeconds(10)));
    }

    @Test
    void jitterAddsAtMostHalfTheDelay() {
        // 0.999 of 50% jitter: 1000 ms + 499 ms (499.5 rounded down)
        assertThat(policy.delay(1, 0.999), equalTo(Duration.ofMillis(1499)));
        assertThat(policy.delay(2, 0.999), equalTo(Duration.ofMillis(2999)));
        assertThat(policy.delay(3, 0.999), equalTo(Duration.ofMillis(5998)));
    }

    @Test
    void jitterIsAddedOnTopOfTheCappedDelay() {
        assertThat(policy.delay(10, 0.999), equalTo(Duration.ofMillis(14995)));
    }

    @Test
    void nextAttemptLiesWithinTheJitterRangeOfItsDelay() {
        for (int failed = 1; failed < 5; failed++) {
            Instant next = policy.nextAttempt(failed, NOW);

            assertThat(next, notNullValue());
            assertThat(next, greaterThanOrEqualTo(NOW.plus(policy.delay(failed, 0.0))));
            assertThat(next, lessThan(NOW.plus(policy.delay(failed, 0.0).multipliedBy(3).dividedBy(2))));
        }
    }

    @Test
    void noNextAttemptOnceTheAttemptsAreUsedUp() {
        assertThat(policy.nextAttempt(5, NOW), nullValue());
        assertThat(policy.nextAttempt(6, NOW), nullValue());
        assertThat(new RetryPolicy(1, Duration.ofSeconds(1), Duration.ofSeconds(1)).nextAttempt(1, NOW), nullValue());
    }

    @Test
    void atLeastOneAttemptIsRequired() {
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(0, Duration.ofSeconds(1),
                Duration.ofSeconds(10)));
        assertThat(new RetryPolicy(1, Duration.ofSeconds(1), Duration.ofSeconds(10)).maxAttempts(), is(1));
    }
}
