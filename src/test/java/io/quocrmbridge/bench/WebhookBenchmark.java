package io.quocrmbridge.bench;

import static io.quocrmbridge.bench.Report.round;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quocrmbridge.support.BridgeProcess;
import io.quocrmbridge.support.Fixtures;
import io.quocrmbridge.support.WebhookSigner;

/**
 * Webhook intake benchmark: starts the packaged jar ({@code target/quo-crm-bridge.jar}) with the dry-run target,
 * sends N distinct signed Quo webhooks at concurrency C to {@code POST /webhooks/quo} on 127.0.0.1, and reports
 * accepted events/s, acknowledgement latency percentiles, errors, peak RSS, CPU, how long the dispatcher takes to
 * drain, the end-to-end rate, and whether dry-run.jsonl holds exactly the contacts and activities the events sent
 * must produce.
 *
 * <p>Run it with {@code bench/webhook-benchmark.sh} from the repository root. Parameters are system properties or
 * arguments of the same form ({@code -Dbench.events=20000}, {@code --events=20000} or {@code events=20000}):
 * <ul>
 *   <li>{@code bench.events} (20000) measured requests, {@code bench.concurrency} (32) connections,
 *       {@code bench.warmup} (2000) unmeasured requests sent first,</li>
 *   <li>{@code bench.contactShare} (0.5) share of contact events (the rest are call and message events, which the
 *       bridge merges into activities: Salesforce Tasks in dry-run.jsonl),</li>
 *   <li>{@code bench.jvmOptions} ({@value BenchParameters#DEFAULT_JVM_OPTIONS}) the bridge's JVM options,
 *       space-separated (add {@code -XX:NativeMemoryTracking=summary} for target/bench/native-memory.txt);
 *       {@code bench.env} extra bridge environment, e.g. {@code BRIDGE_DISPATCH_THREADS=2,BRIDGE_DB_POOL_SIZE=8}
 *       ({@code ACTIVITY_CALL_WRITE_RINGING=true} is taken into account by the check below;
 *       {@code ACTIVITY_MESSAGE_GROUPING} other than none is refused: the check cannot derive grouped keys),</li>
 *   <li>{@code bench.jfr} (false) records the measured phase with JFR into {@code target/bench/intake.jfr},</li>
 *   <li>{@code bench.drainTimeoutSeconds} (300), {@code bench.requestTimeoutSeconds} (30), {@code bench.seed} (42),
 *       {@code bench.outDir} (target/bench).</li>
 * </ul>
 * Results are printed and written to {@code target/bench/webhook-benchmark.json}. The exit status is 0 when every
 * request got a 2xx answer and the dry-run check passed, 1 otherwise, 2 when the benchmark could not finish (a bad
 * parameter, the bridge process ended, the warm-up did not drain); the speed targets are reported as met or not,
 * they do not change the exit status.
 *
 * <p><b>The dry-run check.</b> The keys ({@code recordKeys}) of the lines dry-run.jsonl gains during the measured
 * phase are compared with what the measured events must produce, derived from the events sent (never from the
 * output). "Exactly" means, per kind of record:
 * <ul>
 *   <li>contacts: every contact event names a contact of its own (a unique contact id, and external id where the
 *       fixture has one, which is then the key), so every contact key is written exactly once;</li>
 *   <li>texts: a message is one activity keyed by its message id (message.received, .delivered and .failed of one
 *       message merge into one Task); it is written at least once, and at most once per event about it, since an
 *       event that changes the merged activity upserts the same Task again;</li>
 *   <li>calls: every event about a call (ringing, answered, completed, missed, recording, transcript, summary)
 *       merges into one activity keyed by the Quo call id, written only once the call has ended (unless bench.env
 *       sets ACTIVITY_CALL_WRITE_RINGING=true). A call has ended when one of its events is call.completed,
 *       call.missed, call.recording.* or call.voicemail.*, or else when the call status of its most advanced event
 *       (answered over ringing) is final: completed, missed, no-answer, busy, failed, canceled, forwarded or
 *       abandoned. A transcript or summary says nothing of its call's status (a legacy one's status is its own
 *       processing status), so a call known from one of them alone, from call.ringing or from call.answered has not
 *       ended. An ended call is written at least once and at most once
 *       per event about it (call.completed, then call.summary.completed for the same call id, upserts its Task
 *       twice; a revision still queued is replaced by the next one, so fewer writes are normal); a call that has
 *       not ended is not written at all;</li>
 *   <li>nothing else: any other key (a call that had not ended, a warm-up record) is unexpected.</li>
 * </ul>
 * The load gives every call and message event a call or message of its own (its ids are made unique per event), so
 * each activity has one event and the bounds make every written activity exactly-once too; they keep the check
 * exact should the load send several events of one call.
 *
 * <p>Latency is per request, from just before {@code HttpClient.send} to the response: it includes time queued in
 * the bridge, not time the load generator waits for a free connection (it never does: C workers, C connections).
 * Requests are pre-built and signed right before each phase (within Quo's 5-minute window); the load generator runs
 * on the same machine, so its CPU is reported too.</p>
 */
public final class WebhookBenchmark {

    /** Targets from the issue, for 2-core machines. */
    static final double TARGET_ACCEPTED_PER_SECOND = 2000;
    static final double TARGET_P99_MS = 50;
    static final double TARGET_RSS_MB = 512;

    /** Signatures older than this are renewed before sending (Quo's and the bridge's window is 300 s). */
    static final long RESIGN_AFTER_MS = 240_000;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A fixture the load is made of; {@code object} points at the contact, call or message in the envelope. */
    record Template(String fixture, boolean contact, String object, int weight) {
    }

    static final List<Template> CONTACTS = List.of(
            new Template("beta/contact.updated.json", true, "/data/resource", 4),
            new Template("beta/contact.updated.external-id.json", true, "/data/resource", 1),
            new Template("legacy-v4/contact.updated.json", true, "/data/object", 2),
            new Template("legacy-v4/contact.updated.plain-phones.json", true, "/data/object", 1),
            new Template("legacy-v3/contact.updated.json", true, "/data/object", 1));

