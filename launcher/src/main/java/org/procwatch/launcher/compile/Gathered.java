package org.procwatch.launcher.compile;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.procwatch.ingest.ocds.OcdsSource;

/** A process's releases, gathered for its merge, with the packages they came in. */
final class Gathered {

    /** The OCDS version whose rules merge it: the newest its packages declare. */
    String version;
    final Set<String> extensions = new LinkedHashSet<>();
    final List<ProcessCompile.Waiting> releases = new ArrayList<>(4);
    final List<OcdsSource> sources = new ArrayList<>(4);

    void add(byte[] json, OcdsSource source, String position) {
        String releaseVersion = source.mergeVersion();
        if (version == null || releaseVersion.compareTo(version) > 0) {
            version = releaseVersion;
        }
        extensions.addAll(source.extensions());
        releases.add(new ProcessCompile.Waiting(json, position == null ? source.uri() : source.uri() + " " + position));
        sources.add(source);
    }
}
