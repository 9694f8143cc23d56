package io.quocrmbridge.bench;

import static io.quocrmbridge.bench.Report.round;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.quocrmbridge.support.BridgeProcess;
import io.quocrmbridge.support.FakeQuo;
import io.quocrmbridge.support.FakeSalesforce;

/**
 * Contact backfill benchmark: a local Quo API server ({@link FakeQuo}: N contacts, 50 a page, Quo's limit of 10
 * requests per second enforced with 429s) and a local Salesforce ({@link FakeSalesforce}, each reply delayed by a
 * remote org's latency); the packaged jar started with QUO_API_KEY and CRM_TARGETS=salesforce scans Quo and writes
 * every contact. Reports contacts per second (from the first Quo request to the last contact written), Salesforce API
 * calls per 1,000 contacts, Quo requests in the busiest second and 429s, the bridge's peak RSS and CPU seconds.
 * Everything runs on 127.0.0.1.
 *
 * <p>Targets (from the issue): contacts/s at least 90% of the ceiling Quo's rate limit sets, rate limit × 50 contacts
 * a page (500 contacts/s at 10 requests/s, so at least 450), and at most 6 Salesforce API calls per 1,000 contacts;
 * peak RSS and CPU seconds are reported without a target. The bridge spaces its Quo calls 5% wider than the limit
 * (BridgeConfiguration: quo.api.interval-ms = ceil(1050 / limit), 105 ms at 10 requests/s), so its own ceiling is
 * lower, 1000 / interval × page size (476 contacts/s at 10 requests/s): both ceilings are printed. The targets are
 * reported as met or not; they do not change the exit status.
 *
 * <p>Run it with {@code bench/backfill-benchmark.sh} from the repository root. Parameters (system properties or
 * arguments, {@code -Dbench.contacts=10000}, {@code --contacts=10000} or {@code contacts=10000}; see
 * {@link BenchParameters}): {@code bench.contacts} (10000), {@code bench.salesforceLatencyMs} (50),
 * {@code bench.quoRateLimit} (10: FakeQuo's limit and the bridge's QUO_API_RATE_LIMIT), {@code bench.timeoutSeconds}
 * (300, for all contacts to reach Salesforce), and those of every benchmark: {@code bench.jvmOptions}
 * ({@value BenchParameters#DEFAULT_JVM_OPTIONS}), {@code bench.env} (extra bridge environment,
 * {@code NAME=value,…}), {@code bench.outDir} (target/bench). Results are printed and written to
 * {@code target/bench/backfill-benchmark.json}; the bridge's data and log are in {@code target/bench/backfill/}.
 *
 * <p>Exit status: 0 when every contact reached Salesforce written exactly once ({@link FakeSalesforce#writes}: a
 * backfill of new contacts writes each once, so a second create or an extra update counts against it) and nothing
 * else was written; 1 when not, or when not every contact arrived within bench.timeoutSeconds, or work was still
 * pending a minute later; 2 when the benchmark could not finish: a bad parameter, or the bridge process did not
 * start or ended during the run.
 */
public final class BackfillBenchmark {

    /** The speed target: this share of the ceiling Quo's rate limit sets. */
    static final double TARGET_SHARE_OF_CEILING = 0.9;
    static final double TARGET_CALLS_PER_1000 = 6;
    /** Contacts a page: Quo's largest, and the bridge's default QUO_POLL_PAGE_SIZE. */
    static final int PAGE_SIZE = 50;
    private static final String KEY = "quo-backfill-benchmark-key";

    /** The benchmark's parameters. */
    record Config(int contacts, int latencyMs, int rateLimit, int timeoutSeconds, List<String> jvmOptions,
                  Map<String, String> env, Path outDir) {

        static Config from(String[] args) {
            BenchParameters p = BenchParameters.parse("BackfillBenchmark", args, "contacts", "salesforceLatencyMs",
                    "quoRateLimit", "timeoutSeconds");
            Config config = new Config(
                    p.integer("contacts", 10000, 1, 10_000_000),
                    p.integer("salesforceLatencyMs", 50, 0, 60_000),
                    p.integer("quoRateLimit", 10, 1, 1000),
                    p.integer("timeoutSeconds", 300, 1, Integer.MAX_VALUE),
                    p.jvmOptions(),
                    p.env(),
                    p.outDir());
            config.bridgeRateLimit();
            config.pageSize();
            return config;
        }

        /** The bridge's QUO_API_RATE_LIMIT: bench.quoRateLimit unless bench.env sets it. */
        int bridgeRateLimit() {
            return envInteger("QUO_API_RATE_LIMIT", rateLimit);
        }

        /** The bridge's QUO_POLL_PAGE_SIZE: 50 unless bench.env sets it. */
        int pageSize() {
            return envInteger("QUO_POLL_PAGE_SIZE", PAGE_SIZE);
        }

        private int envInteger(String name, int defaultValue) {
            String value = env.get(name);
            try {
                int number = value == null ? defaultValue : Integer.parseInt(value.trim());
                if (number < 1) {
                    throw new NumberFormatException();
                }
                return number;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bench.env " + name + "=" + value + ": not a whole number >= 1");
            }
        }
    }

