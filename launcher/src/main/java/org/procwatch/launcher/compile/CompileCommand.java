package org.procwatch.launcher.compile;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.smile.databind.SmileMapper;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.procwatch.enrich.ocds.CompiledProcess;
import org.procwatch.enrich.ocds.ExtensionSchemas;
import org.procwatch.enrich.ocds.MergeRules;
import org.procwatch.enrich.ocds.OcdsMergeException;
import org.procwatch.ingest.ocds.OcdsProblem;
import org.procwatch.ingest.ocds.OcdsReader;
import org.procwatch.ingest.ocds.OcdsRelease;
import org.procwatch.ingest.text.Digest;
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

    /** Releases wait for their process's turn as Smile bytes: a quarter of their JSON in memory, and quick to read. */
    private static final ObjectMapper SMILE = ExactNumbers.exact(SmileMapper.builder()).build();
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
                    + "instead of its compiled release.")
    boolean versioned;

    @Spec
    CommandLine.Model.CommandSpec spec;

    /** The releases of one contracting process, waiting to be merged. */
    private static final class Pending {
        String version;
        final Set<String> extensions = new LinkedHashSet<>();
        final List<byte[]> releases = new ArrayList<>(2);
    }

    @Override
    public Integer call() throws IOException {
        for (Path path : paths) {
            if (!Files.exists(path)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "no such file or folder: " + path);
            }
        }
        PrintWriter err = spec.commandLine().getErr();
        Progress progress = new Progress(err);
        int[] problems = {0};
        Map<String, Pending> processes = new LinkedHashMap<>();
        OcdsReader reader = new OcdsReader();
        for (Path file : files()) {
            reader.read(file, release -> {
                keep(processes, release);
                progress.read(1);
            }, problem -> {
                problems[0]++;
                err.println("procwatch compile: " + describe(problem));
            });
            progress.fileDone(Files.size(file));
        }
        ExtensionSchemas extensions = extensionsDir == null ? ExtensionSchemas.none() : ExtensionSchemas.in(extensionsDir);
        Map<String, MergeRules> rules = new HashMap<>();
        Writer out = new BufferedWriter(spec.commandLine().getOut(), 1 << 16);
        for (Map.Entry<String, Pending> entry : processes.entrySet()) {
            Pending pending = entry.getValue();
            MergeRules processRules = rules.computeIfAbsent(pending.version + " " + pending.extensions,
                    key -> MergeRules.forPackage(pending.version, List.copyOf(pending.extensions), extensions));
            problems[0] += compile(entry.getKey(), pending, processRules, versioned, out, err);
        }
        out.flush();
        progress.done(processes.size());
        return problems[0] == 0 ? 0 : 1;
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
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The release in Smile, copied token by token: no tree, and decimals kept exact. */
    private static byte[] toSmile(String json) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(json.length());
        try (JsonParser parser = JSON_FACTORY.createParser(json); JsonGenerator smile = SMILE.getFactory().createGenerator(bytes)) {
            while (parser.nextToken() != null) {
                smile.copyCurrentEventExact(parser);
            }
        }
        return bytes.toByteArray();
    }

    /**
     * Merges a process's releases and writes its compiled (or versioned) release. They are merged without a check
     * after each; where no compiled release can be made of them all (a value changed type), they are merged again one
     * by one, each checked, and those that would leave none are left out, each with the reason.
     */
    private static int compile(String ocid, Pending pending, MergeRules rules, boolean versioned, Writer out, PrintWriter err)
            throws IOException {
        CompiledProcess process = new CompiledProcess(ocid, rules, versioned);
        int problems = merge(ocid, pending, process, false, err);
        JsonNode merged = null;
        if (process.releaseCount() > 0) {
            try {
                merged = versioned ? process.versionedRelease() : process.compiledRelease();
            } catch (OcdsMergeException e) {
                process = new CompiledProcess(ocid, rules, versioned);
                problems = merge(ocid, pending, process, true, err);
                try {
                    merged = versioned ? process.versionedRelease() : process.compiledRelease();
                } catch (OcdsMergeException versionedToo) {
                    // A value's history can conflict where its latest value does not: then there is no versioned release.
                    problems++;
                    err.println("procwatch compile: " + versionedToo.getMessage());
                }
            }
        }
        pending.releases.clear();
        if (merged != null) {
            JSON.writeValue(out, merged);
            out.write('\n');
        }
        return problems;
    }

    /** @param checkEach whether each merge is checked: the second pass, whose warnings the first printed already */
    private static int merge(String ocid, Pending pending, CompiledProcess process, boolean checkEach, PrintWriter err) throws IOException {
        int problems = 0;
        for (byte[] bytes : pending.releases) {
            JsonNode release = SMILE.readTree(bytes);
            try {
                List<String> warnings = checkEach ? process.merge(release, () -> Digest.sha256(bytes)).warnings()
                        : process.mergeUnchecked(release, () -> Digest.sha256(bytes)).warnings();
                if (!checkEach) {
                    warnings.forEach(warning -> err.println("procwatch compile: " + ocid + ": " + warning));
                }
            } catch (OcdsMergeException e) {
                problems++;
                err.println("procwatch compile: " + e.getMessage());
            }
        }
        return problems;
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
