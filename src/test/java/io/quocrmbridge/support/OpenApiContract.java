package io.quocrmbridge.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;

/**
 * An API's own OpenAPI document (a copy in src/test/resources/openapi/), used to check the requests the bridge
 * sends and the answers the test servers give: a request the spec rejects is a contract violation, and tests fail
 * on any.
 */
public final class OpenApiContract {

    private final String name;
    private final OpenApiInteractionValidator validator;

    private OpenApiContract(String name, OpenApiInteractionValidator validator) {
        this.name = name;
        this.validator = validator;
    }

    /** Loads {@code src/test/resources/openapi/<file>}. */
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
                    .build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