    public static void main(String[] args) throws Exception {
        BenchParameters.main(args, Config::from, config -> new BackfillBenchmark(config).run());
    }

    private final Config config;

    BackfillBenchmark(Config config) {
        this.config = config;
    }

    int run() throws Exception {
        Path dir = BridgeProcess.freshDir(config.outDir.resolve("backfill"));
        Path log = dir.resolve("bridge.log");
        String loadBefore = ProcessStats.loadAverage();
        try (FakeQuo quo = new FakeQuo(KEY, config.rateLimit); FakeSalesforce salesforce = new FakeSalesforce()) {
            quo.addContacts(config.contacts);
            salesforce.latency(config.latencyMs);
            BridgeProcess bridge = new BridgeProcess(dir.resolve("data"), log)
                    .jvmOptions(config.jvmOptions)
                    .env("QUO_API_KEY", KEY)
                    .env("QUO_API_BASE_URL", quo.baseUrl())
                    .env("QUO_API_RATE_LIMIT", Integer.toString(config.rateLimit))
                    .env("QUO_POLL_CHECK_MS", "200")
                    .env("CRM_TARGETS", "salesforce")
                    .env("SALESFORCE_LOGIN_URL", salesforce.baseUrl())
                    .env("SALESFORCE_CLIENT_ID", "backfill-benchmark")
                    .env("SALESFORCE_CLIENT_SECRET", "backfill-benchmark-secret");
            config.env.forEach(bridge::env);
            System.out.printf("backfill of %d contacts from a local Quo (%d requests/s, %d a page) into a local "
                    + "Salesforce (%d ms latency)%nstarting %s with %s (log %s)...%n", config.contacts,
                    config.rateLimit, config.pageSize(), config.latencyMs, BridgeProcess.jar(),
                    String.join(" ", config.jvmOptions), log);
            try {
                bridge.start();
            } catch (RuntimeException e) {
                throw new IllegalStateException("the bridge did not start: " + e.getMessage() + "; see " + log, e);
            }
            try {
                return measure(bridge, quo, salesforce, loadBefore);
            } finally {
                bridge.stop();
            }
        }
    }

    private int measure(BridgeProcess bridge, FakeQuo quo, FakeSalesforce salesforce, String loadBefore)
            throws Exception {
        long pid = bridge.pid();
        ProcessStats.Sampler sampler = new ProcessStats.Sampler(pid).start();
        try {
            double cpuAtStart = ProcessStats.cpuSeconds(pid);
            System.out.printf("bridge pid %d ready; waiting for %d contacts in Salesforce (at most %d s)...%n", pid,
                    config.contacts, config.timeoutSeconds);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(config.timeoutSeconds);
            int landed = 0;
            while (System.nanoTime() < deadline) {
                landed = salesforce.contacts().size();
                if (landed >= config.contacts || !bridge.isAlive()) {
                    break;
                }
                Thread.sleep(100);
            }
            requireAlive(bridge, salesforce);
            boolean complete = landed >= config.contacts;
            // whatever was still in flight would show now
            double[] pending = settle(bridge, salesforce, 60);
            boolean settled = pending[0] == 0 && pending[1] == 0;
            long lastWrite = salesforce.lastWriteNanos();
            double cpu = ProcessStats.cpuSeconds(pid) - cpuAtStart;
            requireAlive(bridge, salesforce);
            sampler.stop();
            return report(quo, salesforce, sampler, cpu, lastWrite, complete, settled, pending, loadBefore);
        } finally {
            sampler.stop();
        }
    }