    static final List<Template> ACTIVITIES = List.of(
            new Template("beta/message.received.json", false, "/data/resource", 3),
            new Template("beta/message.delivered.json", false, "/data/resource", 2),
            new Template("beta/call.ringing.json", false, "/data/resource", 1),
            new Template("beta/call.answered.json", false, "/data/resource", 1),
            new Template("beta/call.completed.json", false, "/data/resource", 2),
            new Template("beta/call.missed.json", false, "/data/resource", 1),
            new Template("beta/call.recording.completed.json", false, "/data/resource", 1),
            new Template("beta/call.transcript.completed.json", false, "/data/resource", 1),
            new Template("beta/call.summary.completed.json", false, "/data/resource", 1),
            new Template("legacy-v4/message.received.json", false, "/data/object", 2),
            new Template("legacy-v4/message.delivered.json", false, "/data/object", 1),
            new Template("legacy-v4/call.completed.answered-incoming.json", false, "/data/object", 2),
            new Template("legacy-v4/call.recording.completed.json", false, "/data/object", 1),
            new Template("legacy-v4/call.transcript.completed.json", false, "/data/object", 1),
            new Template("legacy-v4/call.summary.completed.json", false, "/data/object", 1),
            new Template("legacy-v3/message.received.json", false, "/data/object", 1),
            new Template("legacy-v3/call.completed.answered-outgoing.json", false, "/data/object", 1));

    /** Kinds of record an event is about. */
    static final String CONTACT = "contact";
    static final String CALL = "call";
    static final String MESSAGE = "message";

    /**
     * One webhook delivery. {@code kind} is {@link #CONTACT}, {@link #CALL} or {@link #MESSAGE}; {@code key} the
     * record's key in dry-run.jsonl (the contact's CRM key, the Quo call id, the message id); {@code callStatus} the
     * status field of a call event's object, else null.
     */
    record Delivery(String eventId, String type, boolean legacy, byte[] body, String kind, String key,
                    String callStatus) {
    }

    /** The benchmark's parameters. */
    record Config(int events, int concurrency, int warmup, double contactShare, List<String> jvmOptions,
                  Map<String, String> env, boolean jfr, int drainTimeoutSeconds, int requestTimeoutSeconds,
                  long seed, Path outDir) {

        static Config from(String[] args) {
            BenchParameters p = BenchParameters.parse("WebhookBenchmark", args, "events", "concurrency", "warmup",
                    "contactShare", "jfr", "drainTimeoutSeconds", "requestTimeoutSeconds", "seed");
            String grouping = p.env().getOrDefault("ACTIVITY_MESSAGE_GROUPING", "none").trim();
            if (!grouping.equalsIgnoreCase("none")) {
                throw new IllegalArgumentException("bench.env ACTIVITY_MESSAGE_GROUPING=" + grouping + ": the dry-run "
                        + "check knows the keys of texts written one per message only; leave it at none");
            }
            return new Config(
                    p.integer("events", 20000, 1, Integer.MAX_VALUE),
                    p.integer("concurrency", 32, 1, 1024),
                    p.integer("warmup", 2000, 0, Integer.MAX_VALUE),
                    p.decimal("contactShare", 0.5, 0, 1),
                    p.jvmOptions(),
                    p.env(),
                    p.flag("jfr", false),
                    p.integer("drainTimeoutSeconds", 300, 1, Integer.MAX_VALUE),
                    p.integer("requestTimeoutSeconds", 30, 1, Integer.MAX_VALUE),
                    p.whole("seed", 42),
                    p.outDir());
        }

        /** Whether the bridge writes calls that have not ended (bench.env ACTIVITY_CALL_WRITE_RINGING=true). */
        boolean writesRingingCalls() {
            return Boolean.parseBoolean(env.getOrDefault("ACTIVITY_CALL_WRITE_RINGING", "false").trim());
        }
    }

