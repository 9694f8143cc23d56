package io.quocrmbridge.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.quocrmbridge.support.BridgeProcess;
import io.quocrmbridge.support.FakeQuo;
import io.quocrmbridge.support.FakeSalesforce;
import org.awaitility.Awaitility;

/**
 * Contact backfill benchmark: a local Quo API server ({@link FakeQuo}: N contacts, 50 a page, Quo's limit of 10
 * requests per second enforced with 429s) and a local Salesforce ({@link FakeSalesforce}, each reply delayed by a
 * remote org's latency); the packaged jar started with QUO_API_KEY and CRM_TARGETS=salesforce scans Quo and writes
 * every contact. Reports contacts per second (from the first Quo request to the last contact written; Quo's limit
 * makes 500 contacts/s the ceiling), Salesforce API calls per 1,000 contacts, Quo requests in the busiest second and
 * 429s, the bridge's peak RSS and CPU seconds. Everything runs on 127.0.0.1.
 *
 * <p>Run it with {@code bench/backfill-benchmark.sh} from the repository root. Parameters (system properties or
 * {@code name=value} arguments): {@code bench.contacts} (10000), {@code bench.salesforceLatencyMs} (50),
 * {@code bench.quoRateLimit} (10), {@code bench.timeoutSeconds} (300), and those of every benchmark
 * ({@link BenchParameters}): {@code bench.jvmOptions}, {@code bench.env}, {@code bench.outDir}. Results are printed and
 * written to {@code target/bench/backfill-benchmark.json}. The exit status is 0 when every contact reached
 * Salesforce exactly once, 1 otherwise; the speed targets are reported as met or not.
 */
public final class BackfillBenchmark {

    static final double TARGET_CONTACTS_PER_SECOND = 450;
    static final double TARGET_CALLS_PER_1000 = 6;
    private static final String KEY = "quo-backfill-benchmark-key";

    public static void main(String[] args) throws Exception {
        int contacts;
        int latency;
        int rateLimit;
        int timeout;
        List<String> jvm;
        Map<String, String> env;
        Path outDir;
        try {
            BenchParameters params = BenchParameters.parse("BackfillBenchmark", args, "contacts",
                    "salesforceLatencyMs", "quoRateLimit", "timeoutSeconds");
            contacts = params.integer("contacts", 10000, 1, 10_000_000);
            latency = params.integer("salesforceLatencyMs", 50, 0, 60_000);
            rateLimit = params.integer("quoRateLimit", 10, 1, 1000);
            timeout = params.integer("timeoutSeconds", 300, 1, Integer.MAX_VALUE);
            jvm = params.jvmOptions();
            env = params.env();
            outDir = params.outDir();
        } catch (IllegalArgumentException e) {
            System.out.println("bad parameter: " + e.getMessage());
            System.exit(2);
            return;
        }

        Path dir = BridgeProcess.freshDir(outDir.resolve("backfill"));
        Map<String, Object> result = new LinkedHashMap<>();
        boolean ok;
        try (FakeQuo quo = new FakeQuo(KEY, rateLimit); FakeSalesforce salesforce = new FakeSalesforce()) {
            quo.addContacts(contacts);
            salesforce.latency(latency);
            BridgeProcess bridge = new BridgeProcess(dir.resolve("data"), dir.resolve("bridge.log"))
                    .jvmOptions(jvm)
                    .env("QUO_API_KEY", KEY)
                    .env("QUO_API_BASE_URL", quo.baseUrl())
                    .env("QUO_API_RATE_LIMIT", Integer.toString(rateLimit))
                    .env("QUO_POLL_CHECK_MS", "200")
                    .env("CRM_TARGETS", "salesforce")
                    .env("SALESFORCE_LOGIN_URL", salesforce.baseUrl())
                    .env("SALESFORCE_CLIENT_ID", "backfill-benchmark")
                    .env("SALESFORCE_CLIENT_SECRET", "backfill-benchmark-secret");
            env.forEach(bridge::env);
            String loadBefore = ProcessStats.loadAverage();
            bridge.start();
            try {
                ProcessStats.Sampler sampler = new ProcessStats.Sampler(bridge.pid()).start();
                double cpuAtStart = ProcessStats.cpuSeconds(bridge.pid());
                Awaitility.await().atMost(timeout, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100)).until(() ->
                        salesforce.contacts().size() >= contacts || !bridge.isAlive());
                // whatever was still in flight would show now
                Awaitility.await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200)).until(() ->
                        bridge.metric("bridge_outbox_pending") == 0 && bridge.metric("bridge_inbox_pending") == 0);
                long lastWrite = salesforce.lastWriteNanos();
                double cpu = ProcessStats.cpuSeconds(bridge.pid()) - cpuAtStart;
                sampler.stop();

