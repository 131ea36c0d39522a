package io.jwtauth.common;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * Documents error responses from the {@link Problems} catalogue, so no resource types a problem's JSON: an
 * {@code @APIResponse} whose description starts with the contract codes it can answer with
 * ({@code description = "invalid_refresh_token, refresh_token_reused — why"}) gets the problem+json content, one
 * example per code with the catalogue's status, title and detail, a Retry-After header for 429 and 503, and a
 * description that spells each code out. Registered as {@code mp.openapi.filter}.
 */
public class ProblemDocumentation implements OASFilter {

    /** The codes, then optionally " — " and a note that is kept. */
    private static final Pattern CODES = Pattern.compile("[a-z_]+(, [a-z_]+)*");

    private static final String NOTE = " — ";
    private static final String PROBLEM_SCHEMA = "#/components/schemas/Problem";

    @Override
    public Operation filterOperation(Operation operation) {
        if (operation.getResponses() != null && operation.getResponses().getAPIResponses() != null) {
            operation
                    .getResponses()
                    .getAPIResponses()
                    .forEach((status, response) ->
                            document(response, status.matches("\\d{3}") ? Integer.parseInt(status) : null));
        }
        return operation;
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() != null && openAPI.getComponents().getResponses() != null) {
            openAPI.getComponents().getResponses().values().forEach(response -> document(response, null));
        }
    }

    private static void document(APIResponse response, Integer status) {
        if (response.getRef() != null || response.getDescription() == null) {
            return;
        }
        String description = response.getDescription();
        int note = description.indexOf(NOTE);
        String codes = note < 0 ? description : description.substring(0, note);
        if (!CODES.matcher(codes).matches()) {
            return;
        }
        List<Problems> problems = new ArrayList<>();
        for (String code : codes.split(", ")) {
            Optional<Problems> problem = status == null ? Problems.of(code) : Problems.of(status, code);
            problems.add(problem.orElseThrow(
                    () -> new IllegalStateException("OpenAPI: '" + code + "' is not a code of the Problems catalogue"
                            + (status == null ? "" : " answered with " + status))));
        }
        List<String> lines = new ArrayList<>();
        MediaType content =
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM_SCHEMA));
        for (Problems problem : problems) {
            lines.add(problem.code() + ": " + problem.detail());
            content.addExample(problem.code(), OASFactory.createExample().value(example(problem)));
        }
        response.description(
                String.join("; ", lines) + (note < 0 ? "" : "." + NOTE + description.substring(note + NOTE.length())));
        response.content(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, content));
        if (problems.stream().anyMatch(p -> p.status() == 429 || p.status() == 503)
                && (response.getHeaders() == null || !response.getHeaders().containsKey("Retry-After"))) {
            Header retryAfter = OASFactory.createHeader()
                    .description("Seconds to wait before retrying")
                    .schema(OASFactory.createSchema().addType(Schema.SchemaType.INTEGER));
            response.addHeader("Retry-After", retryAfter);
        }
    }

    private static Map<String, Object> example(Problems problem) {
        Problem p = problem.problem();
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("type", p.type());
        example.put("title", p.title());
        example.put("status", p.status());
        example.put("detail", p.detail());
        example.put("code", p.code());
        if (problem == Problems.VALIDATION_FAILED) {
            example.put(
                    "errors", List.of(Map.of("field", "password", "message", "must be at least 15 characters long")));
        }
        return example;
    }
}