    /**
     * Waits (at most {@code seconds}) until the bridge's inbox and outbox have nothing pending; returns what was
     * pending last ({inbox, outbox}). A bridge that ends meanwhile fails the benchmark.
     */
    private double[] settle(BridgeProcess bridge, FakeSalesforce salesforce, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        double[] pending = {Double.NaN, Double.NaN};
        while (true) {
            requireAlive(bridge, salesforce);
            try {
                pending[0] = bridge.metric("bridge_inbox_pending");
                pending[1] = bridge.metric("bridge_outbox_pending");
                if (pending[0] == 0 && pending[1] == 0) {
                    return pending;
                }
            } catch (UncheckedIOException e) {
                // the management port did not answer: ended (checked above next round) or busy
            }
            if (System.nanoTime() >= deadline) {
                return pending;
            }
            Thread.sleep(200);
        }
    }

    private void requireAlive(BridgeProcess bridge, FakeSalesforce salesforce) {
        try {
            ProcessStats.requireAlive(bridge);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + " (" + salesforce.contacts().size() + " of "
                    + config.contacts + " contacts had reached Salesforce; its log: "
                    + config.outDir.resolve("backfill").resolve("bridge.log") + ")", e);
        }
    }

    private int report(FakeQuo quo, FakeSalesforce salesforce, ProcessStats.Sampler sampler, double cpu,
                       long lastWrite, boolean complete, boolean settled, double[] pending, String loadBefore)
            throws Exception {
        int contacts = config.contacts;
        List<FakeQuo.Served> pages = quo.served("/v1/contacts");
        double seconds = pages.isEmpty() || lastWrite == 0 ? Double.NaN : (lastWrite - pages.get(0).nanos()) / 1e9;
        int missing = 0;
        int repeated = 0;
        for (int i = 0; i < contacts; i++) {
            int writes = salesforce.writes("CTpoll" + i);
            missing += writes == 0 ? 1 : 0;
            repeated += writes > 1 ? 1 : 0;
        }
        int writtenOnce = contacts - missing - repeated;
        int others = salesforce.contacts().size() - (contacts - missing);
        boolean verified = complete && settled && missing == 0 && repeated == 0 && others == 0;

        double perSecond = (contacts - missing) / seconds;
        double ceiling = config.rateLimit * (double) config.pageSize();
        double target = TARGET_SHARE_OF_CEILING * ceiling;
        long intervalMs = (long) Math.ceil(1050.0 / config.bridgeRateLimit());
        double bridgeCeiling = 1000.0 / intervalMs * config.pageSize();
        double callsPer1000 = salesforce.apiCalls() * 1000.0 / contacts;
        long quo429 = quo.served().stream().filter(s -> s.status() == 429).count();
        int busiestSecond = quo.maxRequestsInAnyWindow(1000);
        String loadAfter = ProcessStats.loadAverage();
        Path json = config.outDir.resolve("backfill-benchmark.json");

        Report out = new Report("quo-crm-bridge contact backfill benchmark");
        out.line("contacts", "%d from a local Quo (%d requests/s, %d a page) into a local Salesforce (%d ms a call)",
                contacts, config.rateLimit, config.pageSize(), config.latencyMs);
        out.line("backfill", complete ? "%d contacts in %.1f s (first Quo request to last Salesforce write)"
                : "NOT COMPLETE: %d contacts in %.1f s, not all within bench.timeoutSeconds", contacts - missing,
                seconds);
        out.line("contacts/s", "%.0f: %.0f%% of the ceiling, %.0f%% of the bridge's own ceiling", perSecond,
                100 * perSecond / ceiling, 100 * perSecond / bridgeCeiling);
        out.line("  ceiling", "%.0f contacts/s: %d requests/s x %d contacts a page", ceiling, config.rateLimit,
                config.pageSize());
        out.line("  bridge's ceiling", "%.0f contacts/s: Quo calls spaced %d ms (ceil(1050 / %d), 5%% under the limit)",
                bridgeCeiling, intervalMs, config.bridgeRateLimit());
        out.line("salesforce", "%d API calls: %.1f per 1,000 contacts (OAuth logins not counted: %d)",
                salesforce.apiCalls(), callsPer1000, salesforce.logins());
        out.line("quo", "%d page requests, %d requests in all, %d in the busiest second, %d answered 429",
                pages.size(), quo.served().size(), busiestSecond, quo429);
        out.line("exactly once", "%s: %d of %d contacts written exactly once; %d missing, %d written more than once, "
                + "%d other records", verified ? "OK" : "MISMATCH", writtenOnce, contacts, missing, repeated, others);
        if (!settled) {
            out.line("  NOT SETTLED", "still pending a minute later: inbox %.0f, outbox %.0f", pending[0], pending[1]);
        }
        out.line("bridge peak RSS MB", "%.0f (peak VmRSS of %d samples every 100 ms: %.0f anonymous, %.0f "
                + "file-backed); VmHWM %.0f", sampler.peakRssMb(), sampler.samples(), sampler.peakAnonMb(), sampler.peakFileMb(),
                sampler.hwmMb());
        out.line("bridge CPU s", "%.1f (ready to settled; %.2f ms a contact), %d threads at most", cpu,
                cpu * 1000 / contacts, sampler.peakThreads());
        out.line("bridge JVM", "%s", String.join(" ", config.jvmOptions));
        if (!config.env.isEmpty()) {
            out.line("bridge env", "%s", config.env);
        }
        out.line("host", "%d CPUs; load average before %s, after %s", Runtime.getRuntime().availableProcessors(),
                loadBefore, loadAfter);
        out.line("targets", "contacts/s >= %.0f (%.0f%% of %.0f): %s; Salesforce calls per 1,000 contacts <= %.0f: %s",
                target, TARGET_SHARE_OF_CEILING * 100, ceiling, Report.met(perSecond >= target),
                TARGET_CALLS_PER_1000, Report.met(callsPer1000 <= TARGET_CALLS_PER_1000));
        out.line("written", "%s (bridge log %s)", json, config.outDir.resolve("backfill").resolve("bridge.log"));
        out.print();

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("timestamp", Instant.now().toString());
        result.put("contacts", contacts);
        result.put("salesforceLatencyMs", config.latencyMs);
        result.put("quoRateLimit", config.rateLimit);
        result.put("pageSize", config.pageSize());
        result.put("complete", complete);
        result.put("backfillSeconds", round(seconds, 2));
        result.put("contactsPerSecond", round(perSecond, 1));
        result.put("ceilingContactsPerSecond", round(ceiling, 1));
        result.put("shareOfCeiling", round(perSecond / ceiling, 3));
        result.put("bridgeQuoIntervalMs", intervalMs);
        result.put("bridgeCeilingContactsPerSecond", round(bridgeCeiling, 1));
        result.put("shareOfBridgeCeiling", round(perSecond / bridgeCeiling, 3));
        result.put("salesforceApiCalls", salesforce.apiCalls());
        result.put("salesforceLogins", salesforce.logins());
        result.put("salesforceCallsPer1000Contacts", round(callsPer1000, 2));
        result.put("quoPageRequests", pages.size());
        result.put("quoRequests", quo.served().size());
        result.put("quo429", quo429);
        result.put("quoMaxRequestsInAnySecond", busiestSecond);
        result.put("exactlyOnce", Map.of("verified", verified, "writtenOnce", writtenOnce, "missing", missing,
                "writtenMoreThanOnce", repeated, "otherRecords", others, "settled", settled));
        result.put("peakRssMb", round(sampler.peakRssMb(), 1));
        result.put("peakRssAnonMb", round(sampler.peakAnonMb(), 1));
        result.put("peakRssFileMb", round(sampler.peakFileMb(), 1));
        result.put("vmHwmMb", round(sampler.hwmMb(), 1));
        result.put("rssSamples", sampler.samples());
        result.put("peakThreads", sampler.peakThreads());
        result.put("bridgeCpuSeconds", round(cpu, 2));
        result.put("jvmOptions", config.jvmOptions);
        result.put("bridgeEnv", config.env);
        result.put("cpus", Runtime.getRuntime().availableProcessors());
        result.put("loadAverage", Map.of("before", loadBefore, "after", loadAfter));
        result.put("targets", Map.of(
                "contactsPerSecond", Map.of("target", round(target, 1), "met", perSecond >= target),
                "salesforceCallsPer1000Contacts", Map.of("target", TARGET_CALLS_PER_1000,
                        "met", callsPer1000 <= TARGET_CALLS_PER_1000)));
        Report.writeJson(json, result);
        return verified ? 0 : 1;
    }
}
