package io.quocrmbridge.bench;

import static io.quocrmbridge.bench.Report.round;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quocrmbridge.support.BridgeProcess;
import io.quocrmbridge.support.CallEvents;
import io.quocrmbridge.support.FakeSalesforce;
import io.quocrmbridge.support.Fixtures;
import io.quocrmbridge.support.WebhookSigner;

/**
 * Soak benchmark: runs the packaged jar for N minutes under a steady, mixed, signed webhook load against a local
 * Salesforce that fails a share of its calls, with housekeeping (retention and store compaction) running every
 * minute, and records every sample interval what the bridge's memory, CPU, store file, pending work and
 * dead letters do. When the traffic stops it waits for the bridge to drain and checks that nothing accepted was
 * lost: every event answered 202 is written in the local Salesforce, in a dead letter, or (an unknown event type)
 * parked; duplicate deliveries must be answered 200.
 *
 * <p>The load, at {@code bench.rate} events/s (a pacer thread, {@code bench.senders} threads sending):
 * <ul>
 *   <li>contact updates ({@code contact.updated}, beta, legacy v4 and v3 shapes) of a pool of {@code bench.contacts}
 *       contacts, each update a newer version (updatedAt) with a new last name, which the check looks for;</li>
 *   <li>texts (message.received and .delivered, beta, legacy v4 and v3), each a message of its own whose text the
 *       check looks for;</li>
 *   <li>calls with their follow-up events, seconds apart: ringing, answered, completed, recording, transcript and
 *       summary (beta), ringing, completed, recording, transcript and summary in either spelling (legacy v4), or
 *       ringing then missed; the check looks for the call's Task, and for its transcript and summary in it;</li>
 *   <li>new contacts with an e-mail address Salesforce refuses (INVALID_EMAIL_ADDRESS): a share
 *       ({@code bench.invalidEmailShare}) of contact events, which must end in dead letters;</li>
 *   <li>{@code bench.badShare} of the requests, in equal parts: a wrong signature and a stale timestamp (401), a
 *       body that is not JSON (400), a body over QUO_WEBHOOK_MAX_BODY_BYTES (413), an event type the bridge does
 *       not know (202, stored and parked), and a second delivery of an accepted event (200).</li>
 * </ul>
 * Calls and texts come from the numbers of the pool's contacts, so the bridge links them to Contacts it wrote.
 * Legacy envelopes are signed with {@code openphone-signature}, beta ones with Standard Webhooks
 * ({@link WebhookSigner}), each right before it is sent.
 *
 * <p>The local Salesforce is {@link FakeSalesforce} without its request log, every reply delayed by
 * {@code bench.salesforceLatencyMs}, failing {@code bench.crmFailureShare} of its REST calls with 500 or 503. The
 * bridge runs with CRM_TARGETS=salesforce, BRIDGE_RETENTION_INTERVAL=1m, BRIDGE_RETENTION_JOURNAL_DAYS=0 (so each
 * purge deletes the finished work and journal lines) and BRIDGE_DB_COMPACT_INTERVAL=1m; {@code bench.env} overrides
 * any of them.
 *
 * <p>Every {@code bench.sampleSeconds} a CSV row: elapsed time, phase, the bridge's RSS (VmRSS and RssAnon), CPU
 * (% of one core over the interval, and seconds in all), threads, the store file's size, the acknowledgement latency
 * over the interval (p50, p99, max), retention purges and store compactions so far (from the bridge's log), the gauges
 * bridge_inbox_pending, bridge_outbox_pending, bridge_enrichment_pending, bridge_dead_letters_open and
 * bridge_inbox_parked, requests sent and answered by status, the send backlog, the local Salesforce's calls,
 * injected failures and records, and the load average. At the end a PNG of RSS, store size, pending work and open
 * dead letters over time, and a result block (stdout and JSON). Files: {@code target/bench/soak-<time>.csv},
 * {@code .png}, {@code .json}; the bridge's data and log in {@code target/bench/soak/}.
 *
 * <p>Exit status: 0 when the bridge drained and every accepted event is accounted for and every request got the
 * answer its kind must get; 1 when an accepted event is unaccounted for (lost), a request got another answer, or
 * the bridge did not drain within {@code bench.drainTimeoutSeconds}; 2 when the benchmark could not finish (a bad
 * parameter, the bridge did not start or ended during the run).
 */
public final class SoakBenchmark {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String CLIENT_ID = "soak-benchmark";
    /** A signing key the bridge does not know. */
    private static final String WRONG_KEY = Base64.getEncoder().encodeToString(
            "not-the-signing-key-of-this-bridge".getBytes(StandardCharsets.UTF_8));
    /** Numbers of the other party in the fixtures, replaced by the number of a contact of the pool. */
    private static final List<String> FIXTURE_NUMBERS = List.of("+15125550147", "+13125550123", "+17735550188",
            "+17185550142", "+15125550163");
    private static final int DEFAULT_MAX_BODY_BYTES = 1_048_576;

    /** What a request is, and the answer it must get. */
    enum Kind {
        CONTACT(202, "contact updates"),
        TEXT(202, "text events"),
        CALL(202, "call events"),
        INVALID_EMAIL(202, "contacts the CRM refuses"),
        UNKNOWN_TYPE(202, "unknown event types"),
        DUPLICATE(200, "duplicate deliveries"),
        WRONG_SIGNATURE(401, "wrong signatures"),
        STALE_SIGNATURE(401, "stale timestamps"),
        MALFORMED_JSON(400, "bodies not JSON"),
        OVERSIZE(413, "bodies too large");

        final int expected;
        final String label;

        Kind(int expected, String label) {
            this.expected = expected;
            this.label = label;
        }
    }

    private static final List<Kind> BAD_KINDS = List.of(Kind.WRONG_SIGNATURE, Kind.STALE_SIGNATURE,
            Kind.MALFORMED_JSON, Kind.OVERSIZE, Kind.UNKNOWN_TYPE, Kind.DUPLICATE);

    /**
     * One request. {@code key} is the record it is about (contact key, call id, message id); {@code version} a
     * contact update's number; {@code transcript} and {@code summary} whether a call event carries the call's
     * transcript or summary, whose marker text the check looks for in the Task.
     */
    record Delivery(Kind kind, String eventId, boolean legacy, byte[] body, String key, int version,
                    boolean transcript, boolean summary) {
    }

    /** What the check needs of an accepted event. */
    record Accepted(Kind kind, String eventId, String key, int version, boolean transcript, boolean summary) {
    }

