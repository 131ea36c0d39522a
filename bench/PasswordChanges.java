// bench/PasswordChanges.java — N clients changing their own passwords in a loop (case (j) of bench/run.sh).
//
// Each client is one seeded user: it logs in, then for the given time changes its password back and forth between
// two passphrases, each time with the access token the previous change returned (a change revokes every other
// token of the user). Prints one JSON line: changes attempted, answers by status, and the 5xx count. The file's
// optional third column says which passphrase is current (0: the one given, 1: it + " changed"); it is written back
// at the end, so a later run (bench/run.sh runs (j) in rounds) logs in with the right one.
//
//   java bench/PasswordChanges.java <api base URL> <users.tsv (email<TAB>password[<TAB>0|1])> <seconds>

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class PasswordChanges {

    private static final Pattern ACCESS = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

    public static void main(String[] args) throws Exception {
        URI api = URI.create(args[0]);
        List<String[]> users = Files.readAllLines(Path.of(args[1])).stream()
                .filter(l -> l.contains("\t"))
                .map(l -> l.split("\t", 3))
                .toList();
        // Which of its two passphrases each user has now: the file's third column, written back at the end, so that
        // the next run (bench/run.sh runs (j) in rounds) logs in with the right one.
        int[] current = users.stream()
                .mapToInt(u -> u.length > 2 ? Integer.parseInt(u[2].trim()) : 0)
                .toArray();
        long end =
                System.nanoTime() + Duration.ofSeconds(Long.parseLong(args[2])).toNanos();
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(users.size());
        for (int i = 0; i < users.size(); i++) {
            String[] user = users.get(i);
            int index = i;
            new Thread(() -> {
                        try {
                            String[] passwords = {user[1], user[1] + " changed"};
                            String token = token(post(
                                    http,
                                    api.resolve("/auth/login"),
                                    null,
                                    "{\"email\":\"" + user[0] + "\",\"password\":\"" + passwords[current[index]]
                                            + "\"}",
                                    statuses));
                            for (int n = current[index]; token != null && System.nanoTime() < end; n++) {
                                String body = "{\"currentPassword\":\"" + passwords[n % 2] + "\",\"newPassword\":\""
                                        + passwords[(n + 1) % 2] + "\"}";
                                String next =
                                        token(put(http, api.resolve("/users/me/password"), token, body, statuses));
                                if (next == null) {
                                    n--; // refused (e.g. 429/503): retry the same change with the same token
                                    Thread.sleep(100);
                                } else {
                                    token = next;
                                    current[index] = (n + 1) % 2;
                                }
                            }
                        } catch (Exception e) {
                            statuses.computeIfAbsent(-1, k -> new LongAdder()).increment();
                        } finally {
                            done.countDown();
                        }
                    })
                    .start();
        }
        done.await();
        StringBuilder state = new StringBuilder();
        for (int i = 0; i < users.size(); i++) {
            state.append(users.get(i)[0])
                    .append('\t')
                    .append(users.get(i)[1])
                    .append('\t')
                    .append(current[i]);
            state.append('\n');
        }
        Files.writeString(Path.of(args[1]), state);
        Map<String, Long> counts = new TreeMap<>();
        statuses.forEach((k, v) -> counts.put(String.valueOf(k), v.sum()));
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        long fivexx = statuses.entrySet().stream()
                .filter(e -> e.getKey() >= 500)
                .mapToLong(e -> e.getValue().sum())
                .sum();
        StringBuilder json = new StringBuilder("{\"requests\":" + total + ",\"server_errors\":" + fivexx
                + ",\"clients\":" + users.size() + ",\"statuses\":{");
        counts.forEach(
                (k, v) -> json.append('"').append(k).append("\":").append(v).append(','));
        if (!counts.isEmpty()) {
            json.setLength(json.length() - 1);
        }
        System.out.println(json.append("}}"));
    }

    private static HttpResponse<String> post(
            HttpClient http, URI uri, String token, String body, Map<Integer, LongAdder> statuses) throws Exception {
        return send(http, HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body)), token, statuses);
    }

    private static HttpResponse<String> put(
            HttpClient http, URI uri, String token, String body, Map<Integer, LongAdder> statuses) throws Exception {
        return send(http, HttpRequest.newBuilder(uri).PUT(HttpRequest.BodyPublishers.ofString(body)), token, statuses);
    }

    private static HttpResponse<String> send(
            HttpClient http, HttpRequest.Builder request, String token, Map<Integer, LongAdder> statuses)
            throws Exception {
        request.header("Content-Type", "application/json").timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        statuses.computeIfAbsent(response.statusCode(), k -> new LongAdder()).increment();
        return response;
    }

    private static String token(HttpResponse<String> response) {
        Matcher m = ACCESS.matcher(response.body());
        return response.statusCode() == 200 && m.find() ? m.group(1) : null;
    }
}
