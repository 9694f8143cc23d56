package io.quocrmbridge.quo;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.quocrmbridge.canonical.Directory;
import io.quocrmbridge.canonical.WorkspaceDirectory;
import io.quocrmbridge.flow.ExchangeVariables;
import io.quocrmbridge.json.Json;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the workspace's own numbers and users into the {@link WorkspaceDirectory} from Quo's API
 * ({@code GET /v1/phone-numbers}, {@code GET /v1/users}), for routes/quo-workspace-directory.camel.yaml, when
 * QUO_API_KEY is set; refreshed every QUO_DIRECTORY_REFRESH.
 */
public final class WorkspaceDirectoryLoader {

    private static final Logger LOG = LoggerFactory.getLogger(WorkspaceDirectoryLoader.class);

    private final WorkspaceDirectory directory;
    private Set<String> loadingNumbers = new HashSet<>();
    private Map<String, Directory.User> loadingUsers = new HashMap<>();

    public WorkspaceDirectoryLoader(WorkspaceDirectory directory) {
        this.directory = directory;
    }

    /** Starts a refresh: the pages that follow are collected, then swapped in at once by {@link #finish}. */
    public synchronized void start() {
        loadingNumbers = new HashSet<>();
        loadingUsers = new HashMap<>();
    }

    /** The request for a page of phone numbers (one page: Quo lists every number of the workspace at once). */
    public void requestNumbers(Exchange exchange) {
        QuoApi.request(exchange, "GET", "/v1/phone-numbers", null);
    }

    /** Reads a page of phone numbers, with the users each number has. */
    public synchronized void numbersPage(Exchange exchange) {
        JsonNode page = Json.parse(exchange.getMessage().getBody(String.class));
        for (JsonNode number : page.path("data")) {
            String value = Json.text(number, "number");
            if (value != null) {
                loadingNumbers.add(value);
            }
            for (JsonNode user : number.path("users")) {
                addUser(user);
            }
        }
    }

    /** The request for the next page of users; the variable {@code pageToken} holds the token. */
    public void requestUsers(Exchange exchange) {
        String token = exchange.getVariable(ExchangeVariables.PAGE_TOKEN, String.class);
        QuoApi.request(exchange, "GET", "/v1/users", QuoApi.query().add("maxResults", 50).add(ExchangeVariables.PAGE_TOKEN, token));
    }

    /** Reads a page of users; sets {@code pageToken} and, after the last page, {@code usersDone}. */
    public synchronized void usersPage(Exchange exchange) {
        JsonNode page = Json.parse(exchange.getMessage().getBody(String.class));
        for (JsonNode user : page.path("data")) {
            addUser(user);
        }
        String next = page.path("data").isEmpty() ? null : Json.text(page, "nextPageToken");
        exchange.setVariable(ExchangeVariables.PAGE_TOKEN, next);
        exchange.setVariable(ExchangeVariables.USERS_DONE, next == null);
    }

    public synchronized void finish() {
        directory.replace(new Directory(Set.copyOf(loadingNumbers), Map.copyOf(loadingUsers)));
        LOG.info("workspace directory loaded from Quo: {} number(s), {} user(s)", loadingNumbers.size(),
                loadingUsers.size());
    }

    private void addUser(JsonNode user) {
        String id = Json.text(user, "id");
        if (id == null) {
            return;
        }
        String first = Json.text(user, "firstName");
        String last = Json.text(user, "lastName");
        String name = ((first == null ? "" : first) + " " + (last == null ? "" : last)).trim();
        loadingUsers.put(id, new Directory.User(id, Json.text(user, "email"), name.isEmpty() ? null : name));
    }
}
