package org.procwatch.launcher.cli;

import org.procwatch.launcher.http.ApiTokens;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --api-token} (CONTRACTS section 2), for the commands that serve the HTTP API: who may write reviews. */
public final class ApiTokenOption {

    @Option(names = "--api-token", paramLabel = "NAME:SECRET[,...]",
            description = "Bearer tokens that may POST /api/reviews, each NAME:SECRET (the name is recorded as the reviewer), "
                    + "separated by commas; a secret of at least 16 characters. Without one the API is read-only. Best given as "
                    + "PROCWATCH_API_TOKEN rather than on the command line, where other users of the machine can see it.")
    String tokens;

    @Spec(Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    /** @throws CommandLine.ParameterException saying what is wrong */
    public ApiTokens read() {
        try {
            return ApiTokens.parse(tokens);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--api-token: " + e.getMessage());
        }
    }
}
