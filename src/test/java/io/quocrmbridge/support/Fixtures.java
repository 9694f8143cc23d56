package io.quocrmbridge.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The real-shaped Quo payloads in {@code src/test/resources/fixtures/} (their sources are listed in the README
 * there), and small edits tests make to them (a fresh event id, another updatedAt).
 */
public final class Fixtures {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Fixtures() {
    }

    /** A fixture's text, e.g. {@code text("beta/contact.updated.json")}. */
    public static String text(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectNode json(String name) {
        try {
            return (ObjectNode) MAPPER.readTree(text(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sets a value at a JSON pointer (its parent must exist), e.g. {@code /data/resource/updatedAt}. */
    public static ObjectNode with(ObjectNode root, String pointer, Object value) {
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = slash == 0 ? root : root.at(pointer.substring(0, slash));
        if (!(parent instanceof ObjectNode object)) {
            throw new IllegalArgumentException("no object at " + pointer.substring(0, slash));
        }
        object.set(pointer.substring(slash + 1), MAPPER.valueToTree(value));
        return root;
    }

    /** Removes the value at a JSON pointer (its parent must exist), e.g. {@code /data/object/id}. */
    public static ObjectNode without(ObjectNode root, String pointer) {
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = slash == 0 ? root : root.at(pointer.substring(0, slash));
        if (!(parent instanceof ObjectNode object)) {
            throw new IllegalArgumentException("no object at " + pointer.substring(0, slash));
        }
        if (object.remove(pointer.substring(slash + 1)) == null) {
            throw new IllegalArgumentException("nothing at " + pointer);
        }
        return root;
    }

    /** The beta plane's {@code apiVersion} (seed 004). */
    public static final String BETA_API_VERSION = "2026-03-30";

    /**
     * A beta-plane webhook body around a payload that shows only the {@code data} wrapper, as the examples in Quo's
     * beta webhook docs do (seed 004: "the sections below document only the per-event data wrapper"): the documented
     * common envelope {@code {id, apiVersion, createdAt, type, data}}, with the payload's {@code data} as it is.
     */
    public static ObjectNode betaEnvelope(String eventId, String type, String createdAt, JsonNode payload) {
        JsonNode data = payload.get("data");
        if (data == null || !data.isObject()) {
            throw new IllegalArgumentException("the payload has no data object");
        }
        ObjectNode envelope = MAPPER.createObjectNode();
        envelope.put("id", eventId);
        envelope.put("apiVersion", BETA_API_VERSION);
        envelope.put("createdAt", createdAt);
        envelope.put("type", type);
        envelope.set("data", data.deepCopy());
        return envelope;
    }

    /** The fixture files of a folder, sorted, as names {@link #text} takes, e.g. {@code beta/call.completed.json}. */
    public static List<String> names(String folder) {
        URL url = Fixtures.class.getResource("/fixtures/" + folder);
        if (url == null) {
            throw new IllegalArgumentException("no fixture folder " + folder);
        }
        try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
            return files.map(f -> folder + "/" + f.getFileName()).filter(n -> n.endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses a JSON text (an answer body, say). */
    public static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON object as a map (nested values as maps and lists). */
    @SuppressWarnings("unchecked")
    public static java.util.Map<String, Object> toMap(JsonNode object) {
        return MAPPER.convertValue(object, java.util.Map.class);
    }

    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
