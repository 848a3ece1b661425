package org.procwatch.launcher.compile;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.procwatch.enrich.ocds.ExtensionSchemas;
import org.procwatch.enrich.ocds.MergeRules;
import org.procwatch.ingest.ocds.OcdsProblem;
import org.procwatch.schemas.json.ExactNumbers;
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

    /** Releases read back for a record exactly as published; generators leave standard output open. */
    private static final ObjectMapper JSON = ExactNumbers.exact(JsonMapper.builder()).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .build();

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

    @Option(names = "--temp-dir", paramLabel = "DIR",
            description = "Where what is compiled waits until the input has been read to its end (default: java.io.tmpdir).")
    Path tempDir;

    @Option(names = "--threads", paramLabel = "N", description = "Processes compiled at once (default: one per core).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Spec
    CommandLine.Model.CommandSpec spec;

    /** Where the JSON goes: standard output, unless a test gives a stream of its own. */
    private final OutputStream stdout;

    public CompileCommand() {
        this(null);
    }

    /** @param stdout where to write the JSON instead of standard output */
    CompileCommand(OutputStream stdout) {
        this.stdout = stdout;
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
        CompileInput input = CompileInput.of(paths);
        Progress progress = new Progress(err);
        int[] problems = {0};
        RecordPackage written = new RecordPackage();
        ExtensionSchemas extensions = extensionsDir == null ? ExtensionSchemas.none() : ExtensionSchemas.in(extensionsDir);
        OutputStream out = new BufferedOutputStream(stdout != null ? stdout : new FileOutputStream(FileDescriptor.out), 1 << 20);
        Path temp = tempDir == null ? Path.of(System.getProperty("java.io.tmpdir")) : tempDir;
        long[] inputBytes = {0};
        try (Spill spill = new Spill(temp);
             RunCompile runs = new RunCompile(threads, extensions, this::made, spill)) {
            input.read((ocid, json, source, position) -> {
                runs.release(ocid, json, source, position);
                written.sawPackageOf(source);
                progress.read(1);
            }, problem -> {
                problems[0]++;
                err.println("procwatch compile: " + describe(problem));
            }, size -> {
                inputBytes[0] += size;
                progress.fileDone(size);
            });
            runs.finish();
            // A process whose releases were not together is compiled again from all of them, read a second time.
            Set<String> scattered = runs.scattered();
            try (ScatteredProcesses whole = new ScatteredProcesses(scattered, runs.bytesOf(scattered), inputBytes[0],
                    ScatteredProcesses.LEAST_BUDGET_BYTES, temp)) {
                if (!scattered.isEmpty()) {
                    input.read(whole, problem -> { }, size -> { });
                    whole.compile(runs);
                }
                problems[0] += recordPackage ? writePackage(out, written, spill, whole) : writeLines(out, err, spill, whole);
                progress.done(spill.entries().size() - whole.size());
            }
        }
        out.flush();
        err.flush();
        return problems[0] == 0 ? 0 : 1;
    }

    /**
     * Writes every process in the order it first appeared, each with its messages; one compiled again whole in the
     * place of its first run, its other runs left out. Returns the problems told.
     */
    private static int writeLines(OutputStream out, PrintWriter err, Spill spill, ScatteredProcesses whole) throws IOException {
        int problems = 0;
        Set<String> written = new HashSet<>();
        try (Spill.Reader pieces = spill.reader()) {
            for (Spill.Entry entry : spill.entries()) {
                byte[] json = pieces.next(entry);
                Spill.Entry again = whole.entry(entry.ocid());
                if (again != null && !written.add(entry.ocid())) {
                    continue;
                }
                Spill.Entry made = again != null ? again : entry;
                err.print(made.messages());
                problems += made.problems();
                json = again != null ? whole.json(again) : json;
                if (json != null) {
                    out.write(json);
                    out.write('\n');
                }
            }
        }
        return problems;
    }

    /** What is written of a process: its compiled or versioned release, or its record. */
    private RunCompile.Made made(String ocid, Gathered process, MergeRules rules, PrintWriter err) throws IOException {
        ProcessCompile.Result result = ProcessCompile.of(ocid, process.releases, rules, recordPackage || !versioned, versioned, err);
        if (recordPackage) {
            return new RunCompile.Made(record(ocid, process, result), result.problems());
        }
        return new RunCompile.Made(versioned ? result.versioned() : result.compiled(), result.problems());
    }

    /** A process's record: its releases as they came (or linked), its compiled and, when asked, versioned release. */
    private byte[] record(String ocid, Gathered process, ProcessCompile.Result result) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator json = JSON.createGenerator(bytes)) {
            json.writeStartObject();
            json.writeStringField("ocid", ocid);
            json.writeArrayFieldStart("releases");
            for (int i = 0; i < process.releases.size(); i++) {
                ObjectNode release;
                try {
                    release = (ObjectNode) JSON.readTree(process.releases.get(i).json());
                } catch (JsonProcessingException e) {
                    continue; // a line that is not JSON: its merge said so, and it is in no release of the record
                }
                json.writeTree(RecordPackage.listed(release, RecordPackage.packageUri(process.sources.get(i)), linkedReleases));
            }
            json.writeEndArray();
            if (result.compiled() != null) {
                json.writeFieldName("compiledRelease");
                json.writeRawValue(new String(result.compiled(), StandardCharsets.UTF_8));
            }
            if (result.versioned() != null) {
                json.writeFieldName("versionedRelease");
                json.writeRawValue(new String(result.versioned(), StandardCharsets.UTF_8));
            }
            json.writeEndObject();
        }
        return bytes.toByteArray();
    }

    /** Writes the record package, its records by ocid, as ocdskit orders them, each with its messages. Returns the problems told. */
    private int writePackage(OutputStream out, RecordPackage written, Spill spill, ScatteredProcesses whole)
            throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        Map<String, Spill.Entry> byOcid = new TreeMap<>();
        for (Spill.Entry entry : spill.entries()) {
            byOcid.putIfAbsent(entry.ocid(), entry);
        }
        int problems = 0;
        try (JsonGenerator json = JSON.createGenerator(out)) {
            written.start(json, new RecordPackage.Header(packageUri, packagePublishedDate, packageVersion));
            for (Spill.Entry entry : byOcid.values()) {
                Spill.Entry again = whole.entry(entry.ocid());
                Spill.Entry made = again != null ? again : entry;
                err.print(made.messages());
                problems += made.problems();
                byte[] record = again != null ? whole.json(again) : entry.length() < 0 ? null : spill.read(entry);
                if (record != null) {
                    json.writeRawValue(new String(record, StandardCharsets.UTF_8));
                }
            }
            written.end(json);
        }
        return problems;
    }

    private static String describe(OcdsProblem problem) {
        return problem.uri() + (problem.position() == null ? "" : " " + problem.position()) + ": " + problem.reason();
    }
}
