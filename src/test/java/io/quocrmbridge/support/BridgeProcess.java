package io.quocrmbridge.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.camel.test.AvailablePortFinder;
import org.awaitility.Awaitility;

/**
 * The packaged bridge ({@code target/quo-crm-bridge.jar}) as its own process, started from the repository root as
 * a user starts it ({@code java -jar}, reading ./application.properties and ./routes), configured by environment
 * variables only. Its output goes to a log file the test can read.
 */
public final class BridgeProcess implements AutoCloseable {

    /** JVM options of the bridge process unless {@link #jvmOptions} sets others. */
    public static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xmx512m");

    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<String> jvmOptions = new ArrayList<>(DEFAULT_JVM_OPTIONS);
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int httpPort;
    private final int managementPort;
    private Process process;

    public BridgeProcess(Path dataDir, Path log) {
        this.log = log;
        this.httpPort = AvailablePortFinder.getNextAvailable();
        this.managementPort = AvailablePortFinder.getNextAvailable();
        env.put("HTTP_PORT", Integer.toString(httpPort));
        env.put("MANAGEMENT_PORT", Integer.toString(managementPort));
        env.put("BRIDGE_HOST", "127.0.0.1");
        env.put("BRIDGE_DATA_DIR", dataDir.toString());
    }

    public BridgeProcess env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** Replaces the JVM options the process starts with (default {@link #DEFAULT_JVM_OPTIONS}). */
    public BridgeProcess jvmOptions(List<String> options) {
        jvmOptions.clear();
        jvmOptions.addAll(options);
        return this;
    }

    public List<String> jvmOptions() {
        return List.copyOf(jvmOptions);
    }

    /** The operating-system process id of the running bridge. */
    public long pid() {
        if (process == null) {
            throw new IllegalStateException("the bridge is not started");
        }
        return process.pid();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public int httpPort() {
        return httpPort;
    }

    public int managementPort() {
        return managementPort;
    }

    /**
     * A fresh directory for one test's data and process log, under target/it-logs/ so a failed run can be read
     * afterwards (mvn clean removes it).
     */
    public static Path workDir(String name) {
        return freshDir(Path.of("target", "it-logs", name));
    }

    /** Empties (or creates) a directory and returns its absolute path. */
    public static Path freshDir(Path dir) {
        try {
            if (Files.exists(dir)) {
                try (var walk = Files.walk(dir)) {
                    walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir.toAbsolutePath();
    }

    /** The packaged jar; failsafe passes its path, after `package` built it. */
    public static Path jar() {
        String jar = System.getProperty("bridge.jar", "target/quo-crm-bridge.jar");
        Path path = Path.of(jar);
        if (!Files.exists(path)) {
            throw new IllegalStateException(jar + " not found: these tests run after `mvn package` (mvn verify)");
        }
        return path;
    }

    /** Starts the process and waits until it is ready (its readiness check answers UP). */
    public BridgeProcess start() {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar().toAbsolutePath().toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(new File(System.getProperty("user.dir")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Awaitility.await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("the bridge exited with " + process.exitValue() + "; see " + log);
            }
            return isReady();
        });
        return this;
    }

    public boolean isReady() {
        try {
            return get("/observe/health/ready").statusCode() == 200;
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
                .timeout(Duration.ofSeconds(10)).GET().build());
    }

    /** A POST without body to the management port (the admin API). */
    public HttpResponse<String> post(String path) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    /** The contact poller's checkpoint as GET /admin/poll/contacts shows it. */
    public com.fasterxml.jackson.databind.JsonNode pollStatus() {
        return Fixtures.parse(get("/admin/poll/contacts").body());
    }

    public HttpResponse<String> postWebhook(byte[] body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/webhooks/quo"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return send(request.build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A gauge or counter value from /observe/metrics (summed over its series), or 0 when absent. */
    public double metric(String name) {
        return metrics().getOrDefault(name, 0.0);
    }

    /** Every gauge and counter of one scrape of /observe/metrics, each summed over its series, by name. */
    public Map<String, Double> metrics() {
        Map<String, Double> totals = new LinkedHashMap<>();
        for (String line : get("/observe/metrics").body().split("\n")) {
            int end = line.indexOf('{') > 0 ? line.indexOf('{') : line.indexOf(' ');
            if (line.startsWith("#") || end <= 0) {
                continue;
            }
            try {
                totals.merge(line.substring(0, end), Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)),
                        Double::sum);
            } catch (NumberFormatException notAValue) {
                // not a sample line
            }
        }
        return totals;
    }

    /** kill -9: no shutdown hook, nothing flushed. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A normal stop (SIGTERM): graceful shutdown. */
    public void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(45, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
