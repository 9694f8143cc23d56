package io.quocrmbridge.support;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/** What the test servers tell about the rate of the requests they served. */
public final class RequestRate {

    private RequestRate() {
    }

    /** The most requests that arrived within any window of {@code windowMillis}, from their System.nanoTime(). */
    public static int maxInAnyWindow(Collection<Long> arrivals, long windowMillis) {
        List<Long> times = new ArrayList<>(arrivals);
        Collections.sort(times);
        int max = 0;
        int start = 0;
        for (int end = 0; end < times.size(); end++) {
            while (times.get(end) - times.get(start) >= windowMillis * 1_000_000L) {
                start++;
            }
            max = Math.max(max, end - start + 1);
        }
        return max;
    }
}
