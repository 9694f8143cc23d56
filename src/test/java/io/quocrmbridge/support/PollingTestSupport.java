package io.quocrmbridge.support;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

/** The bridge with contact polling on, against a {@link FakeQuo} (10 requests a second) and the fake Salesforce org. */
public abstract class PollingTestSupport extends SalesforceTestSupport {

    public static final String KEY = "quo-test-api-key-0123456789";

    protected FakeQuo quo;

    @Override
    protected final void salesforceProperties(Properties properties) {
        quo = new FakeQuo(KEY, 10);
        properties.put("quo.api-key", KEY);
        properties.put("quo.api-base-url", quo.baseUrl());
        properties.put("quo.poll.interval", "1h");
        properties.put("quo.poll.check-ms", "300");
        properties.put("quo.api.max-retries", "3");
        properties.put("crm.batch.max-wait-ms", "1000");
        contactsBeforeStart(quo);
        pollingProperties(properties);
    }

    /** Contacts the workspace holds when the bridge starts. */
    protected abstract void contactsBeforeStart(FakeQuo quo);

    /** Test-specific settings. */
    protected void pollingProperties(Properties properties) {
    }

    @Override
    protected void doPostTearDown() throws Exception {
        super.doPostTearDown();
        if (quo != null) {
            quo.close();
        }
    }

    /**
     * Waits until scan number {@code scan} (1 = the first) has completed, the run that completed it has finished
     * (its report of contacts missing in Quo included), and its contacts have been written.
     */
    protected void awaitScanComplete(long scan) {
        Awaitility.await().atMost(90, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200)).until(() -> {
            List<List<Object>> rows = rows("SELECT last_complete_scan FROM poll_checkpoint WHERE name = 'contacts'");
            return !rows.isEmpty() && rows.get(0).get(0) != null && ((Number) rows.get(0).get(0)).longValue() >= scan
                    && context.getInflightRepository().size("quo-contact-poll") == 0;
        });
        awaitQuiet();
    }

    /** The poller's checkpoint row: status, scan id, pages done, last error. */
    protected List<Object> checkpoint() {
        List<List<Object>> rows = rows("SELECT status, scan_id, pages_done, last_error, last_complete_scan "
                + "FROM poll_checkpoint WHERE name = 'contacts'");
        return rows.isEmpty() ? java.util.Arrays.asList("NONE", null, null, null, null) : rows.get(0);
    }
}