    /** The benchmark's parameters. */
    record Config(double minutes, double rate, double badShare, double crmFailureShare, double invalidEmailShare,
                  int contacts, int sampleSeconds, int senders, int salesforceLatencyMs, int drainTimeoutSeconds,
                  int requestTimeoutSeconds, long seed, List<String> jvmOptions, Map<String, String> env,
                  Path outDir) {

        static Config from(String[] args) {
            BenchParameters p = BenchParameters.parse("SoakBenchmark", args, "minutes", "rate", "badShare",
                    "crmFailureShare", "invalidEmailShare", "contacts", "sampleSeconds", "senders",
                    "salesforceLatencyMs", "drainTimeoutSeconds", "requestTimeoutSeconds", "seed");
            Config config = new Config(
                    p.decimal("minutes", 60, 0.1, 100_000),
                    p.decimal("rate", 100, 1, 5000),
                    p.decimal("badShare", 0.05, 0, 1),
                    p.decimal("crmFailureShare", 0.10, 0, 0.9),
                    p.decimal("invalidEmailShare", 0.02, 0, 1),
                    p.integer("contacts", 2000, 1, 1_000_000),
                    p.integer("sampleSeconds", 10, 1, 3600),
                    p.integer("senders", 16, 1, 256),
                    p.integer("salesforceLatencyMs", 20, 0, 60_000),
                    p.integer("drainTimeoutSeconds", 900, 1, Integer.MAX_VALUE),
                    p.integer("requestTimeoutSeconds", 30, 1, 3600),
                    p.whole("seed", 42),
                    p.jvmOptions(),
                    p.env(),
                    p.outDir());
            config.maxBodyBytes();
            return config;
        }

        /** The bridge's QUO_WEBHOOK_MAX_BODY_BYTES: the default unless bench.env sets it. */
        int maxBodyBytes() {
            String value = env.get("QUO_WEBHOOK_MAX_BODY_BYTES");
            try {
                int bytes = value == null ? DEFAULT_MAX_BODY_BYTES : Integer.parseInt(value.trim());
                if (bytes < 1 || bytes > 64 << 20) {
                    throw new NumberFormatException();
                }
                return bytes;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bench.env QUO_WEBHOOK_MAX_BODY_BYTES=" + value
                        + ": not a whole number from 1 to 67108864");
            }
        }
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        BenchParameters.main(args, Config::from, config -> new SoakBenchmark(config).run());
    }

    private final Config config;
    private final Random random;
    private final Map<String, ObjectNode> templates = new HashMap<>();
    private final AtomicLong eventNumber = new AtomicLong();

    // the load's state: owned by the pacer thread
    private final int[] contactVersions;
    private final long[] contactUpdatedAt;
    private final PriorityQueue<FollowUp> followUps = new PriorityQueue<>();
    private byte[] oversizeBody;

    // what was sent and answered: written by the sender threads
    private final AtomicLong submitted = new AtomicLong();
    /** Requests sent while new stories were started (the traffic window, bench.minutes). */
    private volatile long submittedInWindow;
    private final AtomicLong answered = new AtomicLong();
    private final Map<Kind, Map<Integer, LongAdder>> answers = new EnumMap<>(Kind.class);
    private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Accepted> accepted = new ConcurrentLinkedQueue<>();
    private final ArrayDeque<Delivery> recentlyAccepted = new ArrayDeque<>();
    private final List<String> unexpectedSamples = Collections.synchronizedList(new ArrayList<>());
    /** Acknowledgement latencies (ns) of the answers since the last sample. */
    private final List<Long> latencies = new ArrayList<>();

    /** A call's next event, due at {@code dueNanos}. */
    private record FollowUp(long dueNanos, long order, Delivery delivery) implements Comparable<FollowUp> {
        @Override
        public int compareTo(FollowUp o) {
            int c = Long.compare(dueNanos, o.dueNanos);
            return c != 0 ? c : Long.compare(order, o.order);
        }
    }

    SoakBenchmark(Config config) {
        this.config = config;
        this.random = new Random(config.seed);
        this.contactVersions = new int[config.contacts];
        this.contactUpdatedAt = new long[config.contacts];
        for (Kind kind : Kind.values()) {
            answers.put(kind, new ConcurrentHashMap<>());
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // the run
    // ------------------------------------------------------------------------------------------------------------

    int run() throws Exception {
        Files.createDirectories(config.outDir);
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path csv = config.outDir.resolve("soak-" + stamp + ".csv");
        Path png = config.outDir.resolve("soak-" + stamp + ".png");
        Path json = config.outDir.resolve("soak-" + stamp + ".json");
        Path dir = BridgeProcess.freshDir(config.outDir.resolve("soak"));
        Path dataDir = dir.resolve("data");
        Path log = dir.resolve("bridge.log");
        oversizeBody = oversizeBody(config.maxBodyBytes());

        try (FakeSalesforce salesforce = new FakeSalesforce(0, false)) {
            salesforce.latency(config.salesforceLatencyMs);
            salesforce.failRandomly(config.crmFailureShare, config.seed);
            BridgeProcess bridge = new BridgeProcess(dataDir, log)
                    .jvmOptions(config.jvmOptions)
                    .env("QUO_WEBHOOK_SECRETS", WebhookSigner.LEGACY_KEY + "," + WebhookSigner.BETA_SECRET)
                    .env("CRM_TARGETS", "salesforce")
                    .env("SALESFORCE_LOGIN_URL", salesforce.baseUrl())
                    .env("SALESFORCE_CLIENT_ID", CLIENT_ID)
                    .env("SALESFORCE_CLIENT_SECRET", CLIENT_ID + "-secret")
                    .env("BRIDGE_RETENTION_INTERVAL", "1m")
                    .env("BRIDGE_RETENTION_JOURNAL_DAYS", "0")
                    .env("BRIDGE_DB_COMPACT_INTERVAL", "1m");
            config.env.forEach(bridge::env);
            Thread stopOnExit = new Thread(bridge::stop, "soak-stop-bridge");
            Runtime.getRuntime().addShutdownHook(stopOnExit);
            System.out.printf("soak: %s min at %.0f events/s (%.0f%% bad requests), Salesforce failing %.0f%% of its "
                    + "calls; samples every %d s%nstarting %s with %s (data %s, log %s)...%n",
                    number(config.minutes), config.rate, config.badShare * 100, config.crmFailureShare * 100,
                    config.sampleSeconds, BridgeProcess.jar(), String.join(" ", config.jvmOptions), dataDir, log);
            try (bridge) {
                try {
                    bridge.start();
                } catch (RuntimeException e) {
                    throw new IllegalStateException("the bridge did not start: " + e.getMessage() + "; see " + log, e);
                }
                return soak(bridge, salesforce, dataDir, log, csv, png, json);
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(stopOnExit);
                } catch (IllegalStateException shuttingDown) {
                    // the hook runs anyway
                }
            }
        }
    }

    private int soak(BridgeProcess bridge, FakeSalesforce salesforce, Path dataDir, Path log, Path csv, Path png,
                     Path json) throws Exception {
        long pid = bridge.pid();
        URI webhooks = URI.create("http://127.0.0.1:" + bridge.httpPort() + "/webhooks/quo");
        String loadBefore = ProcessStats.loadAverage();
        Samples samples = new Samples(bridge, salesforce, dataDir, log, csv);
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "soak-sampler");
            t.setDaemon(true);
            return t;
        });
        System.out.printf("bridge pid %d ready, http port %d, management port %d, Salesforce %s%n", pid,
                bridge.httpPort(), bridge.managementPort(), salesforce.baseUrl());
        System.out.printf("traffic for %s min; a line every minute, a CSV row every %d s: %s%n",
                number(config.minutes), config.sampleSeconds, csv);
        long start = System.nanoTime();
        samples.begin(start);
        sampler.scheduleAtFixedRate(() -> samples.take("traffic"), 0, config.sampleSeconds, TimeUnit.SECONDS);
        boolean drained;
        double trafficSeconds;
        double drainSeconds;
        double[] pendingAtEnd;
        try {
            traffic(bridge, webhooks, samples, start);
            trafficSeconds = (System.nanoTime() - start) / 1e9;
            samples.phase = "drain";
            System.out.printf("traffic stopped after %.0f s: %d requests; waiting for the bridge to drain (at most "
                    + "%d s)...%n", trafficSeconds, submitted.get(), config.drainTimeoutSeconds);
            long drainStart = System.nanoTime();
            pendingAtEnd = drain(bridge);
            drained = pendingAtEnd[0] == 0 && pendingAtEnd[1] == 0 && pendingAtEnd[2] == 0;
            drainSeconds = (System.nanoTime() - drainStart) / 1e9;
        } finally {
            sampler.shutdownNow();
            sampler.awaitTermination(30, TimeUnit.SECONDS);
        }
        ProcessStats.requireAlive(bridge);
        samples.take("end");
        samples.close();
        System.out.printf("%s in %.0f s; checking what became of %d accepted events...%n",
                drained ? "drained" : "NOT DRAINED", drainSeconds, accepted.size());
        Accounting accounting = account(bridge, salesforce);
        chart(png, samples, trafficSeconds / 60, accounting);
        return report(bridge, salesforce, samples, accounting, drained, pendingAtEnd, trafficSeconds, drainSeconds,
                loadBefore, log, csv, png, json);
    }

    /**
     * Sends the load for bench.minutes at bench.rate: one request a slot, a due follow-up of a call first, else a bad
     * request (bench.badShare) or the first event of a new contact update, text or call. Then finishes the calls
     * under way (their follow-ups, at their time) and waits for every answer.
     */
    private void traffic(BridgeProcess bridge, URI uri, Samples samples, long start) throws InterruptedException {
        ExecutorService senders = Executors.newFixedThreadPool(config.senders, r -> {
            Thread t = new Thread(r, "soak-sender");
            t.setDaemon(true);
            return t;
        });
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newFixedThreadPool(2, r -> {
                    Thread t = new Thread(r, "soak-http");
                    t.setDaemon(true);
                    return t;
                })).build();
        long slotNanos = (long) (1e9 / config.rate);
        long end = start + (long) (config.minutes * 60e9);
        long next = start;
        long lastCheck = start;
        long lastLine = start;
        try {
            while (true) {
                long now = System.nanoTime();
                if (now - next > 1_000_000_000L) {
                    next = now; // a stall (GC, a busy machine): don't send the missed slots in a burst
                }
                if (now < next) {
                    LockSupport.parkNanos(next - now);
                    continue;
                }
                next += slotNanos;
                boolean open = now < end;
                if (!open && submittedInWindow == 0) {
                    submittedInWindow = submitted.get();
                }
                if (!open && followUps.isEmpty()) {
                    break;
                }
                Delivery delivery = nextDelivery(now, open);
                if (delivery != null) {
                    submitted.incrementAndGet();
                    senders.execute(() -> send(client, uri, delivery));
                }
                if (now - lastCheck > 1_000_000_000L) {
                    lastCheck = now;
                    ProcessStats.requireAlive(bridge);
                }
                if (now - lastLine >= 60_000_000_000L) {
                    lastLine = now;
                    samples.printLine();
                }
            }
        } finally {
            senders.shutdown();
            if (!senders.awaitTermination(config.requestTimeoutSeconds * 4L + 60, TimeUnit.SECONDS)) {
                senders.shutdownNow();
                throw new IllegalStateException("the senders did not finish within "
                        + (config.requestTimeoutSeconds * 4L + 60) + " s after the traffic stopped");
            }
        }
    }

    private Delivery nextDelivery(long now, boolean open) {
        FollowUp due = followUps.peek();
        if (due != null && due.dueNanos <= now) {
            return followUps.poll().delivery;
        }
        if (!open) {
            return null;
        }
        if (random.nextDouble() < config.badShare) {
            return bad(BAD_KINDS.get(random.nextInt(BAD_KINDS.size())));
        }
        // story starts: 5 contact updates, 3 texts and 1 call (about 4 events) in 9: ~40/25/35% of the events
        int story = random.nextInt(9);
        if (story < 5) {
            return random.nextDouble() < config.invalidEmailShare ? invalidEmailContact() : contactUpdate();
        }
        if (story < 8) {
            return text();
        }
        return call(now);
    }

    /** Sends one request, signed now, and files its answer. */
    private void send(HttpClient client, URI uri, Delivery d) {
        int status;
        String body = "";
        try {
            HttpRequest request = signed(d, uri);
            long t0 = System.nanoTime();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            long latency = System.nanoTime() - t0;
            synchronized (latencies) {
                latencies.add(latency);
            }
            status = response.statusCode();
            body = response.body();
        } catch (IOException e) {
            status = -1;
            body = e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } finally {
            answered.incrementAndGet();
        }
        answers.get(d.kind).computeIfAbsent(status, s -> new LongAdder()).increment();
        statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
        if (status != d.kind.expected) {
            synchronized (unexpectedSamples) {
                if (unexpectedSamples.size() < 20) {
                    unexpectedSamples.add(d.kind.label + " " + d.eventId + ": " + (status < 0 ? "I/O error" : "HTTP "
                            + status) + " (expected " + d.kind.expected + ") " + abbreviate(body, 200));
                }
            }
        }
        if (status == 202 && d.kind.expected == 202) {
            accepted.add(new Accepted(d.kind, d.eventId, d.key, d.version, d.transcript, d.summary));
            synchronized (recentlyAccepted) {
                recentlyAccepted.addLast(d);
                if (recentlyAccepted.size() > 2000) {
                    recentlyAccepted.removeFirst();
                }
            }
        }
    }

    /** The request, signed now (or, for the refused kinds, signed wrongly or long ago). */
    private HttpRequest signed(Delivery d, URI uri) {
        String key = d.legacy ? WebhookSigner.LEGACY_KEY : WebhookSigner.BETA_SECRET;
        if (d.kind == Kind.WRONG_SIGNATURE) {
            key = d.legacy ? WRONG_KEY : "whsec_" + WRONG_KEY;
        }
        long now = System.currentTimeMillis();
        long at = d.kind == Kind.STALE_SIGNATURE ? now - 600_000 : now;
        Map<String, String> headers = d.legacy
                ? WebhookSigner.legacyHeaders(key, at, d.body)
                : WebhookSigner.standardHeaders(key, "msg_" + d.eventId, at / 1000, d.body);
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .version(HttpClient.Version.HTTP_1_1)
                .timeout(Duration.ofSeconds(config.requestTimeoutSeconds))
                .header("Content-Type", "application/json")
                .header("User-Agent", "quo-crm-bridge-soak-benchmark")
                .POST(HttpRequest.BodyPublishers.ofByteArray(d.body));
        headers.forEach(builder::header);
        return builder.build();
    }

    // ------------------------------------------------------------------------------------------------------------
    // the load
    // ------------------------------------------------------------------------------------------------------------

    private String newEventId() {
        return "EVsoak" + String.format(Locale.ROOT, "%08d", eventNumber.incrementAndGet())
                + Long.toHexString(random.nextLong() & 0xffffffL);
    }

    private ObjectNode template(String fixture) {
        return templates.computeIfAbsent(fixture, Fixtures::json).deepCopy();
    }

    private static String contactId(int i) {
        return "CTsoak" + i;
    }

    /** The pool contact's number: unique, in E.164, with a US area code. */
    private static String phone(int i) {
        return "+1512" + (2_000_000 + i);
    }

    private static String lastName(int i, int version) {
        return "Soak" + i + "v" + version;
    }

    /** The version number in a last name {@link #lastName} made, or -1. */
    static int versionOf(String lastName) {
        int v = lastName == null ? -1 : lastName.lastIndexOf('v');
        try {
            return v < 0 ? -1 : Integer.parseInt(lastName.substring(v + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The next version of a contact of the pool, in one of the three shapes. */
    private Delivery contactUpdate() {
        int i = random.nextInt(config.contacts);
        int version = ++contactVersions[i];
        long updatedAt = Math.max(System.currentTimeMillis(), contactUpdatedAt[i] + 1);
        contactUpdatedAt[i] = updatedAt;
        String email = "soak" + i + "@soak.example";
        int shape = random.nextInt(7);
        ObjectNode event = contactEvent(shape < 4 ? "beta" : shape < 6 ? "legacy-v4" : "legacy-v3", contactId(i),
                Instant.ofEpochMilli(updatedAt).toString(), lastName(i, version), email, phone(i));
        return delivery(Kind.CONTACT, event, contactId(i), version, false, false);
    }

    /** A new contact whose e-mail address Salesforce refuses: its one version must end in a dead letter. */
    private Delivery invalidEmailContact() {
        long n = eventNumber.get();
        String id = "CTsoakinvalid" + n;
        ObjectNode event = contactEvent(random.nextBoolean() ? "beta" : "legacy-v4", id, Instant.now().toString(),
                "SoakInvalid" + n + "v1", "soak-invalid-" + n + ".example", "+1737" + (2_000_000 + n % 7_000_000));
        return delivery(Kind.INVALID_EMAIL, event, id, 1, false, false);
    }

    private ObjectNode contactEvent(String plane, String id, String updatedAt, String lastName, String email,
                                    String phone) {
        ObjectNode event;
        ObjectNode object;
        switch (plane) {
            case "beta" -> {
                event = template("beta/contact.updated.json");
                object = (ObjectNode) event.at("/data/resource");
                object.put("lastName", lastName);
                ArrayNode emails = object.putArray("emails");
                emails.addObject().put("value", email).put("type", "email");
                ArrayNode phones = object.putArray("phoneNumbers");
                phones.addObject().put("value", phone).put("type", "phone-number");
            }
            case "legacy-v4" -> {
                event = template("legacy-v4/contact.updated.json");
                object = (ObjectNode) event.at("/data/object");
                ObjectNode fields = (ObjectNode) object.get("fields");
                fields.put("Last name", lastName);
                fields.put("Email", email);
                ArrayNode phones = fields.putArray("Phone");
                phones.addObject().put("name", "mobile").put("value", phone);
            }
            default -> {
                event = template("legacy-v3/contact.updated.json");
                object = (ObjectNode) event.at("/data/object");
                object.put("lastName", lastName);
                ((ObjectNode) object.get("fields")).put("Phone", phone);
            }
        }
        object.put("id", id);
        object.put("updatedAt", updatedAt);
        event.put("id", newEventId());
        event.put("createdAt", Instant.now().toString());
        return event;
    }

    private static final List<String> TEXT_FIXTURES = List.of("beta/message.received.json",
            "beta/message.received.json", "beta/message.received.json", "beta/message.delivered.json",
            "beta/message.delivered.json", "legacy-v4/message.received.json", "legacy-v4/message.received.json",
            "legacy-v4/message.delivered.json", "legacy-v3/message.received.json");

    /** A text message of its own, from or to a contact of the pool. */
    private Delivery text() {
        String fixture = TEXT_FIXTURES.get(random.nextInt(TEXT_FIXTURES.size()));
        String messageId = "ACsoakmsg" + eventNumber.get();
        ObjectNode event = CallEvents.forMessage(fixture, messageId, newEventId(), Instant.now().toString(),
                textMarker(messageId));
        return delivery(Kind.TEXT, event, messageId, 0, false, false);
    }

    static String textMarker(String messageId) {
        return "soak text " + messageId;
    }

    static String transcriptMarker(String callId) {
        return "soak transcript " + callId;
    }

    static String summaryMarker(String callId) {
        return "soak summary " + callId;
    }

    /**
     * A call's first event now, its follow-ups scheduled 0.5 to 3 s apart: answered (80%) or missed, beta (2 in 3)
     * or legacy v4.
     */
    private Delivery call(long now) {
        boolean beta = random.nextInt(3) < 2;
        boolean answered = random.nextInt(5) < 4;
        List<String> fixtures;
        if (beta) {
            fixtures = answered
                    ? List.of("beta/call.ringing.json", "beta/call.answered.json", "beta/call.completed.json",
                            "beta/call.recording.completed.json", "beta/call.transcript.completed.json",
                            "beta/call.summary.completed.json")
                    : List.of("beta/call.ringing.json", "beta/call.missed.json");
        } else {
            fixtures = answered
                    ? List.of("legacy-v4/call.ringing.json", "legacy-v4/call.completed.answered-incoming.json",
                            "legacy-v4/call.recording.completed.json",
                            random.nextBoolean() ? "legacy-v4/call.transcript.completed.json"
                                    : "legacy-v4/callTranscript.json",
                            random.nextBoolean() ? "legacy-v4/call.summary.completed.json"
                                    : "legacy-v4/callSummary.json")
                    : List.of("legacy-v4/call.ringing.json", "legacy-v4/call.completed.missed.json");
        }
        String callId = "ACsoakcall" + eventNumber.get();
        Delivery first = null;
        long due = now;
        for (String fixture : fixtures) {
            ObjectNode event = CallEvents.forCall(fixture, callId, newEventId());
            event.put("createdAt", Instant.now().toString());
            JsonNode data = event.path("data");
            ObjectNode object = (ObjectNode) (data.has("resource") ? data.get("resource") : data.get("object"));
            boolean transcript = object.path("dialogue").isArray() && object.get("dialogue").size() > 0;
            boolean summary = object.path("summary").isArray() && object.get("summary").size() > 0;
            if (transcript) {
                ((ObjectNode) object.get("dialogue").get(0)).put("content", transcriptMarker(callId));
            }
            if (summary) {
                ((ArrayNode) object.get("summary")).set(0, MAPPER.getNodeFactory().textNode(summaryMarker(callId)));
            }
            Delivery delivery = delivery(Kind.CALL, event, callId, 0, transcript, summary);
            if (first == null) {
                first = delivery;
            } else {
                due += 500_000_000L + (long) (random.nextDouble() * 2_500_000_000L);
                followUps.add(new FollowUp(due, eventNumber.incrementAndGet(), delivery));
            }
        }
        return first;
    }

    /**
     * The request for an event: its body (the other party's number replaced by a pool contact's, so calls and texts
     * link to Contacts the bridge wrote), and whether it is a legacy envelope.
     */
    private Delivery delivery(Kind kind, ObjectNode event, String key, int version, boolean transcript,
                              boolean summary) {
        String body = Fixtures.write(event);
        if (kind == Kind.CALL || kind == Kind.TEXT) {
            String phone = phone(random.nextInt(config.contacts));
            for (String number : FIXTURE_NUMBERS) {
                body = body.replace("\"" + number + "\"", "\"" + phone + "\"");
            }
        }
        return new Delivery(kind, event.path("id").asText(), CallEvents.legacy(event),
                body.getBytes(StandardCharsets.UTF_8), key, version, transcript, summary);
    }

    /** A request the bridge must refuse (or, unknown type and duplicate, accept as such). */
    private Delivery bad(Kind kind) {
        String eventId = newEventId();
        switch (kind) {
            case WRONG_SIGNATURE, STALE_SIGNATURE -> {
                ObjectNode event = contactEvent(random.nextBoolean() ? "beta" : "legacy-v4", "CTsoakrefused"
                        + eventNumber.get(), Instant.now().toString(), "SoakRefused", "refused@soak.example",
                        "+15125550199");
                return new Delivery(kind, event.path("id").asText(), CallEvents.legacy(event),
                        Fixtures.write(event).getBytes(StandardCharsets.UTF_8), null, 0, false, false);
            }
            case MALFORMED_JSON -> {
                boolean legacy = random.nextBoolean();
                String body = "{\"id\":\"" + eventId + "\"," + (legacy ? "\"object\":\"event\"," : "")
                        + "\"type\":\"contact.updated\",\"data\":{\"object\":{\"id\":\"CTsoakmalformed\",";
                return new Delivery(kind, eventId, legacy, body.getBytes(StandardCharsets.UTF_8), null, 0, false,
                        false);
            }
            case OVERSIZE -> {
                return new Delivery(kind, eventId, true, oversizeBody, null, 0, false, false);
            }
            case UNKNOWN_TYPE -> {
                ObjectNode event = template(random.nextBoolean() ? "unknown/contact.merged.json"
                        : "unknown/conversation.archived.json");
                event.put("id", eventId);
                event.put("createdAt", Instant.now().toString());
                return new Delivery(kind, eventId, CallEvents.legacy(event),
                        Fixtures.write(event).getBytes(StandardCharsets.UTF_8), eventId, 0, false, false);
            }
            case DUPLICATE -> {
                Delivery original;
                synchronized (recentlyAccepted) {
                    original = recentlyAccepted.isEmpty() ? null
                            : new ArrayList<>(recentlyAccepted).get(random.nextInt(recentlyAccepted.size()));
                }
                if (original == null) {
                    return bad(Kind.WRONG_SIGNATURE);
                }
                return new Delivery(Kind.DUPLICATE, original.eventId, original.legacy, original.body, original.key,
                        original.version, false, false);
            }
            default -> throw new IllegalArgumentException(kind.name());
        }
    }

    /** A legacy contact.updated envelope padded to 1 KB over the bridge's limit. */
    private static byte[] oversizeBody(int maxBodyBytes) {
        StringBuilder body = new StringBuilder("{\"id\":\"EVsoakoversize\",\"object\":\"event\",\"type\":"
                + "\"contact.updated\",\"data\":{\"object\":{\"id\":\"CTsoakoversize\",\"notes\":\"");
        int target = maxBodyBytes + 1024;
        while (body.length() < target) {
            body.append("soak padding ");
        }
        return body.append("\"}}}").toString().getBytes(StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------------------------------------------------
    // samples
    // ------------------------------------------------------------------------------------------------------------

    /** One sample, as a CSV row holds it. */
    record Sample(double seconds, String phase, double rssMb, double rssAnonMb, double cpuPercent, double cpuSeconds,
                  long threads, double storeMb, double ackP50Ms, double ackP99Ms, double ackMaxMs, long purges,
                  long compactions, double inboxPending, double outboxPending, double enrichmentPending,
                  double deadLettersOpen, double parked, long sent, long accepted, long duplicates, long refused400,
                  long refused401, long refused413, long otherStatus, long ioErrors, long backlog, int crmCalls,
                  int crmFailures, int crmContacts, int crmTasks, String load) {

        double pending() {
            return inboxPending + outboxPending + enrichmentPending;
        }
    }

    static final String CSV_HEADER = "elapsed_s,phase,rss_mb,rss_anon_mb,cpu_percent,cpu_s,threads,store_mb,"
            + "ack_p50_ms,ack_p99_ms,ack_max_ms,retention_purges,store_compactions,inbox_pending,outbox_pending,enrichment_pending,pending_total,dead_letters_open,inbox_parked,sent,"
            + "answered_202,answered_200,answered_400,answered_401,answered_413,answered_other,io_errors,"
            + "send_backlog,crm_calls,crm_failures_injected,crm_contacts,crm_tasks,load_1m";

    /** Takes the samples, writes each as a CSV row at once (a run cut short keeps its rows), keeps them for the chart. */
    final class Samples {
        private final BridgeProcess bridge;
        private final FakeSalesforce salesforce;
        private final Path dataDir;
        private final BridgeLog housekeeping;
        private final BufferedWriter out;
        private final List<Sample> taken = Collections.synchronizedList(new ArrayList<>());
        volatile String phase = "traffic";
        private long start;
        private long lastNanos;
        private double lastCpu;

        Samples(BridgeProcess bridge, FakeSalesforce salesforce, Path dataDir, Path log, Path csv) throws IOException {
            this.bridge = bridge;
            this.salesforce = salesforce;
            this.dataDir = dataDir;
            this.housekeeping = new BridgeLog(log);
            this.out = Files.newBufferedWriter(csv);
            out.write(CSV_HEADER);
            out.newLine();
            out.flush();
        }

        void begin(long startNanos) {
            start = startNanos;
            lastNanos = startNanos;
            lastCpu = ProcessStats.cpuSeconds(bridge.pid());
        }

        /** Takes a sample (never throws: the sampler must keep running). */
        synchronized void take(String phaseOverride) {
            try {
                long now = System.nanoTime();
                long pid = bridge.pid();
                Map<String, Long> status = ProcessStats.status(pid);
                double cpu = ProcessStats.cpuSeconds(pid);
                double interval = (now - lastNanos) / 1e9;
                double cpuPercent = interval > 0.5 ? (cpu - lastCpu) / interval * 100 : Double.NaN;
                lastNanos = now;
                lastCpu = cpu;
                Map<String, Double> metrics;
                try {
                    metrics = bridge.metrics();
                } catch (UncheckedIOException | IllegalStateException e) {
                    metrics = Map.of();
                }
                long store = ProcessStats.filesBytes(dataDir, ".mv.db");
                long[] acks;
                synchronized (latencies) {
                    acks = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
                    latencies.clear();
                }
                housekeeping.read();
                Sample s = new Sample((now - start) / 1e9, "end".equals(phaseOverride) ? "end" : phase,
                        status.getOrDefault("VmRSS", -1L) / 1024.0, status.getOrDefault("RssAnon", -1L) / 1024.0,
                        cpuPercent, cpu, status.getOrDefault("Threads", -1L), store / 1048576.0,
                        WebhookBenchmark.percentileMs(acks, 50), WebhookBenchmark.percentileMs(acks, 99),
                        acks.length == 0 ? Double.NaN : acks[acks.length - 1] / 1e6, housekeeping.purges,
                        housekeeping.compactions,
                        metrics.getOrDefault("bridge_inbox_pending", Double.NaN),
                        metrics.getOrDefault("bridge_outbox_pending", Double.NaN),
                        metrics.getOrDefault("bridge_enrichment_pending", metrics.isEmpty() ? Double.NaN : 0),
                        metrics.getOrDefault("bridge_dead_letters_open", Double.NaN),
                        metrics.getOrDefault("bridge_inbox_parked", Double.NaN),
                        submitted.get(), count(202), count(200), count(400), count(401), count(413), otherStatuses(),
                        count(-1), submitted.get() - answered.get(), salesforce.apiCalls(),
                        salesforce.injectedFailures(), salesforce.count("Contact"), salesforce.count("Task"),
                        ProcessStats.loadAverage().split(" ")[0]);
                taken.add(s);
                out.write(csvRow(s));
                out.newLine();
                out.flush();
            } catch (IOException | RuntimeException e) {
                System.out.println("sample failed: " + e);
            }
        }

        /** One progress line from the last sample. */
        void printLine() {
            Sample s = last();
            if (s != null) {
                System.out.printf(Locale.ROOT, "%6.1f min  RSS %4.0f MB  CPU %4.0f%%  store %7.1f MB  ack p99 %6.1f ms"
                        + "  pending %6.0f  dead letters %5.0f  parked %5.0f  sent %8d  202 %8d  backlog %d%n",
                        s.seconds / 60, s.rssMb, s.cpuPercent, s.storeMb, s.ackP99Ms, s.pending(), s.deadLettersOpen,
                        s.parked, s.sent, s.accepted, s.backlog);
            }
        }

        BridgeLog log() {
            return housekeeping;
        }

        Sample first() {
            return taken.isEmpty() ? null : taken.get(0);
        }

        Sample last() {
            return taken.isEmpty() ? null : taken.get(taken.size() - 1);
        }

        List<Sample> all() {
            synchronized (taken) {
                return List.copyOf(taken);
            }
        }

        void close() throws IOException {
            out.close();
        }
    }

    /**
     * Counts housekeeping's lines in the bridge's log as it grows (read from where the last read ended: the log of a
     * long soak is too large to read whole): retention purges that deleted rows, store compactions, and compactions
     * that failed.
     */
    static final class BridgeLog {
        private final Path path;
        private long offset;
        long purges;
        long compactions;
        long compactionsSkipped;

        BridgeLog(Path path) {
            this.path = path;
        }

        synchronized void read() throws IOException {
            if (!Files.exists(path)) {
                return;
            }
            try (var file = new java.io.RandomAccessFile(path.toFile(), "r")) {
                long length = file.length();
                while (offset < length) {
                    byte[] chunk = new byte[(int) Math.min(length - offset, 8 << 20)];
                    file.seek(offset);
                    file.readFully(chunk);
                    int end = chunk.length;
                    while (end > 0 && chunk[end - 1] != '\n') {
                        end--;
                    }
                    if (end == 0) {
                        return; // a line still being written
                    }
                    offset += end;
                    for (String line : new String(chunk, 0, end, StandardCharsets.UTF_8).split("\n")) {
                        if (line.contains("retention: deleted")) {
                            purges++;
                        } else if (line.contains("store file compacted")) {
                            compactions++;
                        } else if (line.contains("store compaction skipped")) {
                            compactionsSkipped++;
                        }
                    }
                }
            }
        }
    }

    private long count(int status) {
        LongAdder adder = statuses.get(status);
        return adder == null ? 0 : adder.sum();
    }

    private long otherStatuses() {
        long other = 0;
        for (Map.Entry<Integer, LongAdder> e : statuses.entrySet()) {
            if (!Set.of(-1, 200, 202, 400, 401, 413).contains(e.getKey())) {
                other += e.getValue().sum();
            }
        }
        return other;
    }

    static String csvRow(Sample s) {
        return String.join(",", number(s.seconds, 1), s.phase, number(s.rssMb, 1), number(s.rssAnonMb, 1),
                number(s.cpuPercent, 1), number(s.cpuSeconds, 2), Long.toString(s.threads), number(s.storeMb, 2),
                number(s.ackP50Ms, 1), number(s.ackP99Ms, 1), number(s.ackMaxMs, 1), Long.toString(s.purges),
                Long.toString(s.compactions),
                number(s.inboxPending, 0), number(s.outboxPending, 0), number(s.enrichmentPending, 0),
                number(s.pending(), 0), number(s.deadLettersOpen, 0), number(s.parked, 0), Long.toString(s.sent),
                Long.toString(s.accepted), Long.toString(s.duplicates), Long.toString(s.refused400),
                Long.toString(s.refused401), Long.toString(s.refused413), Long.toString(s.otherStatus),
                Long.toString(s.ioErrors), Long.toString(s.backlog), Integer.toString(s.crmCalls),
                Integer.toString(s.crmFailures), Integer.toString(s.crmContacts), Integer.toString(s.crmTasks),
                s.load);
    }

    private static String number(double value, int decimals) {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    // ------------------------------------------------------------------------------------------------------------
    // draining and the check
    // ------------------------------------------------------------------------------------------------------------

    /**
     * Waits until the inbox, the outbox and call enrichment have nothing pending (twice in a row, a second apart),
     * at most bench.drainTimeoutSeconds; returns what was pending last {inbox, outbox, enrichment}.
     */
    private double[] drain(BridgeProcess bridge) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(config.drainTimeoutSeconds);
        double[] pending = {Double.NaN, Double.NaN, Double.NaN};
        int idle = 0;
        long lastLine = System.nanoTime();
        while (true) {
            ProcessStats.requireAlive(bridge);
            try {
                Map<String, Double> metrics = bridge.metrics();
                pending[0] = metrics.getOrDefault("bridge_inbox_pending", Double.NaN);
                pending[1] = metrics.getOrDefault("bridge_outbox_pending", Double.NaN);
                pending[2] = metrics.getOrDefault("bridge_enrichment_pending", 0.0);
                idle = pending[0] == 0 && pending[1] == 0 && pending[2] == 0 ? idle + 1 : 0;
                if (idle >= 2) {
                    return pending;
                }
            } catch (UncheckedIOException e) {
                idle = 0;
            }
            if (System.nanoTime() >= deadline) {
                return pending;
            }
            if (System.nanoTime() - lastLine > 30_000_000_000L) {
                lastLine = System.nanoTime();
                System.out.printf("  draining: inbox %.0f, outbox %.0f, enrichment %.0f pending%n", pending[0],
                        pending[1], pending[2]);
            }
            Thread.sleep(1000);
        }
    }

    /** A dead letter as the admin API lists it. */
    record DeadLetterView(long id, String status, String kind, String recordKey, String eventId, String errorCode) {
    }

    /** What became of the accepted events. */
    record Accounting(int accepted, Map<Kind, Map<String, Integer>> byKind, int written, int laterVersionWritten,
                      int deadLettered, int parked, int lost, List<String> lostSamples, int deadLetters,
                      Map<String, Integer> deadLettersByCode, Map<String, Integer> deadLettersByStatus) {
    }

    static final String WRITTEN = "written";
    static final String LATER_VERSION = "a later version written";
    static final String DEAD_LETTERED = "dead-lettered";
    static final String PARKED = "parked";
    static final String LOST = "LOST";

    /**
     * Every accepted event against the local Salesforce, the dead letters (read page by page from the admin API) and,
     * for unknown types, the inbox (GET /admin/events/{id}):
     * <ul>
     *   <li>a contact update is written when its contact's LastName carries its version or a later one (a later
     *       version replaces an earlier one: the bridge never writes an older version after a newer), dead-lettered
     *       when a dead letter holds it or a later version;</li>
     *   <li>a contact the CRM refuses must be in a dead letter (by its event id);</li>
     *   <li>a text is written when its message's Task holds its text; a call event when its call's Task exists and
     *       holds the transcript or summary the event carried; else dead-lettered when a dead letter holds that
     *       call or message (by record key, or by the event id of one of its events);</li>
     *   <li>an unknown event type is parked when the inbox says so.</li>
     * </ul>
     * Anything else is lost.
     */
    private Accounting account(BridgeProcess bridge, FakeSalesforce salesforce) {
        List<DeadLetterView> letters = deadLetters(bridge);
        Map<String, ObjectNode> contacts = salesforce.records("Contact");
        Map<String, ObjectNode> tasks = salesforce.records("Task");
        List<Accepted> events = new ArrayList<>(accepted);

        Map<String, Accepted> byEvent = new HashMap<>();
        Map<String, Integer> latestVersion = new HashMap<>();
        for (Accepted a : events) {
            byEvent.put(a.eventId, a);
            if (a.kind == Kind.CONTACT) {
                latestVersion.merge(a.key, a.version, Math::max);
            }
        }
        Set<String> deadEvents = new HashSet<>();
        Set<String> deadKeys = new HashSet<>();
        Map<String, Integer> deadVersion = new HashMap<>();
        Map<String, Integer> byCode = new TreeMap<>();
        Map<String, Integer> byStatus = new TreeMap<>();
        for (DeadLetterView letter : letters) {
            byCode.merge(letter.errorCode == null ? "(none)" : letter.errorCode, 1, Integer::sum);
            byStatus.merge(letter.status, 1, Integer::sum);
            if (letter.eventId != null) {
                deadEvents.add(letter.eventId);
                Accepted a = byEvent.get(letter.eventId);
                if (a != null && a.key != null) {
                    deadKeys.add(a.key);
                    if (a.kind == Kind.CONTACT) {
                        deadVersion.merge(a.key, a.version, Math::max);
                    }
                }
            }
            if (letter.recordKey != null) {
                deadKeys.add(letter.recordKey);
            }
        }

        Map<Kind, Map<String, Integer>> byKind = new EnumMap<>(Kind.class);
        List<String> lostSamples = new ArrayList<>();
        int written = 0;
        int later = 0;
        int dead = 0;
        int parked = 0;
        int lost = 0;
        for (Accepted a : events) {
            String outcome;
            String why = null;
            switch (a.kind) {
                case CONTACT -> {
                    ObjectNode record = contacts.get(a.key);
                    int inCrm = record == null ? -1 : versionOf(record.path("LastName").asText(null));
                    if (inCrm == a.version) {
                        outcome = WRITTEN;
                    } else if (inCrm > a.version) {
                        outcome = LATER_VERSION;
                    } else if (deadVersion.getOrDefault(a.key, -1) >= a.version) {
                        outcome = DEAD_LETTERED;
                    } else {
                        outcome = LOST;
                        why = "contact " + a.key + " v" + a.version + ": Salesforce has "
                                + (record == null ? "no Contact" : "v" + inCrm) + ", latest accepted v"
                                + latestVersion.get(a.key);
                    }
                }
                case INVALID_EMAIL -> {
                    if (deadEvents.contains(a.eventId)) {
                        outcome = DEAD_LETTERED;
                    } else if (contacts.containsKey(a.key)) {
                        outcome = WRITTEN;
                    } else {
                        outcome = LOST;
                        why = "contact " + a.key + " with an invalid e-mail address: neither in Salesforce nor in a "
                                + "dead letter";
                    }
                }
                case TEXT -> {
                    ObjectNode task = tasks.get(a.key);
                    if (task != null && task.path("Description").asText("").contains(textMarker(a.key))) {
                        outcome = WRITTEN;
                    } else if (deadKeys.contains(a.key)) {
                        outcome = DEAD_LETTERED;
                    } else {
                        outcome = LOST;
                        why = "text " + a.key + " (" + a.eventId + "): " + (task == null ? "no Task"
                                : "its Task lacks the text");
                    }
                }
                case CALL -> {
                    ObjectNode task = tasks.get(a.key);
                    String description = task == null ? "" : task.path("Description").asText("");
                    boolean complete = task != null
                            && (!a.transcript || description.contains(transcriptMarker(a.key)))
                            && (!a.summary || description.contains(summaryMarker(a.key)));
                    if (complete) {
                        outcome = WRITTEN;
                    } else if (deadKeys.contains(a.key)) {
                        outcome = DEAD_LETTERED;
                    } else {
                        outcome = LOST;
                        why = "call " + a.key + " (" + a.eventId + "): " + (task == null ? "no Task"
                                : "its Task lacks the " + (a.transcript ? "transcript" : "summary"));
                    }
                }
                case UNKNOWN_TYPE -> {
                    String status = inboxStatus(bridge, a.eventId);
                    if ("PARKED".equals(status)) {
                        outcome = PARKED;
                    } else {
                        outcome = LOST;
                        why = "unknown type " + a.eventId + ": inbox status " + status;
                    }
                }
                default -> throw new IllegalStateException("accepted " + a.kind);
            }
            byKind.computeIfAbsent(a.kind, k -> new TreeMap<>()).merge(outcome, 1, Integer::sum);
            switch (outcome) {
                case WRITTEN -> written++;
                case LATER_VERSION -> later++;
                case DEAD_LETTERED -> dead++;
                case PARKED -> parked++;
                default -> {
                    lost++;
                    if (lostSamples.size() < 10) {
                        lostSamples.add(why);
                    }
                }
            }
        }
        return new Accounting(events.size(), byKind, written, later, dead, parked, lost, lostSamples, letters.size(),
                byCode, byStatus);
    }

    /** Every dead letter, of every status, page by page (GET /admin/dead-letters?status=all&before=...). */
    private static List<DeadLetterView> deadLetters(BridgeProcess bridge) {
        List<DeadLetterView> letters = new ArrayList<>();
        String before = "";
        for (int page = 0; page < 100_000; page++) {
            HttpResponse<String> response = bridge.get("/admin/dead-letters?status=all&limit=1000" + before);
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET /admin/dead-letters answered " + response.statusCode() + ": "
                        + abbreviate(response.body(), 300));
            }
            JsonNode body = Fixtures.parse(response.body());
            for (JsonNode letter : body.path("deadLetters")) {
                letters.add(new DeadLetterView(letter.path("id").asLong(), letter.path("status").asText(null),
                        letter.path("kind").asText(null), letter.path("recordKey").asText(null),
                        letter.path("eventId").asText(null), letter.path("errorCode").asText(null)));
            }
            if (!body.path("next").isNumber()) {
                return letters;
            }
            before = "&before=" + body.path("next").asLong();
        }
        throw new IllegalStateException("more than 100,000 pages of dead letters");
    }

    /** The inbox status of an event (GET /admin/events/{id}), or what went wrong reading it. */
    private static String inboxStatus(BridgeProcess bridge, String eventId) {
        try {
            HttpResponse<String> response = bridge.get("/admin/events/" + eventId);
            if (response.statusCode() != 200) {
                return "unknown (HTTP " + response.statusCode() + ")";
            }
            return Fixtures.parse(response.body()).path("inbox").path("status").asText("unknown");
        } catch (UncheckedIOException e) {
            return "unknown (" + e.getCause() + ")";
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // the result
    // ------------------------------------------------------------------------------------------------------------

    private void chart(Path png, Samples samples, double trafficMinutes, Accounting accounting) {
        List<Sample> all = samples.all();
        int n = all.size();
        double[] minutes = new double[n];
        double[] rss = new double[n];
        double[] store = new double[n];
        double[] pending = new double[n];
        double[] dead = new double[n];
        double[] parked = new double[n];
        for (int i = 0; i < n; i++) {
            Sample s = all.get(i);
            minutes[i] = s.seconds / 60;
            rss[i] = s.rssMb < 0 ? Double.NaN : s.rssMb;
            store[i] = s.storeMb < 0 ? Double.NaN : s.storeMb;
            pending[i] = s.inboxPending + s.outboxPending + s.enrichmentPending;
            dead[i] = s.deadLettersOpen;
            parked[i] = s.parked;
        }
        String title = String.format(Locale.ROOT, "quo-crm-bridge soak: %s min at %.0f events/s, Salesforce failing "
                + "%.0f%% of calls, %.0f%% bad requests", number(config.minutes), config.rate,
                config.crmFailureShare * 100, config.badShare * 100);
        List<String> subtitle = List.of(
                String.format(Locale.ROOT, "%d accepted events: %d written, %d superseded by a later version, "
                        + "%d dead-lettered, %d parked: %s", accounting.accepted, accounting.written,
                        accounting.laterVersionWritten, accounting.deadLettered, accounting.parked,
                        accounting.lost == 0 ? "none lost" : accounting.lost + " LOST"),
                String.format(Locale.ROOT, "housekeeping every minute: %d retention purges deleted rows, %d store "
                        + "compactions; a sample every %d s; bridge JVM %s", samples.log().purges,
                        samples.log().compactions, config.sampleSeconds, String.join(" ", config.jvmOptions)));
        try {
            SoakChart.write(png, title, subtitle, minutes, trafficMinutes, List.of(
                    new SoakChart.Panel("MB", List.of(
                            new SoakChart.Series("bridge RSS", SoakChart.BLUE, rss),
                            new SoakChart.Series("store file (H2)", SoakChart.ORANGE, store))),
                    new SoakChart.Panel("pending records", List.of(
                            new SoakChart.Series("pending work (inbox + outbox + enrichment)", SoakChart.GREEN,
                                    pending))),
                    new SoakChart.Panel("records", List.of(
                            new SoakChart.Series("open dead letters", SoakChart.RED, dead),
                            new SoakChart.Series("parked events (unknown types)", SoakChart.PURPLE, parked)))));
        } catch (IOException | RuntimeException e) {
            System.out.println("the chart could not be drawn: " + e);
        }
    }

    /** The least-squares slope of {@code values} over the samples of the traffic's second half, per hour. */
    static double slopePerHour(List<Sample> samples, java.util.function.ToDoubleFunction<Sample> value) {
        List<Sample> traffic = samples.stream().filter(s -> "traffic".equals(s.phase)).toList();
        if (traffic.size() < 4) {
            return Double.NaN;
        }
        List<Sample> half = traffic.subList(traffic.size() / 2, traffic.size());
        double mx = half.stream().mapToDouble(Sample::seconds).average().orElse(0);
        double my = half.stream().mapToDouble(value).average().orElse(0);
        double sxy = 0;
        double sxx = 0;
        for (Sample s : half) {
            sxy += (s.seconds - mx) * (value.applyAsDouble(s) - my);
            sxx += (s.seconds - mx) * (s.seconds - mx);
        }
        return sxx == 0 ? Double.NaN : sxy / sxx * 3600;
    }

    private int report(BridgeProcess bridge, FakeSalesforce salesforce, Samples samples, Accounting accounting,
                       boolean drained, double[] pending, double trafficSeconds, double drainSeconds,
                       String loadBefore, Path log, Path csv, Path png, Path json) throws IOException {
        List<Sample> all = samples.all();
        Sample first = samples.first();
        Sample last = samples.last();
        double peakRss = all.stream().mapToDouble(Sample::rssMb).max().orElse(Double.NaN);
        double peakStore = all.stream().mapToDouble(Sample::storeMb).max().orElse(Double.NaN);
        double peakPending = all.stream().mapToDouble(Sample::pending).filter(v -> !Double.isNaN(v)).max()
                .orElse(Double.NaN);
        // a trend needs a long run: over less than 10 minutes of traffic it says nothing
        boolean trend = trafficSeconds >= 600;
        double rssSlope = trend ? slopePerHour(all, Sample::rssMb) : Double.NaN;
        double storeSlope = trend ? slopePerHour(all, Sample::storeMb) : Double.NaN;
        BridgeLog bridgeLog = samples.log();
        bridgeLog.read();
        long purges = bridgeLog.purges;
        long compactions = bridgeLog.compactions;
        long compactionsSkipped = bridgeLog.compactionsSkipped;
        long unexpected = 0;
        Map<String, Object> answersByKind = new LinkedHashMap<>();
        for (Kind kind : Kind.values()) {
            Map<Integer, LongAdder> byStatus = answers.get(kind);
            Map<String, Long> view = new TreeMap<>();
            byStatus.forEach((status, count) -> view.put(status < 0 ? "I/O error" : Integer.toString(status),
                    count.sum()));
            unexpected += byStatus.entrySet().stream().filter(e -> e.getKey() != kind.expected)
                    .mapToLong(e -> e.getValue().sum()).sum();
            answersByKind.put(kind.name(), Map.of("expected", kind.expected, "answers", view));
        }
        long sent = submitted.get();
        boolean ok = drained && accounting.lost == 0 && unexpected == 0;

        Report out = new Report("quo-crm-bridge soak benchmark");
        out.line("run", "%s min of traffic at %.0f requests/s: %d sent (%.1f/s), then %d follow-ups of calls under "
                + "way (%.0f s in all); drained in %.0f s", number(config.minutes), config.rate, submittedInWindow,
                submittedInWindow / (config.minutes * 60), sent - submittedInWindow, trafficSeconds, drainSeconds);
        for (Kind kind : Kind.values()) {
            Map<Integer, LongAdder> byStatus = answers.get(kind);
            long total = byStatus.values().stream().mapToLong(LongAdder::sum).sum();
            long right = byStatus.getOrDefault(kind.expected, new LongAdder()).sum();
            out.line("  " + kind.label, "%d, %d answered %d%s", total, right, kind.expected,
                    total == right ? "" : " -- " + (total - right) + " OTHER ANSWERS " + answersByKind.get(kind.name()));
        }
        out.line("answers", "202 %d, 200 %d, 400 %d, 401 %d, 413 %d, other %d, I/O errors %d", count(202),
                count(200), count(400), count(401), count(413), otherStatuses(), count(-1));
        double worstP99 = all.stream().mapToDouble(Sample::ackP99Ms).filter(v -> !Double.isNaN(v)).max()
                .orElse(Double.NaN);
        double worstMax = all.stream().mapToDouble(Sample::ackMaxMs).filter(v -> !Double.isNaN(v)).max()
                .orElse(Double.NaN);
        out.line("ack latency ms", "p99 of the worst interval %.0f, slowest answer %.0f (per interval in the CSV)",
                worstP99, worstMax);
        out.line("unexpected answers", unexpected == 0 ? "0" : "%d -- THE BRIDGE ANSWERED REQUESTS WRONGLY", unexpected);
        for (String s : unexpectedSamples.subList(0, Math.min(10, unexpectedSamples.size()))) {
            out.line("  sample", "%s", s);
        }
        out.line("salesforce", "%d API calls (+%d logins), %d failed on purpose (%.1f%%); %d Contacts, %d Tasks",
                salesforce.apiCalls(), salesforce.logins(), salesforce.injectedFailures(),
                100.0 * salesforce.injectedFailures() / Math.max(1, salesforce.apiCalls()),
                salesforce.count("Contact"), salesforce.count("Task"));
        out.line("housekeeping", "%d retention purges that deleted rows, %d store compactions (%d skipped), from the "
                + "bridge log", purges, compactions, compactionsSkipped);
        out.line("bridge RSS MB", "start %.0f, end %.0f, peak %.0f; trend over the traffic's second half %s",
                first.rssMb, last.rssMb, peakRss, trend ? String.format(Locale.ROOT, "%+.0f MB/h", rssSlope)
                        : "n/a (under 10 min)");
        out.line("store file MB", "start %.1f, end %.1f, peak %.1f; trend over the traffic's second half %s",
                first.storeMb, last.storeMb, peakStore, trend ? String.format(Locale.ROOT, "%+.1f MB/h", storeSlope)
                        : "n/a (under 10 min)");
        out.line("bridge CPU s", "%.0f since ready (%.0f%% of one core on average)", last.cpuSeconds - first.cpuSeconds,
                (last.cpuSeconds - first.cpuSeconds) / Math.max(1, last.seconds) * 100);
        out.line("pending work", "peak %.0f; at the end: inbox %.0f, outbox %.0f, enrichment %.0f%s", peakPending,
                pending[0], pending[1], pending[2], drained ? "" : " -- NOT DRAINED within bench.drainTimeoutSeconds");
        out.line("dead letters", "%.0f open at the end; %d in all %s, by error code %s", last.deadLettersOpen,
                accounting.deadLetters, accounting.deadLettersByStatus, accounting.deadLettersByCode);
        out.line("parked", "%.0f events at the end (bridge_inbox_parked)", last.parked);
        out.line("accepted (202)", "%d: %d written, %d superseded by a later version written, %d dead-lettered, "
                + "%d parked", accounting.accepted, accounting.written, accounting.laterVersionWritten,
                accounting.deadLettered, accounting.parked);
        accounting.byKind.forEach((kind, outcomes) -> out.line("  " + kind.label, "%s", outcomes));
        out.line("duplicates (200)", "%d duplicate deliveries of accepted events answered 200", count(Kind.DUPLICATE, 200));
        out.line("lost", accounting.lost == 0 ? "0: every accepted event is accounted for"
                : "%d ACCEPTED EVENTS UNACCOUNTED FOR", accounting.lost);
        for (String s : accounting.lostSamples) {
            out.line("  lost", "%s", s);
        }
        out.line("bridge JVM", "%s", String.join(" ", config.jvmOptions));
        if (!config.env.isEmpty()) {
            out.line("bridge env", "%s", config.env);
        }
        out.line("host", "%d CPUs; load average before %s, after %s", Runtime.getRuntime().availableProcessors(),
                loadBefore, ProcessStats.loadAverage());
        out.line("result", ok ? "OK" : "FAILED (see above)");
        out.line("written", "%s", csv);
        out.line("", "%s", png);
        out.line("", "%s (bridge log %s)", json, log);
        out.print();

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("timestamp", Instant.now().toString());
        result.put("parameters", Map.ofEntries(Map.entry("minutes", config.minutes), Map.entry("rate", config.rate),
                Map.entry("badShare", config.badShare), Map.entry("crmFailureShare", config.crmFailureShare),
                Map.entry("invalidEmailShare", config.invalidEmailShare), Map.entry("contacts", config.contacts),
                Map.entry("sampleSeconds", config.sampleSeconds), Map.entry("senders", config.senders),
                Map.entry("salesforceLatencyMs", config.salesforceLatencyMs), Map.entry("seed", config.seed)));
        result.put("trafficSeconds", round(trafficSeconds, 1));
        result.put("drainSeconds", round(drainSeconds, 1));
        result.put("requests", sent);
        result.put("requestsInWindow", submittedInWindow);
        result.put("answersByKind", answersByKind);
        result.put("unexpectedAnswers", unexpected);
        result.put("ackLatencyMs", Map.of("worstIntervalP99", round(worstP99, 1), "max", round(worstMax, 1)));
        result.put("unexpectedSamples", List.copyOf(unexpectedSamples));
        result.put("salesforce", Map.of("apiCalls", salesforce.apiCalls(), "logins", salesforce.logins(),
                "injectedFailures", salesforce.injectedFailures(), "contacts", salesforce.count("Contact"),
                "tasks", salesforce.count("Task")));
        result.put("housekeeping", Map.of("purgesThatDeleted", purges, "compactions", compactions,
                "compactionsSkipped", compactionsSkipped));
        result.put("rssMb", Map.of("start", round(first.rssMb, 1), "end", round(last.rssMb, 1),
                "peak", round(peakRss, 1), "slopeSecondHalfPerHour", round(rssSlope, 1)));
        result.put("storeMb", Map.of("start", round(first.storeMb, 2), "end", round(last.storeMb, 2),
                "peak", round(peakStore, 2), "slopeSecondHalfPerHour", round(storeSlope, 2)));
        result.put("bridgeCpuSeconds", round(last.cpuSeconds - first.cpuSeconds, 1));
        result.put("drained", drained);
        result.put("pendingAtEnd", Map.of("inbox", pending[0], "outbox", pending[1], "enrichment", pending[2]));
        result.put("peakPending", peakPending);
        result.put("deadLetters", Map.of("openAtEnd", last.deadLettersOpen, "all", accounting.deadLetters,
                "byStatus", accounting.deadLettersByStatus, "byErrorCode", accounting.deadLettersByCode));
        result.put("parkedAtEnd", last.parked);
        Map<String, Object> acc = new LinkedHashMap<>();
        acc.put("accepted", accounting.accepted);
        acc.put("written", accounting.written);
        acc.put("laterVersionWritten", accounting.laterVersionWritten);
        acc.put("deadLettered", accounting.deadLettered);
        acc.put("parked", accounting.parked);
        acc.put("duplicatesAnswered200", count(Kind.DUPLICATE, 200));
        acc.put("lost", accounting.lost);
        acc.put("lostSamples", accounting.lostSamples);
        Map<String, Object> kinds = new LinkedHashMap<>();
        accounting.byKind.forEach((k, v) -> kinds.put(k.name(), v));
        acc.put("byKind", kinds);
        result.put("accounting", acc);
        result.put("ok", ok);
        result.put("files", Map.of("csv", csv.toString(), "png", png.toString(), "bridgeLog", log.toString()));
        result.put("bridgeJvmOptions", config.jvmOptions);
        result.put("bridgeEnv", config.env);
        result.put("cpus", Runtime.getRuntime().availableProcessors());
        Report.writeJson(json, result);
        return ok ? 0 : 1;
    }

    private long count(Kind kind, int status) {
        LongAdder adder = answers.get(kind).get(status);
        return adder == null ? 0 : adder.sum();
    }

    private static String abbreviate(String text, int max) {
        if (text == null) {
            return "";
        }
        String line = text.replace('\n', ' ');
        return line.length() > max ? line.substring(0, max) + "..." : line;
    }
}
