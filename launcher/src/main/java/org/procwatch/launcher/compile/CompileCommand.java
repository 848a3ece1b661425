package org.procwatch.launcher.compile;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.procwatch.enrich.ocds.ExtensionSchemas;
import org.procwatch.enrich.ocds.MergeRules;
import org.procwatch.ingest.ocds.OcdsProblem;
import org.procwatch.ingest.ocds.OcdsReader;
import org.procwatch.ingest.ocds.OcdsRelease;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./procwatch compile PATH...}: reads OCDS in any packaging and writes one compiled release per ocid
 * as JSON Lines to standard output, in the order ocids first appear. Problems go to standard error, one line
 * each; the exit code is 1 when there were any, after everything that could be compiled is written.
 */
@Command(name = "compile", mixinStandardHelpOptions = true,
        description = "Compiles OCDS releases (release or record packages, bare releases, JSON arrays, JSON Lines; "
                + ".gz too) into one compiled (or, with --versioned, versioned) release per ocid, written as JSON Lines to "
                + "standard output.")
public final class CompileCommand implements Callable<Integer> {

    private static final JsonFactory JSON_FACTORY = new JsonFactory();
    private static final ObjectMapper JSON = new ObjectMapper().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files or folders (read recursively).")
    List<Path> paths;

    @Option(names = "--extensions-dir", paramLabel = "DIR",
            description = "OCDS extensions available offline, as <host>/<path> of their URLs; the release schemas of "
                    + "the extensions a package declares then take part in the merge rules.")
    Path extensionsDir;

    @Option(names = "--versioned",
            description = "Write each process's versioned release (every value of every field, with the release that gave it) "
                    + "instead of its compiled release; with --package, beside it in each record.")
    boolean versioned;

    @Option(names = "--package",
            description = "Write one record package instead of JSON Lines: a record per ocid, in ocid order, with its releases "
                    + "and compiled release, and the metadata of the packages read (as ocdskit's compile --package).")
    boolean recordPackage;

    @Option(names = "--linked-releases",
            description = "With --package, list each release that came in a package with a uri by its url (uri#id), date and tag.")
    boolean linkedReleases;

    @Option(names = "--package-uri", defaultValue = "", paramLabel = "URI", description = "With --package, the package's uri.")
    String packageUri;

    @Option(names = "--package-published-date", defaultValue = "", paramLabel = "DATE",
            description = "With --package, the package's publishedDate.")
    String packagePublishedDate;

    @Option(names = "--package-version", defaultValue = "1.1", paramLabel = "VERSION",
            description = "With --package, the package's OCDS version (default: ${DEFAULT-VALUE}).")
    String packageVersion;

    @Option(names = "--threads", paramLabel = "N", description = "Processes compiled at once (default: one per core).")
    int threads = Runtime.getRuntime().availableProcessors();

    /** Processes each thread may have compiled ahead of the one being written: enough to keep it busy, few enough to hold. */
    private static final int WINDOW_PER_THREAD = 64;

    @Spec
    CommandLine.Model.CommandSpec spec;

    /** The releases of one contracting process, waiting to be merged, and the uri of the package each came in. */
    private static final class Pending {
        String version;
        final Set<String> extensions = new LinkedHashSet<>();
        final List<byte[]> releases = new ArrayList<>(2);
        final List<String> packageUris = new ArrayList<>(2);
    }

