package io.quocrmbridge.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.quocrmbridge.support.BridgeProcess;

/**
 * What the benchmarks read about a process from /proc (Linux): resident memory and threads, CPU time, I/O
 * counters, the machine's load; whether the bridge still runs, and the size of its store's file. Every reader answers "unknown" (an empty map,
 * NaN, -1, "unknown") instead of failing once the process is gone.
 */
public final class ProcessStats {

    /** The kernel's clock ticks per second ({@code getconf CLK_TCK}, 100 when that cannot be read). */
    public static final double CLOCK_TICK = readClockTick();

    private ProcessStats() {
    }

    /**
     * Samples /proc/&lt;pid&gt;/status every 100 ms: the peak VmRSS over the sampled window with its anonymous and
     * file-backed parts at that peak (RssAnon, RssFile), VmHWM (the kernel's own peak since the process started),
     * the peak thread count and how many samples were taken. {@link #resetPeak()} starts a new window (VmHWM is
     * kept: the kernel does not reset it).
     */
    public static final class Sampler {
        private final long pid;
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-rss-sampler");
            t.setDaemon(true);
            return t;
        });
        private long peakRssKb;
        private long peakAnonKb;
        private long peakFileKb;
        private long hwmKb;
        private long peakThreads;
        private int samples;

        public Sampler(long pid) {
            this.pid = pid;
        }

        public Sampler start() {
            timer.scheduleAtFixedRate(this::sample, 0, 100, TimeUnit.MILLISECONDS);
            return this;
        }

        /** Forgets the peaks seen so far (not VmHWM): the next figures cover only what follows. */
        public synchronized void resetPeak() {
            peakRssKb = 0;
            peakAnonKb = 0;
            peakFileKb = 0;
            peakThreads = 0;
            samples = 0;
        }

        synchronized void sample() {
            Map<String, Long> status = status(pid);
            if (status.isEmpty()) {
                return;
            }
            long rss = status.getOrDefault("VmRSS", 0L);
            if (rss > peakRssKb) {
                peakRssKb = rss;
                peakAnonKb = status.getOrDefault("RssAnon", 0L);
                peakFileKb = status.getOrDefault("RssFile", 0L);
            }
            hwmKb = Math.max(hwmKb, status.getOrDefault("VmHWM", 0L));
            peakThreads = Math.max(peakThreads, status.getOrDefault("Threads", 0L));
            samples++;
        }

        /** Takes a last sample and stops; calling it again does nothing. */
        public void stop() {
            if (!timer.isShutdown()) {
                sample();
                timer.shutdownNow();
            }
        }

        public synchronized double peakRssMb() {
            return peakRssKb / 1024.0;
        }

        /** RssAnon (heap, stacks, malloc) when VmRSS peaked. */
        public synchronized double peakAnonMb() {
            return peakAnonKb / 1024.0;
        }

        /** RssFile (mapped jars, libraries, files) when VmRSS peaked. */
        public synchronized double peakFileMb() {
            return peakFileKb / 1024.0;
        }

        public synchronized double hwmMb() {
            return hwmKb / 1024.0;
        }

        public synchronized long peakThreads() {
            return peakThreads;
        }

        /** Samples taken since the start or the last {@link #resetPeak()}. */
        public synchronized int samples() {
            return samples;
        }
    }

    /** The numeric fields of /proc/&lt;pid&gt;/status (kB for memory); empty once the process is gone. */
    public static Map<String, Long> status(long pid) {
        Map<String, Long> values = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    String[] parts = line.substring(colon + 1).trim().split("\\s+");
                    if (parts.length >= 1 && parts[0].matches("\\d+")) {
                        values.put(line.substring(0, colon), Long.parseLong(parts[0]));
                    }
                }
            }
        } catch (IOException gone) {
            // the process ended
        }
        return values;
    }

    /** utime + stime of a process from /proc/&lt;pid&gt;/stat, in seconds; NaN once the process is gone. */
    public static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // fields after the command name, which is in parentheses and may hold spaces
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            // f[0] is field 3 (state): utime is field 14, stime field 15
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / CLOCK_TICK;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** CPU seconds of this JVM (the load generator). */
    public static double ownCpuSeconds() {
        return cpuSeconds(ProcessHandle.current().pid());
    }

    /**
     * A counter of /proc/&lt;pid&gt;/io (e.g. write_bytes: what the process made the kernel write to storage); -1 when
     * it cannot be read.
     */
    public static long ioCounter(long pid, String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "io"))) {
                if (line.startsWith(name + ":")) {
                    return Long.parseLong(line.substring(name.length() + 1).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // not readable here, or the process ended
        }
        return -1;
    }

    private static double readClockTick() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (getconf.waitFor(5, TimeUnit.SECONDS) && getconf.exitValue() == 0) {
                return Double.parseDouble(out);
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 100;
    }

    /**
     * Fails the benchmark (IllegalStateException: exit status 2) when the bridge process is gone, a crash or a signal
     * from outside, with the reason its log gives.
     */
    public static void requireAlive(BridgeProcess bridge) {
        if (!bridge.isAlive()) {
            String why = bridge.log().lines().filter(l -> l.contains("SIGTERM") || l.contains("SIGKILL")
                    || l.contains("OutOfMemoryError")).findFirst().orElse("no reason in its log");
            throw new IllegalStateException("the bridge process ended during the benchmark: " + why);
        }
    }

    /** Bytes of the files in {@code dir} whose names end with {@code suffix} (the store: .mv.db); -1 if unreadable. */
    public static long filesBytes(Path dir, String suffix) {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).mapToLong(f -> f.toFile().length())
                    .sum();
        } catch (IOException e) {
            return -1;
        }
    }

    /** The machine's 1, 5 and 15 minute load averages. */
    public static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }
}
