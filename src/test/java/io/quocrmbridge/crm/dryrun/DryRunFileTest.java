package io.quocrmbridge.crm.dryrun;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DryRunFileTest {

    @TempDir
    Path dir;

    @Test
    void theFileIsRotatedBySizeKeepingTheNewestFilesAndDroppingTheOldest() throws IOException {
        DryRunFile file = new DryRunFile(dir.resolve("dry-run.jsonl"), 1024, 2);
        String line = "x".repeat(99); // 100 bytes with its newline: 10 a file
        for (int i = 0; i < 45; i++) {
            file.append(line.substring(0, 95) + String.format("%04d", i));
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList(),
                    equalTo(List.of("dry-run.jsonl", "dry-run.jsonl.1", "dry-run.jsonl.2")));
        }
        for (String name : List.of("dry-run.jsonl", "dry-run.jsonl.1", "dry-run.jsonl.2")) {
            assertThat(Files.size(dir.resolve(name)), lessThanOrEqualTo(1024L));
        }
        // the newest lines are in the current file, the ones before in .1 and .2; the oldest were dropped
        List<String> current = Files.readAllLines(dir.resolve("dry-run.jsonl"));
        assertThat(current.get(current.size() - 1).endsWith("0044"), equalTo(true));
        List<String> kept = Files.readAllLines(dir.resolve("dry-run.jsonl.2"));
        assertThat(kept.get(0).endsWith("0020"), equalTo(true));
        assertThat(Files.readAllLines(dir.resolve("dry-run.jsonl.1")).get(0).endsWith("0030"), equalTo(true));
        assertThat(current.get(0).endsWith("0040"), equalTo(true));
    }
}