    @Override
    public Integer call() throws IOException {
        if (threads < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--threads must be at least 1, not " + threads);
        }
        for (Path path : paths) {
            if (!Files.exists(path)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "no such file or folder: " + path);
            }
        }
        PrintWriter err = spec.commandLine().getErr();
        Progress progress = new Progress(err);
        int[] problems = {0};
        Map<String, Pending> processes = new LinkedHashMap<>();
        RecordPackage written = new RecordPackage();
        OcdsReader reader = new OcdsReader();
        for (Path file : files()) {
            reader.read(file, release -> {
                keep(processes, release);
                written.sawPackageOf(release.source());
                progress.read(1);
            }, problem -> {
                problems[0]++;
                err.println("procwatch compile: " + describe(problem));
            });
            progress.fileDone(Files.size(file));
        }
        ExtensionSchemas extensions = extensionsDir == null ? ExtensionSchemas.none() : ExtensionSchemas.in(extensionsDir);
        Map<String, MergeRules> rules = new ConcurrentHashMap<>();
        Writer out = new BufferedWriter(spec.commandLine().getOut(), 1 << 16);
        JsonGenerator json = JSON.createGenerator(out);
        if (recordPackage) {
            written.start(json, new RecordPackage.Header(packageUri, packagePublishedDate, packageVersion));
        }
        // A package's records go by ocid, as ocdskit orders them; JSON Lines in the order ocids first appear.
        List<String> ocids = new ArrayList<>(processes.keySet());
        if (recordPackage) {
            ocids.sort(null);
        }
        // Processes are compiled on every core, a window of them at a time, and written in order as each is done.
        ExecutorService workers = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "compile");
            thread.setDaemon(true);
            return thread;
        });
        try {
            Deque<Future<Piece>> inFlight = new ArrayDeque<>();
            for (String ocid : ocids) {
                Pending pending = processes.remove(ocid);
                inFlight.add(workers.submit(() -> compiled(ocid, pending, rules, extensions)));
                if (inFlight.size() >= threads * WINDOW_PER_THREAD) {
                    problems[0] += write(inFlight.poll(), json, out, err);
                }
            }
            while (!inFlight.isEmpty()) {
                problems[0] += write(inFlight.poll(), json, out, err);
            }
        } finally {
            workers.shutdownNow();
        }
        if (recordPackage) {
            written.end(json);
        }
        json.flush();
        out.flush();
        progress.done(ocids.size());
        return problems[0] == 0 ? 0 : 1;
    }

    /** A process compiled: what to write of it, and what to say of it on standard error, in its turn. */
    private record Piece(String json, String messages, int problems) {
    }

    private Piece compiled(String ocid, Pending pending, Map<String, MergeRules> rules, ExtensionSchemas extensions) throws IOException {
        MergeRules processRules = rules.computeIfAbsent(pending.version + " " + pending.extensions,
                key -> MergeRules.forPackage(pending.version, List.copyOf(pending.extensions), extensions));
        StringWriter messages = new StringWriter();
        PrintWriter err = new PrintWriter(messages);
        ProcessCompile.Result result = ProcessCompile.of(ocid, pending.releases, processRules, recordPackage || !versioned, versioned, err);
        err.flush();
        String text = null;
        if (recordPackage) {
            StringWriter record = new StringWriter();
            try (JsonGenerator generator = JSON.createGenerator(record)) {
                writeRecord(generator, ocid, pending, result);
            }
            text = record.toString();
        } else if (result.compiled() != null || result.versioned() != null) {
            text = JSON.writeValueAsString(versioned ? result.versioned() : result.compiled());
        }
        return new Piece(text, messages.toString(), result.problems());
    }

    private int write(Future<Piece> next, JsonGenerator json, Writer out, PrintWriter err) throws IOException {
        Piece piece;
        try {
            piece = next.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while compiling", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
        err.print(piece.messages());
        if (piece.json() != null) {
            if (recordPackage) {
                json.writeRawValue(piece.json());
            } else {
                out.write(piece.json());
                out.write('\n');
            }
        }
        return piece.problems();
    }

    /** A process's record: its releases as they came (or linked), its compiled and, when asked, versioned release. */
    private void writeRecord(JsonGenerator json, String ocid, Pending pending, ProcessCompile.Result result) throws IOException {
        json.writeStartObject();
        json.writeStringField("ocid", ocid);
        json.writeArrayFieldStart("releases");
        for (int i = 0; i < pending.releases.size(); i++) {
            ObjectNode release = (ObjectNode) ProcessCompile.SMILE.readTree(pending.releases.get(i));
            json.writeTree(RecordPackage.listed(release, pending.packageUris.get(i), linkedReleases));
        }
        json.writeEndArray();
        if (result.compiled() != null) {
            json.writeFieldName("compiledRelease");
            json.writeTree(result.compiled());
        }
        if (result.versioned() != null) {
            json.writeFieldName("versionedRelease");
            json.writeTree(result.versioned());
        }
        json.writeEndObject();
    }

    private static void keep(Map<String, Pending> processes, OcdsRelease release) {
        Pending pending = processes.computeIfAbsent(release.ocid(), ocid -> new Pending());
        String version = release.source().mergeVersion();
        // A process published under both versions merges by the newer rules.
        if (pending.version == null || version.compareTo(pending.version) > 0) {
            pending.version = version;
        }
        pending.extensions.addAll(release.source().extensions());
        try {
            pending.releases.add(toSmile(release.json()));
            pending.packageUris.add(RecordPackage.packageUri(release.source()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The release in Smile, copied token by token: no tree, and decimals kept exact. */
    private static byte[] toSmile(String json) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(json.length());
        try (JsonParser parser = JSON_FACTORY.createParser(json); JsonGenerator smile = ProcessCompile.SMILE.getFactory().createGenerator(bytes)) {
            while (parser.nextToken() != null) {
                smile.copyCurrentEventExact(parser);
            }
        }
        return bytes.toByteArray();
    }

    private List<Path> files() throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> walk = Files.walk(path)) {
                    walk.filter(Files::isRegularFile)
                            .filter(file -> !file.getFileName().toString().startsWith("."))
                            .sorted()
                            .forEach(files::add);
                }
            } else {
                files.add(path);
            }
        }
        return files;
    }

    private static String describe(OcdsProblem problem) {
        return problem.uri() + (problem.position() == null ? "" : " " + problem.position()) + ": " + problem.reason();
    }
}
