package io.quocrmbridge.crm.dryrun;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * $BRIDGE_DATA_DIR/dry-run.jsonl, rotated by size: once it holds {@code maxBytes}, it becomes dry-run.jsonl.1 (the
 * older ones move up, to dry-run.jsonl.{@code keep}; the oldest is dropped) and a new file is started. One writer for
 * every target, so lines never interleave.
 */
public final class DryRunFile {

    private final Path file;
    private final long maxBytes;
    private final int keep;

    public DryRunFile(Path file, long maxBytes, int keep) {
        if (maxBytes < 1024) {
            throw new IllegalArgumentException("CRM_DRY_RUN_MAX_BYTES must be at least 1024");
        }
        if (keep < 1) {
            throw new IllegalArgumentException("CRM_DRY_RUN_KEEP_FILES must be at least 1");
        }
        this.file = file;
        this.maxBytes = maxBytes;
        this.keep = keep;
    }

    /** Appends one line (a newline is added), rotating first when the line would take the file over its size. */
    public synchronized void append(String line) {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            if (Files.exists(file) && Files.size(file) > 0 && Files.size(file) + bytes.length > maxBytes) {
                rotate();
            }
            Files.write(file, bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    private void rotate() throws IOException {
        Files.deleteIfExists(rotated(keep));
        for (int i = keep - 1; i >= 1; i--) {
            if (Files.exists(rotated(i))) {
                Files.move(rotated(i), rotated(i + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(file, rotated(1), StandardCopyOption.REPLACE_EXISTING);
    }

    private Path rotated(int index) {
        return file.resolveSibling(file.getFileName() + "." + index);
    }

    public Path path() {
        return file;
    }
}
