package io.quocrmbridge.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An API's own OpenAPI document (a copy in src/test/resources/openapi/), used to check the requests the bridge
 * sends and the answers the test servers give: a request the spec rejects is a contract violation, and tests fail
 * on any.
 */
public final class OpenApiContract {

    private final String name;
    private final OpenApiInteractionValidator validator;
    private final List<PathTemplate> paths;

    /** One of the spec's paths: its template as a regex, how many segments are literal, and its operations. */
    private record PathTemplate(String template, Pattern regex, int literalSegments, JsonNode item) {
    }

    private OpenApiContract(String name, OpenApiInteractionValidator validator, List<PathTemplate> paths) {
        this.name = name;
        this.validator = validator;
        this.paths = paths;
    }

    /**
     * Loads {@code src/test/resources/openapi/<file>}; {@code file} may name a subfolder
     * ({@code hubspot/contacts-v3.json}).
     */
    public static OpenApiContract load(String file) {
        try (InputStream in = OpenApiContract.class.getResourceAsStream("/openapi/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no OpenAPI file " + file);
            }
            String spec = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new OpenApiContract(file, OpenApiInteractionValidator.createForInlineApiSpecification(spec)
                    .withResolveCombinators(true)
                    // the validator applies each allOf branch as if it forbade the other branches' properties
                    // (Quo's custom fields are allOf [name/key/id, type/value]); answers only, requests stay strict
                    .withLevelResolver(LevelResolver.create()
                            .withLevel("validation.response.body.schema.additionalProperties", ValidationReport.Level.IGNORE)
                            .build())
                    .build(), paths(spec));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file this contract was loaded from. */
    public String name() {
        return name;
    }

    /**
     * Whether one of the spec's paths matches this request path (a {@code {param}} matches one segment): with
     * several specs for one API, the one that covers a request is the one to check it against.
     */
    public boolean covers(String path) {
        return template(path) != null;
    }

    /**
     * The spec's operation object for a request (e.g. to read a vendor extension such as
     * {@code x-hubspot-rate-limit-exemptions}), or null when no path or method matches. A literal path wins over
     * a templated one ({@code /contacts/search} over {@code /contacts/{contactId}}).
     */
    public JsonNode operation(String method, String path) {
        PathTemplate template = template(path);
        return template == null ? null : template.item().get(method.toLowerCase(Locale.ROOT));
    }

    private PathTemplate template(String path) {
        PathTemplate best = null;
        for (PathTemplate template : paths) {
            if (template.regex().matcher(path).matches()
                    && (best == null || template.literalSegments() > best.literalSegments())) {
                best = template;
            }
        }
        return best;
    }

    private static List<PathTemplate> paths(String spec) throws IOException {
        List<PathTemplate> templates = new ArrayList<>();
        JsonNode root = new ObjectMapper().readTree(spec);
        for (Map.Entry<String, JsonNode> entry : root.path("paths").properties()) {
            StringBuilder regex = new StringBuilder();
            int literal = 0;
            for (String segment : entry.getKey().split("/", -1)) {
                if (segment.isEmpty()) {
                    continue;
                }
                regex.append('/');
                if (segment.startsWith("{") && segment.endsWith("}")) {
                    regex.append("[^/]+");
                } else {
                    regex.append(Pattern.quote(segment));
                    literal++;
                }
            }
            templates.add(new PathTemplate(entry.getKey(), Pattern.compile(regex.toString()), literal, entry.getValue()));
        }
        return List.copyOf(templates);
    }

    /**
     * Problems with a request, as the spec sees them (empty when it conforms).
     *
     * @param query query parameters; a repeated key has several values
     */
    public List<String> checkRequest(String method, String path, Map<String, List<String>> query,
                                     Map<String, String> headers, String body) {
        SimpleRequest.Builder request = new SimpleRequest.Builder(Request.Method.valueOf(method), path);
        query.forEach(request::withQueryParam);
        headers.forEach(request::withHeader);
        if (body != null && !body.isEmpty()) {
            request.withBody(body);
        }
        return messages(validator.validateRequest(request.build()), method + " " + path);
    }

    /** Problems with an answer to a request on an operation of the spec (empty when it conforms). */
    public List<String> checkResponse(String method, String path, int status, String body) {
        SimpleResponse response = SimpleResponse.Builder.status(status).withContentType("application/json")
                .withBody(body).build();
        return messages(validator.validateResponse(path, Request.Method.valueOf(method), response),
                "answer " + status + " to " + method + " " + path);
    }

    private List<String> messages(ValidationReport report, String what) {
        List<String> problems = new ArrayList<>();
        for (ValidationReport.Message message : report.getMessages()) {
            if (message.getLevel() == ValidationReport.Level.ERROR) {
                problems.add(name + ": " + what + ": " + message.getMessage());
            }
        }
        return problems;
    }
}
