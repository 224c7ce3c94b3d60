package io.vigil.jobs.cli;

import io.vigil.jobs.config.VigilConfig;
import io.vigil.jobs.elastic.IndexTemplates;
import io.vigil.jobs.kibana.KibanaFiles;
import io.vigil.jobs.kibana.KibanaImport;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigil setup}: applies the index templates (idempotently) to the configured cluster, and
 * with {@code --kibana URL} imports Vigil's Kibana saved objects (index patterns, searches,
 * dashboards; {@code kibana/} in the repository, shipped in the jar) with {@code overwrite=true},
 * so running it again changes nothing. A Kibana with security enabled takes {@code --kibana-user}
 * (password from {@code KIBANA_PASSWORD}) or {@code --kibana-api-key}; without either, the
 * configuration's {@code elasticsearch.username}/{@code password} are used, since Kibana logs users
 * in against Elasticsearch.
 */
@Command(
        name = "setup",
        mixinStandardHelpOptions = true,
        description = {
            "Apply Vigil's index templates to Elasticsearch (--config) and import its Kibana"
                    + " index patterns, searches and dashboards (--kibana); both idempotent.",
            "Exit code 1 when Kibana refuses an object (each one is named)."
        })
public final class SetupCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            description =
                    "The Vigil configuration file (YAML); see vigil.example.yaml. Applies the"
                            + " index templates; with --kibana, the index patterns follow its"
                            + " index prefixes.")
    Path configFile;

    @Option(
            names = "--kibana",
            paramLabel = "URL",
            description =
                    "Kibana's base URL, e.g. http://localhost:5601: import Vigil's saved objects"
                            + " there (POST /api/saved_objects/_import?overwrite=true).")
    String kibanaUrl;

    @Option(
            names = "--kibana-user",
            paramLabel = "USER",
            description =
                    "User for a Kibana with security enabled; the password is read from the"
                            + " environment variable KIBANA_PASSWORD. Default: the configuration's"
                            + " elasticsearch.username and password, if set.")
    String kibanaUser;

    @Option(
            names = "--kibana-api-key",
            paramLabel = "KEY",
            defaultValue = "${env:KIBANA_API_KEY}",
            description =
                    "An Elasticsearch API key (the 'encoded' value of POST _security/api_key),"
                            + " sent as 'Authorization: ApiKey KEY'. Default: the environment"
                            + " variable KIBANA_API_KEY.")
    String kibanaApiKey;

    /** Where {@code KIBANA_PASSWORD} is read from (tests give their own). */
    java.util.function.UnaryOperator<String> environment = System::getenv;

    @Override
    public Integer call() throws Exception {
        if (configFile == null && kibanaUrl == null) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "give --config FILE (index templates), --kibana URL (saved objects), or both");
        }
        VigilConfig vigil = configFile == null ? null : VigilConfig.load(configFile);
        if (vigil != null) {
            applyTemplates(vigil);
        }
        if (kibanaUrl != null) {
            try {
                importKibanaObjects(vigil);
            } catch (KibanaImport.ImportFailedException e) {
                spec.commandLine().getErr().println("vigil setup: " + e.getMessage());
                return 1;
            }
        }
        return 0;
    }

    /** Applies the templates and says what happened to each. */
    static void applyTemplates(VigilConfig vigil) throws java.io.IOException {
        for (IndexTemplates.Result result : IndexTemplates.apply(vigil)) {
            System.out.println("index template " + result);
        }
    }

    /**
     * The {@code Authorization} header for Kibana: the API key, else {@code --kibana-user} with
     * {@code password}, else the configuration's Elasticsearch credentials, else none.
     */
    Optional<String> authorization(VigilConfig vigil, String password) {
        if (kibanaApiKey != null && !kibanaApiKey.isEmpty()) {
            if (kibanaUser != null) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        "give --kibana-user or --kibana-api-key (or KIBANA_API_KEY), not both");
            }
            return Optional.of(KibanaImport.apiKey(kibanaApiKey));
        }
        if (kibanaUser != null) {
            if (password == null || password.isEmpty()) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        "--kibana-user "
                                + kibanaUser
                                + " needs its password in the environment variable"
                                + " KIBANA_PASSWORD");
            }
            return Optional.of(KibanaImport.basic(kibanaUser, password));
        }
        if (vigil != null && !vigil.elasticsearch().username().isEmpty()) {
            return Optional.of(
                    KibanaImport.basic(
                            vigil.elasticsearch().username(), vigil.elasticsearch().password()));
        }
        return Optional.empty();
    }

    /** Imports every shipped NDJSON file, in order, and prints what Kibana imported. */
    private void importKibanaObjects(VigilConfig vigil) throws Exception {
        KibanaImport kibana =
                new KibanaImport(
                        kibanaUrl, authorization(vigil, environment.apply("KIBANA_PASSWORD")));
        java.io.PrintWriter out = spec.commandLine().getOut();
        int total = 0;
        for (Map.Entry<String, String> file : KibanaFiles.shipped().entrySet()) {
            String ndjson = file.getValue();
            if (vigil != null) {
                ndjson =
                        KibanaImport.withPrefixes(
                                ndjson,
                                vigil.elasticsearch().indexPrefix(),
                                vigil.jaeger().indexPrefix());
            }
            KibanaImport.Result result = kibana.importFile(file.getKey(), ndjson);
            out.printf("kibana %s: %d objects imported%n", file.getKey(), result.successCount());
            for (KibanaImport.Imported o : result.imported()) {
                out.printf("  %s %s \"%s\"%n", o.type(), o.id(), o.title());
            }
            total += result.successCount();
        }
        out.printf(
                "kibana: %d saved objects imported into %s (overwrite=true)%n", total, kibanaUrl);
        out.flush();
    }
}
