package io.quocrmbridge.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Requests a CRM received (from a fake server's log) or would have received (from dry-run.jsonl), in one shape, so a
 * test can hold what dry-run prints against what the live target sends for the same events.
 */
public final class CrmRequests {

    /** One request: method, path (no query) and JSON body (null for none). */
    public record Request(String method, String path, JsonNode body) {

        public static Request of(String method, String path, String body) {
            return new Request(method, path.split("\\?")[0], body == null || body.isBlank() ? null : Fixtures.parse(body));
        }

        @Override
        public String toString() {
            return method + " " + path + (body == null ? "" : " " + body);
        }
    }

    private CrmRequests() {
    }

    /** The requests dry-run wrote to $BRIDGE_DATA_DIR/dry-run.jsonl, in order. */
    public static List<Request> dryRun(Path dataDir) {
        Path file = dataDir.resolve("dry-run.jsonl");
        List<Request> requests = new ArrayList<>();
        try {
            if (!Files.exists(file)) {
                return requests;
            }
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank()) {
                    JsonNode json = Fixtures.parse(line);
                    JsonNode body = json.get("body");
                    requests.add(new Request(json.get("method").asText(), json.get("path").asText(),
                            body == null || body.isNull() ? null : body));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return requests;
    }
}
