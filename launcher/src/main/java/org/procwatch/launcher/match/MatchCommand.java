package org.procwatch.launcher.match;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.procwatch.enrich.match.VendorMatch;
import org.procwatch.enrich.match.VendorMatcher;
import org.procwatch.schemas.avro.WatchlistEntity;
import org.procwatch.schemas.watchlist.WatchlistFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./procwatch match [--text]}: one JSON object per line of standard input, with the watchlist
 * entities that line leads to (CONTRACTS section 4).
 */
@Command(name = "match", mixinStandardHelpOptions = true,
        description = "Reads party names (or, with --text, free text such as titles and item descriptions) from standard input, "
                + "one per line, and writes one JSON object per line with the watchlist matches at or above the default threshold.")
public final class MatchCommand implements Callable<Integer> {

    @Option(names = "--text", description = "Treat each line as free text: find brands, firm names and product codes in it.")
    boolean text;

    @Option(names = "--watchlist", paramLabel = "FILE",
            description = "A watchlist file (JSON Lines) whose entities are added to the bundled ones, replacing those with the same id.")
    Path watchlist;

    @Spec
    CommandLine.Model.CommandSpec spec;

    /** Standard input unless a test gives another. */
    Reader input = new InputStreamReader(System.in, StandardCharsets.UTF_8);

    @Override
    public Integer call() throws Exception {
        VendorMatcher matcher = new VendorMatcher(entities());
        ObjectMapper json = new ObjectMapper();
        Writer out = new BufferedWriter(spec.commandLine().getOut(), 1 << 16);
        BufferedReader lines = new BufferedReader(input, 1 << 16);
        String line;
        while ((line = lines.readLine()) != null) {
            List<VendorMatch> matches = text ? matcher.matchText(line, null) : matcher.matchName(line);
            ObjectNode answer = json.createObjectNode().put("input", line);
            ArrayNode array = answer.putArray("matches");
            for (VendorMatch match : matches) {
                ObjectNode item = array.addObject()
                        .put("entityId", match.entityId())
                        .put("entityName", match.entityName())
                        .put("listedEntity", match.listedEntityName())
                        .put("relation", match.relation());
                match.lists().forEach(item.putArray("lists")::add);
                item.put("score", match.score()).put("evidence", match.explanation());
            }
            out.write(json.writeValueAsString(answer));
            out.write('\n');
        }
        out.flush();
        return 0;
    }

    private List<WatchlistEntity> entities() throws Exception {
        Map<String, WatchlistEntity> byId = new LinkedHashMap<>();
        WatchlistFile.bundled().forEach(entity -> byId.put(entity.getId(), entity));
        if (watchlist != null) {
            if (!Files.isRegularFile(watchlist)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "no such watchlist file: " + watchlist);
            }
            List<String> problems = new ArrayList<>();
            try (Reader reader = Files.newBufferedReader(watchlist)) {
                WatchlistFile.read(reader, watchlist.toString(), problem ->
                        problems.add(watchlist + " line " + problem.line() + ": " + problem.reason()))
                        .forEach(entity -> byId.put(entity.getId(), entity));
            }
            problems.forEach(problem -> spec.commandLine().getErr().println("procwatch match: " + problem));
        }
        return List.copyOf(byId.values());
    }
}