                List<FakeQuo.Served> pages = quo.served("/v1/contacts");
                long firstRequest = pages.get(0).nanos();
                double seconds = (lastWrite - firstRequest) / 1e9;
                int notOnce = 0;
                for (int i = 0; i < contacts; i++) {
                    if (salesforce.creations("CTpoll" + i) != 1) {
                        notOnce++;
                    }
                }
                ok = notOnce == 0 && salesforce.contacts().size() == contacts;
                double perSecond = contacts / seconds;
                double callsPer1000 = salesforce.apiCalls() * 1000.0 / contacts;
                result.put("timestamp", Instant.now().toString());
                result.put("contacts", contacts);
                result.put("salesforceLatencyMs", latency);
                result.put("quoRateLimit", rateLimit);
                result.put("jvmOptions", String.join(" ", jvm));
                result.put("backfillSeconds", round(seconds));
                result.put("contactsPerSecond", round(perSecond));
                result.put("ceilingContactsPerSecond", rateLimit * 50);
                result.put("salesforceApiCalls", salesforce.apiCalls());
                result.put("salesforceLogins", salesforce.logins());
                result.put("salesforceCallsPer1000Contacts", round(callsPer1000));
                result.put("quoPageRequests", pages.size());
                result.put("quoRequests", quo.served().size());
                result.put("quo429", quo.served().stream().filter(s -> s.status() == 429).count());
                result.put("quoMaxRequestsInAnySecond", quo.maxRequestsInAnyWindow(1000));
                result.put("contactsNotWrittenExactlyOnce", notOnce);
                result.put("peakRssMb", round(sampler.peakRssMb()));
                result.put("peakThreads", sampler.peakThreads());
                result.put("bridgeCpuSeconds", round(cpu));
                result.put("loadAverageBefore", loadBefore);
                result.put("loadAverageAfter", ProcessStats.loadAverage());
                result.put("targets", Map.of(
                        "contactsPerSecond>=" + TARGET_CONTACTS_PER_SECOND, perSecond >= TARGET_CONTACTS_PER_SECOND,
                        "salesforceCallsPer1000<=" + TARGET_CALLS_PER_1000, callsPer1000 <= TARGET_CALLS_PER_1000));
            } finally {
                bridge.stop();
            }
        }
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        mapper.writeValue(outDir.resolve("backfill-benchmark.json").toFile(), result);
        System.out.println(report(result));
        System.exit(ok ? 0 : 1);
    }

    private static String report(Map<String, Object> r) {
        return String.format(Locale.ROOT, """
                backfill        %s contacts in %s s   contacts/s %s (ceiling %s at %s Quo requests/s)
                salesforce      %s API calls (%s logins): %s calls per 1,000 contacts; latency %s ms per call
                quo             %s page requests, %s requests in all, %s in the busiest second, %s answered 429
                exactly once    %s contacts not written exactly once
                bridge          peak RSS %s MB, %s threads, CPU %s s
                load average    before %s, after %s
                targets         %s
                results         target/bench/backfill-benchmark.json""",
                r.get("contacts"), r.get("backfillSeconds"), r.get("contactsPerSecond"),
                r.get("ceilingContactsPerSecond"), r.get("quoRateLimit"), r.get("salesforceApiCalls"),
                r.get("salesforceLogins"), r.get("salesforceCallsPer1000Contacts"), r.get("salesforceLatencyMs"),
                r.get("quoPageRequests"), r.get("quoRequests"), r.get("quoMaxRequestsInAnySecond"), r.get("quo429"),
                r.get("contactsNotWrittenExactlyOnce"), r.get("peakRssMb"), r.get("peakThreads"),
                r.get("bridgeCpuSeconds"), r.get("loadAverageBefore"), r.get("loadAverageAfter"), r.get("targets"));
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