    /** What one phase of sending measured. */
    record PhaseResult(int sent, int accepted, int duplicates, Map<String, Integer> errors, List<String> errorSamples,
                       long[] latenciesNanos, long startNanos, long endNanos, long startWallMillis, int resigned) {

        double seconds() {
            return (endNanos - startNanos) / 1e9;
        }

        int errorCount() {
            return errors.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    public static void main(String[] args) throws Exception {
        BenchParameters.main(args, Config::from, config -> new WebhookBenchmark(config).run());
    }

    private final Config config;
    private final Map<String, Object> result = new LinkedHashMap<>();

    WebhookBenchmark(Config config) {
        this.config = config;
    }

    int run() throws Exception {
        Files.createDirectories(config.outDir);
        Path dataDir = BridgeProcess.freshDir(config.outDir.resolve("data"));
        Path log = config.outDir.resolve("bridge.log");
        Files.deleteIfExists(log);
        Path dryRun = dataDir.resolve("dry-run.jsonl");
        String loadAtStart = ProcessStats.loadAverage();

        System.out.printf("building %d warm-up and %d measured webhooks (%.0f%% contact events)...%n",
                config.warmup, config.events, config.contactShare * 100);
        Random random = new Random(config.seed);
        List<Delivery> warmup = deliveries("W", config.warmup, config.contactShare, random);
        List<Delivery> measured = deliveries("M", config.events, config.contactShare, random);
        Expected warmupExpected = expected(warmup, config.writesRingingCalls());
        Expected expected = expected(measured, config.writesRingingCalls());

        BridgeProcess bridge = new BridgeProcess(dataDir, log)
                .jvmOptions(config.jvmOptions)
                .env("QUO_WEBHOOK_SECRETS", WebhookSigner.LEGACY_KEY + "," + WebhookSigner.BETA_SECRET)
                .env("CRM_TARGETS", "dry-run");
        config.env.forEach(bridge::env);
        Thread stopOnExit = new Thread(bridge::stop, "bench-stop-bridge");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        long startAt = System.nanoTime();
        System.out.printf("starting %s with %s (data %s, log %s)...%n", BridgeProcess.jar(),
                String.join(" ", config.jvmOptions), dataDir, log);
        try (bridge) {
            bridge.start();
            double startupSeconds = (System.nanoTime() - startAt) / 1e9;
            long pid = bridge.pid();
            URI webhookUri = URI.create("http://127.0.0.1:" + bridge.httpPort() + "/webhooks/quo");
            ProcessStats.Sampler sampler = new ProcessStats.Sampler(pid).start();
            try {
                double cpuAfterStart = ProcessStats.cpuSeconds(pid);
                System.out.printf("bridge pid %d ready in %.1f s, http port %d, management port %d%n", pid,
                        startupSeconds, bridge.httpPort(), bridge.managementPort());

                // warm-up: not measured; then let the dispatcher finish it so the measured run starts clean
                DryRunFile dryRunFile = new DryRunFile(dryRun);
                if (!warmup.isEmpty()) {
                    System.out.printf("warm-up: %d requests at concurrency %d...%n", warmup.size(), config.concurrency);
                    dryRunFile.beginPhase(warmupExpected.keys());
                    PhaseResult w = send(warmup, webhookUri);
                    ProcessStats.requireAlive(bridge);
                    System.out.printf("warm-up: %d accepted, %d errors in %.1f s (%.0f/s); draining...%n",
                            w.accepted, w.errorCount(), w.seconds(), w.accepted / w.seconds());
                    Drain d = drain(bridge, dryRunFile, warmupExpected.keys().size());
                    if (!d.drained) {
                        throw new IllegalStateException("the warm-up did not drain within bench.drainTimeoutSeconds="
                                + config.drainTimeoutSeconds + "; raise it");
                    }
                    System.out.printf("warm-up drained in %.1f s%n", (d.endNanos - w.endNanos) / 1e9);
                    result.put("warmup", Map.of("requests", w.sent, "accepted", w.accepted, "errors", w.errorCount(),
                            "seconds", round(w.seconds(), 2), "drained", d.drained));
                }

                // measured run
                sampler.resetPeak();
                Map<String, Double> gcBefore = gcCounters(pid);
                long writeBytesBefore = ProcessStats.ioCounter(pid, "write_bytes");
                double cpuBefore = ProcessStats.cpuSeconds(pid);
                double selfCpuBefore = ProcessStats.ownCpuSeconds();
                if (config.jfr) {
                    jcmd(pid, "JFR.start", "name=bench", "settings=profile",
                            "filename=" + config.outDir.resolve("intake.jfr"));
                }
                String loadBefore = ProcessStats.loadAverage();
                System.out.printf("measured: %d requests at concurrency %d (load average %s)...%n", measured.size(),
                        config.concurrency, loadBefore);
                dryRunFile.beginPhase(expected.keys());
                PhaseResult run = send(measured, webhookUri);
                ProcessStats.requireAlive(bridge);
                double cpuAfterIntake = ProcessStats.cpuSeconds(pid);
                Map<String, Double> gcIntake = minus(gcCounters(pid), gcBefore);
                long writeBytesIntake = ProcessStats.ioCounter(pid, "write_bytes") - writeBytesBefore;
                double selfCpuAfterIntake = ProcessStats.ownCpuSeconds();
                if (config.jfr) {
                    jcmd(pid, "JFR.stop", "name=bench");
                }
                String loadAfterIntake = ProcessStats.loadAverage();
                Drain drain = drain(bridge, dryRunFile, expected.keys().size());
                double cpuAfterDrain = ProcessStats.cpuSeconds(pid);
                long writeBytesRun = ProcessStats.ioCounter(pid, "write_bytes") - writeBytesBefore;
                long storeBytes = ProcessStats.filesBytes(dataDir, ".mv.db");
                sampler.stop();
                if (config.jvmOptions.stream().anyMatch(o -> o.startsWith("-XX:NativeMemoryTracking="))) {
                    Path nmt = config.outDir.resolve("native-memory.txt");
                    Files.writeString(nmt, jcmd(pid, "VM.native_memory", "summary"));
                    System.out.println("native memory summary: " + nmt);
                }

                DryRunCheck check = check(expected, dryRunFile, drain.drained);
                report(run, drain, check, sampler, startupSeconds, cpuAfterStart,
                        cpuAfterIntake - cpuBefore, cpuAfterDrain - cpuAfterIntake, cpuAfterDrain,
                        selfCpuAfterIntake - selfCpuBefore, measured, loadAtStart, loadBefore, loadAfterIntake,
                        gcIntake, new long[] {writeBytesIntake, writeBytesRun, storeBytes});
                return run.errorCount() == 0 && run.duplicates == 0 && check.verified() ? 0 : 1;
            } finally {
                sampler.stop();
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // the load
    // ------------------------------------------------------------------------------------------------------------

    /**
     * {@code count} distinct webhooks from the fixtures: unique event ids, a contact of its own for every contact
     * event, a call or message of its own (unique ids) for every other event.
     */
    static List<Delivery> deliveries(String phase, int count, double contactShare, Random random) {
        Map<String, ObjectNode> templates = new LinkedHashMap<>();
        for (Template t : CONTACTS) {
            templates.put(t.fixture, Fixtures.json(t.fixture));
        }
        for (Template t : ACTIVITIES) {
            templates.put(t.fixture, Fixtures.json(t.fixture));
        }
        Instant now = Instant.now();
        List<Delivery> deliveries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            boolean contact = random.nextDouble() < contactShare;
            Template template = pick(contact ? CONTACTS : ACTIVITIES, random);
            ObjectNode event = templates.get(template.fixture).deepCopy();
            String n = phase + String.format(Locale.ROOT, "%07d", i);
            String eventId = "EVbench" + n + Long.toHexString(random.nextLong() & 0xffffffffL);
            Fixtures.with(event, "/id", eventId);
            Fixtures.with(event, "/createdAt", now.toString());
            ObjectNode object = (ObjectNode) event.at(template.object);
            String type = event.path("type").asText();
            String kind;
            String key;
            String callStatus = null;
            if (template.contact) {
                String contactId = "CTbench" + n;
                object.put("id", contactId);
                object.put("updatedAt", now.plusMillis(i).toString());
                kind = CONTACT;
                key = contactId;
                if (object.hasNonNull("externalId")) {
                    key = "bench-ext-" + n;
                    object.put("externalId", key);
                }
                JsonNode emails = object.path("emails");
                if (emails.isArray() && emails.size() > 0 && emails.get(0).isObject()) {
                    ((ObjectNode) emails.get(0)).put("value", "contact" + n.toLowerCase(Locale.ROOT) + "@bench.example");
                }
            } else {
                // a call or message of its own (the id, or the callId the summary/transcript/recording refer to)
                for (String field : List.of("id", "callId")) {
                    if (object.path(field).isTextual()) {
                        object.put(field, object.get(field).asText().substring(0, 2) + "bench" + n);
                    }
                }
                if (type.startsWith("call.")) {
                    kind = CALL;
                    key = callId(type, object);
                    callStatus = object.path("status").isTextual() ? object.get("status").asText() : null;
                } else if (type.startsWith("message.")) {
                    kind = MESSAGE;
                    key = object.path("id").asText(null);
                } else {
                    throw new IllegalStateException(template.fixture + ": " + type
                            + " is neither a call nor a message");
                }
                if (key == null) {
                    throw new IllegalStateException(template.fixture + " names no call or message id");
                }
            }
            boolean legacy = "event".equals(event.path("object").asText(null));
            deliveries.add(new Delivery(eventId, type, legacy, Fixtures.write(event).getBytes(StandardCharsets.UTF_8),
                    kind, key, callStatus));
        }
        return deliveries;
    }

    private static Template pick(List<Template> templates, Random random) {
        int total = templates.stream().mapToInt(Template::weight).sum();
        int r = random.nextInt(total);
        for (Template t : templates) {
            r -= t.weight;
            if (r < 0) {
                return t;
            }
        }
        throw new IllegalStateException();
    }

    /**
     * The call an event is about, as the bridge keys its activity: the call id a transcript or summary refers to, the
     * call's own id for every other call event.
     */
    static String callId(String type, JsonNode object) {
        boolean refersToCall = type.startsWith("call.summary") || type.startsWith("call.transcript");
        String first = refersToCall ? "callId" : "id";
        String second = refersToCall ? "id" : "callId";
        return object.path(first).isTextual() ? object.get(first).asText() : object.path(second).asText(null);
    }

    /**
     * What one phase's events must leave in dry-run.jsonl (see the class comment): {@code maxWrites} holds every key
     * that must be written, with how often it may be (1 for a contact; the number of events about it for a text or
     * an ended call); {@code unendedCalls} the calls that must not be written.
     */
    record Expected(Map<String, Integer> maxWrites, Set<String> contacts, Set<String> calls, Set<String> texts,
                    Set<String> unendedCalls) {

        Set<String> keys() {
            return maxWrites.keySet();
        }
    }

    /** Derives {@link Expected} from the deliveries of one phase (never from the output). */
    static Expected expected(List<Delivery> deliveries, boolean writeRinging) {
        Map<String, List<Delivery>> byKey = new LinkedHashMap<>();
        for (Delivery d : deliveries) {
            byKey.computeIfAbsent(d.key, k -> new ArrayList<>()).add(d);
        }
        Map<String, Integer> maxWrites = new LinkedHashMap<>();
        Set<String> contacts = new HashSet<>();
        Set<String> calls = new HashSet<>();
        Set<String> texts = new HashSet<>();
        Set<String> unended = new HashSet<>();
        byKey.forEach((key, events) -> {
            String kind = events.get(0).kind;
            if (events.stream().anyMatch(e -> !e.kind.equals(kind))) {
                throw new IllegalStateException("the load uses key " + key + " for more than one kind of record");
            }
            switch (kind) {
                case CONTACT -> {
                    if (events.size() > 1) {
                        throw new IllegalStateException("the load sends contact " + key + " more than once");
                    }
                    contacts.add(key);
                    maxWrites.put(key, 1);
                }
                case MESSAGE -> {
                    texts.add(key);
                    maxWrites.put(key, events.size());
                }
                default -> {
                    if (writeRinging || callEnded(events)) {
                        calls.add(key);
                        maxWrites.put(key, events.size());
                    } else {
                        unended.add(key);
                    }
                }
            }
        });
        return new Expected(maxWrites, contacts, calls, texts, unended);
    }

    /** Call statuses that say the call is over. */
    static final Set<String> FINAL_CALL_STATUSES = Set.of("completed", "missed", "no-answer", "busy", "failed",
            "canceled", "forwarded", "abandoned");

    /**
     * Whether these events about one call show it has ended: one of them is call.completed, call.missed,
     * call.recording.* or call.voicemail.*, or else the call status of the most advanced one (answered over ringing)
     * is final; a transcript's or summary's status is its own, not the call's.
     */
    static boolean callEnded(List<Delivery> events) {
        Delivery mostAdvanced = null;
        for (Delivery e : events) {
            if (e.type.equals("call.completed") || e.type.equals("call.missed")
                    || e.type.startsWith("call.recording.") || e.type.startsWith("call.voicemail.")) {
                return true;
            }
            if (e.callStatus != null && stage(e.type) > 1
                    && (mostAdvanced == null || stage(e.type) > stage(mostAdvanced.type))) {
                mostAdvanced = e;
            }
        }
        return mostAdvanced != null && FINAL_CALL_STATUSES.contains(mostAdvanced.callStatus.toLowerCase(Locale.ROOT));
    }

    /** How far into its call an event that does not end it is. */
    private static int stage(String type) {
        if (type.equals("call.answered")) {
            return 3;
        }
        if (type.equals("call.ringing")) {
            return 2;
        }
        return type.startsWith("call.summary") || type.startsWith("call.transcript") ? 1 : 0;
    }

    /** A request signed now: legacy-plane envelopes with openphone-signature, beta ones with Standard Webhooks. */
    private HttpRequest signed(Delivery d, URI uri) {
        Map<String, String> headers = d.legacy
                ? WebhookSigner.legacyHeaders(WebhookSigner.LEGACY_KEY, d.body)
                : WebhookSigner.standardHeaders(WebhookSigner.BETA_SECRET, "msg_" + d.eventId, d.body);
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .version(HttpClient.Version.HTTP_1_1)
                .timeout(Duration.ofSeconds(config.requestTimeoutSeconds))
                .header("Content-Type", "application/json")
                .header("User-Agent", "quo-crm-bridge-webhook-benchmark")
                .POST(HttpRequest.BodyPublishers.ofByteArray(d.body));
        headers.forEach(builder::header);
        return builder.build();
    }

    /**
     * Sends every delivery once at concurrency C: C workers, each with its own HTTP/1.1 client and so its own
     * keep-alive connection, take the next delivery from a shared counter. Requests are signed just before the
     * phase starts; one whose signature is older than {@link #RESIGN_AFTER_MS} (a very slow run) is signed again.
     */
    PhaseResult send(List<Delivery> deliveries, URI uri) throws InterruptedException {
        int n = deliveries.size();
        HttpRequest[] requests = new HttpRequest[n];
        for (int i = 0; i < n; i++) {
            requests[i] = signed(deliveries.get(i), uri);
        }
        long signedAt = System.currentTimeMillis();
        long[] latencies = new long[n];
        int[] statuses = new int[n];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger resigned = new AtomicInteger();
        Map<String, Integer> errors = new ConcurrentHashMap<>();
        List<String> errorSamples = new ArrayList<>();
        LongAdder accepted = new LongAdder();
        LongAdder duplicates = new LongAdder();
        long[] lastEnd = new long[config.concurrency];
        CountDownLatch ready = new CountDownLatch(config.concurrency);
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(config.concurrency);
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < config.concurrency; w++) {
            int worker = w;
            Thread thread = new Thread(() -> {
                // one client per worker: exactly one connection each, kept alive for the whole phase
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5)).build();
                try {
                    ready.countDown();
                    go.await();
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        HttpRequest request = requests[i];
                        if (System.currentTimeMillis() - signedAt > RESIGN_AFTER_MS) {
                            request = signed(deliveries.get(i), uri);
                            resigned.incrementAndGet();
                        }
                        long t0 = System.nanoTime();
                        try {
                            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                            long t1 = System.nanoTime();
                            latencies[i] = t1 - t0;
                            lastEnd[worker] = t1;
                            int status = response.statusCode();
                            statuses[i] = status;
                            if (status == 202) {
                                accepted.increment();
                            } else if (status == 200) {
                                duplicates.increment();
                            } else {
                                errors.merge("HTTP " + status, 1, Integer::sum);
                                sample(errorSamples, deliveries.get(i).eventId + ": HTTP " + status + " " + response.body());
                            }
                        } catch (IOException e) {
                            long t1 = System.nanoTime();
                            latencies[i] = t1 - t0;
                            lastEnd[worker] = t1;
                            errors.merge(e.getClass().getSimpleName(), 1, Integer::sum);
                            sample(errorSamples, deliveries.get(i).eventId + ": " + e);
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            }, "bench-worker-" + w);
            thread.setDaemon(true);
            workers.add(thread);
            thread.start();
        }
        ready.await();
        long start = System.nanoTime();
        long startWall = System.currentTimeMillis();
        go.countDown();
        // bounded: every request has a timeout; allow all of them to time out one after the other per worker
        long limitSeconds = (long) config.requestTimeoutSeconds * (n / config.concurrency + 2) + 60;
        if (!done.await(limitSeconds, TimeUnit.SECONDS)) {
            workers.forEach(Thread::interrupt);
            throw new IllegalStateException("the phase did not finish within " + limitSeconds + " s");
        }
        long end = Arrays.stream(lastEnd).max().orElse(start);
        return new PhaseResult(n, accepted.intValue(), duplicates.intValue(), new TreeMap<>(errors), errorSamples,
                latencies, start, end, startWall, resigned.get());
    }

    private static void sample(List<String> samples, String text) {
        synchronized (samples) {
            if (samples.size() < 10) {
                samples.add(text.length() > 300 ? text.substring(0, 300) + "..." : text);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // draining and dry-run.jsonl
    // ------------------------------------------------------------------------------------------------------------

    /** How the dispatcher finished the accepted events. */
    record Drain(boolean drained, long endNanos, double inboxPending, double outboxPending) {
    }

    /**
     * Waits until dry-run.jsonl holds each of the phase's {@code expectedKeys} keys (its contacts, ended calls and
     * texts) and the inbox and outbox have nothing pending (events of calls that have not ended leave the inbox
     * without queueing anything, so nothing waits for them either). Bounded by bench.drainTimeoutSeconds.
     */
    Drain drain(BridgeProcess bridge, DryRunFile file, int expectedKeys) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(config.drainTimeoutSeconds);
        double inbox = -1;
        double outbox = -1;
        while (System.nanoTime() < deadline) {
            ProcessStats.requireAlive(bridge);
            file.readNew();
            if (file.expectedWritten >= expectedKeys) {
                inbox = bridge.metric("bridge_inbox_pending");
                outbox = bridge.metric("bridge_outbox_pending");
                if (inbox == 0 && outbox == 0) {
                    long end = System.nanoTime();
                    file.readNew();
                    return new Drain(true, end, inbox, outbox);
                }
            }
            Thread.sleep(50);
        }
        inbox = bridge.metric("bridge_inbox_pending");
        outbox = bridge.metric("bridge_outbox_pending");
        System.out.printf("NOT DRAINED after %d s: %d of %d expected keys in dry-run.jsonl, inbox pending %.0f, "
                + "outbox pending %.0f%n", config.drainTimeoutSeconds, file.expectedWritten, expectedKeys, inbox,
                outbox);
        return new Drain(false, System.nanoTime(), inbox, outbox);
    }

    /**
     * Reads dry-run.jsonl as it grows: one JSON object a line, each with a recordKeys list. Counts what was written
     * since {@link #beginPhase}: lines, records, writes per key, and how many of the phase's expected keys were
     * written at least once.
     */
    static final class DryRunFile {
        private final Path path;
        private long offset;
        int lines;
        int records;
        final Map<String, Integer> keys = new HashMap<>();
        private Set<String> expected = Set.of();
        int expectedWritten;

        DryRunFile(Path path) {
            this.path = path;
        }

        /** Starts counting afresh (lines already read are not read again) for a phase that must write these keys. */
        void beginPhase(Set<String> expectedKeys) {
            lines = 0;
            records = 0;
            keys.clear();
            expected = expectedKeys;
            expectedWritten = 0;
        }

        void readNew() throws IOException {
            if (!Files.exists(path)) {
                return;
            }
            byte[] chunk;
            try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "r")) {
                long length = file.length();
                if (length <= offset) {
                    return;
                }
                chunk = new byte[(int) Math.min(length - offset, 64L << 20)];
                file.seek(offset);
                file.readFully(chunk);
            }
            int lastNewline = -1;
            for (int i = chunk.length - 1; i >= 0; i--) {
                if (chunk[i] == '\n') {
                    lastNewline = i;
                    break;
                }
            }
            if (lastNewline < 0) {
                return; // a line still being written
            }
            String text = new String(chunk, 0, lastNewline + 1, StandardCharsets.UTF_8);
            offset += lastNewline + 1;
            for (String line : text.split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode json = MAPPER.readTree(line);
                lines++;
                for (JsonNode key : json.path("recordKeys")) {
                    records++;
                    if (keys.merge(key.asText(), 1, Integer::sum) == 1 && expected.contains(key.asText())) {
                        expectedWritten++;
                    }
                }
            }
        }
    }

    /**
     * dry-run.jsonl's lines of the measured phase against what its events must produce (the class comment): keys
     * never written, contacts written more than once, activities written again (allowed: a later event of theirs
     * changed them) and more often than they had events (not allowed), unexpected keys (of them, calls that had not
     * ended).
     */
    record DryRunCheck(Expected expected, int lines, int records, int contactsWritten, int activitiesWritten,
                       List<String> missing, List<String> contactsRepeated, List<String> activitiesRewritten,
                       List<String> activitiesAboveBound, List<String> unexpected, int unendedWritten,
                       boolean verified) {

        int activitiesExpected() {
            return expected.calls.size() + expected.texts.size();
        }
    }

    static DryRunCheck check(Expected expected, DryRunFile file, boolean drained) {
        List<String> missing = new ArrayList<>();
        expected.keys().stream().filter(k -> !file.keys.containsKey(k)).sorted().forEach(missing::add);
        List<String> contactsRepeated = new ArrayList<>();
        List<String> rewritten = new ArrayList<>();
        List<String> aboveBound = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        int unendedWritten = 0;
        int contactsWritten = 0;
        int activitiesWritten = 0;
        for (Map.Entry<String, Integer> written : new TreeMap<>(file.keys).entrySet()) {
            String key = written.getKey();
            int writes = written.getValue();
            Integer max = expected.maxWrites.get(key);
            if (max == null) {
                unexpected.add(key);
                unendedWritten += expected.unendedCalls.contains(key) ? 1 : 0;
            } else if (expected.contacts.contains(key)) {
                contactsWritten++;
                if (writes > 1) {
                    contactsRepeated.add(key);
                }
            } else {
                activitiesWritten++;
                if (writes > max) {
                    aboveBound.add(key);
                } else if (writes > 1) {
                    rewritten.add(key);
                }
            }
        }
        boolean verified = drained && missing.isEmpty() && contactsRepeated.isEmpty() && aboveBound.isEmpty()
                && unexpected.isEmpty();
        return new DryRunCheck(expected, file.lines, file.records, contactsWritten, activitiesWritten, missing,
                contactsRepeated, rewritten, aboveBound, unexpected, unendedWritten, verified);
    }

    // ------------------------------------------------------------------------------------------------------------
    // the bridge process: GC, disk, diagnostics (memory and CPU: ProcessStats)
    // ------------------------------------------------------------------------------------------------------------

    /**
     * The bridge's GC counters from {@code jstat -gc}: YGC, YGCT, FGC, FGCT, GCT (counts and seconds); empty when
     * jstat is not available.
     */
    static Map<String, Double> gcCounters(long pid) {
        Map<String, Double> counters = new LinkedHashMap<>();
        Path jstat = Path.of(System.getProperty("java.home"), "bin", "jstat");
        try {
            Process p = new ProcessBuilder(jstat.toString(), "-gc", Long.toString(pid)).redirectErrorStream(true).start();
            String[] lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim().split("\n");
            p.waitFor(30, TimeUnit.SECONDS);
            if (lines.length >= 2) {
                String[] names = lines[0].trim().split("\\s+");
                String[] values = lines[lines.length - 1].trim().split("\\s+");
                for (int i = 0; i < Math.min(names.length, values.length); i++) {
                    if (Set.of("YGC", "YGCT", "FGC", "FGCT", "GCT").contains(names[i])) {
                        counters.put(names[i], Double.parseDouble(values[i]));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // no GC figures
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return counters;
    }

    static Map<String, Double> minus(Map<String, Double> after, Map<String, Double> before) {
        Map<String, Double> diff = new LinkedHashMap<>();
        after.forEach((k, v) -> diff.put(k, round(v - before.getOrDefault(k, 0.0), 3)));
        return diff;
    }

    /** Runs a jcmd diagnostic command against the bridge and returns its output. */
    private static String jcmd(long pid, String... command) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        List<String> line = new ArrayList<>(List.of(jcmd.toString(), Long.toString(pid)));
        line.addAll(List.of(command));
        try {
            Process p = new ProcessBuilder(line).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor(30, TimeUnit.SECONDS);
            if (!"VM.native_memory".equals(command[0])) {
                System.out.println("jcmd " + String.join(" ", command) + ": " + out.replace('\n', ' '));
            }
            return out;
        } catch (IOException e) {
            System.out.println("jcmd failed: " + e);
            return "jcmd failed: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // the result
    // ------------------------------------------------------------------------------------------------------------

    /** Up to five of the keys, for the result block: " (e.g. a, b, c)", or nothing. */
    private static String samples(List<String> keys) {
        return keys.isEmpty() ? "" : " (e.g. " + String.join(", ", keys.subList(0, Math.min(5, keys.size()))) + ")";
    }

    static double percentileMs(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    private void report(PhaseResult run, Drain drain, DryRunCheck check, ProcessStats.Sampler sampler,
                        double startupSeconds, double cpuAtReady, double cpuIntake, double cpuDrain, double cpuTotal,
                        double selfCpuIntake, List<Delivery> measured, String loadAtStart,
                        String loadBefore, String loadAfterIntake, Map<String, Double> gc, long[] disk)
            throws IOException {
        long[] sorted = run.latenciesNanos.clone();
        Arrays.sort(sorted);
        double acceptedPerSecond = run.accepted / run.seconds();
        double drainSeconds = (drain.endNanos - run.endNanos) / 1e9;
        double endToEndSeconds = (drain.endNanos - run.startNanos) / 1e9;
        double endToEndPerSecond = drain.drained ? run.sent / endToEndSeconds : Double.NaN;
        long contacts = measured.stream().filter(d -> CONTACT.equals(d.kind)).count();
        long callEvents = measured.stream().filter(d -> CALL.equals(d.kind)).count();
        long messageEvents = measured.stream().filter(d -> MESSAGE.equals(d.kind)).count();
        Expected expected = check.expected();
        long legacySigned = measured.stream().filter(Delivery::legacy).count();
        Map<String, Long> types = new TreeMap<>();
        measured.forEach(d -> types.merge(d.type, 1L, Long::sum));
        double p50 = percentileMs(sorted, 50);
        double p90 = percentileMs(sorted, 90);
        double p99 = percentileMs(sorted, 99);
        double max = sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1e6;
        double rssForTarget = Math.max(sampler.peakRssMb(), sampler.hwmMb());
        int errors = run.errorCount();
        String jvm = String.join(" ", config.jvmOptions);

        Report out = new Report("quo-crm-bridge webhook intake benchmark");
        out.line("events (N)", "%d measured (+%d warm-up, not measured)", run.sent, config.warmup);
        out.line("concurrency (C)", "%d connections (HTTP/1.1 keep-alive, one client per connection, 127.0.0.1)",
                config.concurrency);
        out.line("mix", "%d contact events, %d call events, %d message events; %d legacy-signed, %d "
                + "Standard-Webhooks-signed", contacts, callEvents, messageEvents, legacySigned,
                run.sent - legacySigned);
        out.line("accepted (202)", "%d in %.2f s", run.accepted, run.seconds());
        out.line("accepted events/s", "%.0f", acceptedPerSecond);
        out.line("ack latency ms", "p50 %.1f  p90 %.1f  p99 %.1f  max %.1f", p50, p90, p99, max);
        out.line("errors", errors == 0 && run.duplicates == 0 ? "0"
                : "%d ERRORS %s, %d unexpected 200 duplicates -- THIS RUN HAD FAILURES", errors, run.errors,
                run.duplicates);
        for (String s : run.errorSamples) {
            out.line("  error sample", "%s", s);
        }
        out.line("peak RSS MB", "%.0f (peak VmRSS of %d samples, every 100 ms during run+drain: %.0f anonymous, %.0f "
                + "file-backed); VmHWM %.0f (since start)", sampler.peakRssMb(), sampler.samples(),
                sampler.peakAnonMb(), sampler.peakFileMb(), sampler.hwmMb());
        out.line("peak threads", "%d", sampler.peakThreads());
        out.line("drain time", drain.drained ? "%.2f s after the last acknowledgement"
                : "NOT DRAINED (%.0f s): inbox pending %.0f, outbox pending %.0f", drainSeconds,
                drain.inboxPending, drain.outboxPending);
        out.line("end-to-end events/s", drain.drained ? "%.0f (%d events, first send to dry-run.jsonl complete in %.2f s)"
                : "n/a (not drained)", endToEndPerSecond, run.sent, endToEndSeconds);
        out.line("dry-run.jsonl", "%s: %d records in %d lines since the warm-up", check.verified() ? "OK" : "MISMATCH",
                check.records(), check.lines());
        out.line("  contacts", "%d of %d written, %d more than once (each exactly once)", check.contactsWritten(),
                expected.contacts().size(), check.contactsRepeated().size());
        out.line("  activities", "%d of %d written: %d ended calls, %d texts; %d written again after a later event "
                + "of theirs, %d more often than they had events", check.activitiesWritten(),
                check.activitiesExpected(), expected.calls().size(), expected.texts().size(),
                check.activitiesRewritten().size(), check.activitiesAboveBound().size());
        out.line("  calls not ended", "%d (not to be written), %d of them written", expected.unendedCalls().size(),
                check.unendedWritten());
        out.line("  missing", "%d%s", check.missing().size(), samples(check.missing()));
        out.line("  unexpected", "%d%s", check.unexpected().size(), samples(check.unexpected()));
        if (!check.contactsRepeated().isEmpty() || !check.activitiesAboveBound().isEmpty()) {
            out.line("  written too often", "%s %s", samples(check.contactsRepeated()),
                    samples(check.activitiesAboveBound()));
        }
        out.line("bridge CPU s", "intake %.1f (%.2f ms/event), drain %.1f, total since launch %.1f "
                + "(startup %.1f; CLK_TCK %.0f)", cpuIntake, cpuIntake * 1000 / run.sent, cpuDrain, cpuTotal,
                cpuAtReady, ProcessStats.CLOCK_TICK);
        out.line("load generator CPU s", "intake %.1f (same machine)", selfCpuIntake);
        out.line("bridge GC (intake)", gc.isEmpty() ? "n/a (no jstat)" : "%.0f young (%.2f s), %.0f full (%.2f s)",
                gc.getOrDefault("YGC", 0.0), gc.getOrDefault("YGCT", 0.0), gc.getOrDefault("FGC", 0.0),
                gc.getOrDefault("FGCT", 0.0));
        out.line("bridge disk writes", "%.0f MB during intake, %.0f MB intake+drain (%.1f KB/event; /proc/<pid>/io "
                + "write_bytes); store file %.0f MB after the run", disk[0] / 1048576.0, disk[1] / 1048576.0,
                disk[1] / 1024.0 / run.sent, disk[2] / 1048576.0);
        out.line("bridge JVM", "%s (startup to ready %.1f s)", jvm, startupSeconds);
        if (!config.env.isEmpty()) {
            out.line("bridge env", "%s", config.env);
        }
        out.line("host", "%d CPUs; load average at start %s, before run %s, after run %s",
                Runtime.getRuntime().availableProcessors(), loadAtStart, loadBefore, loadAfterIntake);
        if (run.resigned > 0) {
            out.line("re-signed", "%d requests (signatures older than %d s)", run.resigned, RESIGN_AFTER_MS / 1000);
        }
        out.line("targets", "accepted/s >= %.0f: %s; p99 < %.0f ms: %s; RSS < %.0f MB: %s",
                TARGET_ACCEPTED_PER_SECOND, Report.met(acceptedPerSecond >= TARGET_ACCEPTED_PER_SECOND),
                TARGET_P99_MS, Report.met(p99 < TARGET_P99_MS), TARGET_RSS_MB,
                Report.met(rssForTarget < TARGET_RSS_MB));
        Path json = config.outDir.resolve("webhook-benchmark.json");
        out.line("written", "%s", json);
        out.print();

        result.put("timestamp", Instant.now().toString());
        result.put("events", run.sent);
        result.put("concurrency", config.concurrency);
        result.put("warmupEvents", config.warmup);
        result.put("contactEvents", contacts);
        result.put("callEvents", callEvents);
        result.put("messageEvents", messageEvents);
        result.put("legacySigned", legacySigned);
        result.put("standardSigned", run.sent - legacySigned);
        result.put("eventTypes", types);
        result.put("accepted", run.accepted);
        result.put("duplicates", run.duplicates);
        result.put("errors", errors);
        result.put("errorsByKind", run.errors);
        result.put("errorSamples", run.errorSamples);
        result.put("intakeSeconds", round(run.seconds(), 3));
        result.put("acceptedPerSecond", round(acceptedPerSecond, 1));
        result.put("latencyMs", Map.of("p50", round(p50, 2), "p90", round(p90, 2), "p99", round(p99, 2),
                "max", round(max, 2)));
        result.put("peakRssMb", round(sampler.peakRssMb(), 1));
        result.put("peakRssAnonMb", round(sampler.peakAnonMb(), 1));
        result.put("peakRssFileMb", round(sampler.peakFileMb(), 1));
        result.put("vmHwmMb", round(sampler.hwmMb(), 1));
        result.put("rssSamples", sampler.samples());
        result.put("peakThreads", sampler.peakThreads());
        result.put("drained", drain.drained);
        result.put("drainSeconds", round(drainSeconds, 3));
        result.put("endToEndSeconds", round(endToEndSeconds, 3));
        result.put("endToEndPerSecond", round(endToEndPerSecond, 1));
        Map<String, Object> dryRun = new LinkedHashMap<>();
        dryRun.put("verified", check.verified());
        dryRun.put("lines", check.lines());
        dryRun.put("records", check.records());
        dryRun.put("expectedContacts", expected.contacts().size());
        dryRun.put("contactsWritten", check.contactsWritten());
        dryRun.put("contactsWrittenMoreThanOnce", check.contactsRepeated().size());
        dryRun.put("expectedActivities", Map.of("calls", expected.calls().size(), "texts", expected.texts().size()));
        dryRun.put("activitiesWritten", check.activitiesWritten());
        dryRun.put("activitiesWrittenAgain", check.activitiesRewritten().size());
        dryRun.put("activitiesWrittenMoreOftenThanTheirEvents", check.activitiesAboveBound().size());
        dryRun.put("callsNotEnded", expected.unendedCalls().size());
        dryRun.put("callsNotEndedWritten", check.unendedWritten());
        dryRun.put("missing", check.missing().size());
        dryRun.put("unexpected", check.unexpected().size());
        dryRun.put("samples", Map.of("missing", check.missing().stream().limit(10).toList(),
                "unexpected", check.unexpected().stream().limit(10).toList(),
                "writtenTooOften", java.util.stream.Stream.concat(check.contactsRepeated().stream(),
                        check.activitiesAboveBound().stream()).limit(10).toList()));
        result.put("dryRun", dryRun);
        result.put("bridgeCpuSeconds", Map.of("intake", round(cpuIntake, 2), "drain", round(cpuDrain, 2),
                "totalSinceLaunch", round(cpuTotal, 2), "startup", round(cpuAtReady, 2),
                "intakeMsPerEvent", round(cpuIntake * 1000 / run.sent, 3)));
        result.put("loadGeneratorCpuSeconds", round(selfCpuIntake, 2));
        result.put("bridgeGcDuringIntake", gc);
        result.put("bridgeDiskWriteMb", Map.of("intake", round(disk[0] / 1048576.0, 1),
                "intakeAndDrain", round(disk[1] / 1048576.0, 1)));
        result.put("storeFileMb", round(disk[2] / 1048576.0, 1));
        result.put("clockTick", ProcessStats.CLOCK_TICK);
        result.put("bridgeJvmOptions", config.jvmOptions);
        result.put("bridgeEnv", config.env);
        result.put("bridgeStartupSeconds", round(startupSeconds, 2));
        result.put("cpus", Runtime.getRuntime().availableProcessors());
        result.put("loadAverage", Map.of("atStart", loadAtStart, "beforeRun", loadBefore,
                "afterRun", loadAfterIntake));
        result.put("resigned", run.resigned);
        result.put("jfr", config.jfr ? config.outDir.resolve("intake.jfr").toString() : null);
        result.put("targets", Map.of(
                "acceptedPerSecond", Map.of("target", TARGET_ACCEPTED_PER_SECOND,
                        "met", acceptedPerSecond >= TARGET_ACCEPTED_PER_SECOND),
                "p99Ms", Map.of("target", TARGET_P99_MS, "met", p99 < TARGET_P99_MS),
                "rssMb", Map.of("target", TARGET_RSS_MB, "met", rssForTarget < TARGET_RSS_MB)));
        Report.writeJson(json, result);
    }
}
