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

/** What the benchmarks read about the bridge process from /proc: resident memory, threads, CPU time, load. */
public final class ProcessStats {

    private ProcessStats() {
    }

    /** Samples /proc/<pid>/status every 100 ms: VmRSS (its peak over the sampled window), VmHWM and threads. */
    public static final class Sampler {
        private final long pid;
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-rss-sampler");
            t.setDaemon(true);
            return t;
        });
        private volatile long peakRssKb;
        private volatile long hwmKb;
        private volatile long peakThreads;

        public Sampler(long pid) {
            this.pid = pid;
        }

        public Sampler start() {
            timer.scheduleAtFixedRate(this::sample, 0, 100, TimeUnit.MILLISECONDS);
            return this;
        }

        synchronized void sample() {
            Map<String, Long> status = status(pid);
            if (status.isEmpty()) {
                return;
            }
            peakRssKb = Math.max(peakRssKb, status.getOrDefault("VmRSS", 0L));
            hwmKb = Math.max(hwmKb, status.getOrDefault("VmHWM", 0L));
            peakThreads = Math.max(peakThreads, status.getOrDefault("Threads", 0L));
        }

        public void stop() {
            if (!timer.isShutdown()) {
                sample();
                timer.shutdownNow();
            }
        }

        public double peakRssMb() {
            return peakRssKb / 1024.0;
        }

        public double hwmMb() {
            return hwmKb / 1024.0;
        }

        public long peakThreads() {
            return peakThreads;
        }
    }

    /** The numeric fields of /proc/<pid>/status (kB for memory); empty once the process is gone. */
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

    /** utime + stime of a process from /proc/<pid>/stat, in seconds. */
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

    private static final double CLOCK_TICK = clockTick();

    private static double clockTick() {
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
