package dev.wasmhsm.tool;

import dev.wasmhsm.engine.host.HostConfig;
import dev.wasmhsm.engine.runtime.PluginLimits;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * The plugin tool's entry point: lists, inspects, validates and calls command plugins with the server's own
 * loader, without a server.
 */
public final class Main {
    /** Exit status: everything was fine. */
    public static final int OK = 0;

    /** Exit status: a plugin is invalid, failed, or a file could not be read. */
    public static final int FAILED = 1;

    /** Exit status: the command line is wrong. */
    public static final int USAGE = 2;

    /** Exit status of {@code call}: the plugin answered with an error code other than 00. */
    public static final int ERROR_REPLY = 3;

    static final String USAGE_TEXT = """
            usage: java -jar hsm-plugin-tool.jar COMMAND ARGUMENTS [OPTIONS]
              list DIR                  one line per *.wasm in DIR: metadata, sha256, and ok or INVALID
              info FILE                 metadata, sha256, size, imports, exports, memory and custom sections
              trust FILE [GRANT]        the line of hsm.plugins.trustFile that lets FILE load under the pci
                                        profile, granting GRANT (a,b,... or -, also as --grant GRANT;
                                        default: what it declares)
              sign FILE KEY [GRANT]     write FILE.sig: that line signed with the Ed25519 private key KEY
                                        (PEM), for servers whose hsm.plugins.signingKey is its public key
              validate FILE [REQUEST]   check a plugin as the server loads it, then call it once with REQUEST,
                                        else the sample request in its metadata, else its bare command code;
                                        --strict adds the rules of the bundled plugins (plugins/build.sh)
              call FILE REQUEST         load a plugin, call it once with REQUEST and print the reply
              reload --jmx URL [CODE]   reload the server's commands directory, or one command, and print the
                                        report; exit 1 when a module failed to load
              unload --jmx URL CODE     take a command out of service (the emergency stop)
              status --jmx URL [CODE]   the registry's generation and last reload, and each plugin's figures
            options of reload, unload and status:
              --user USER               the management user (WildFly hsmadmin, Payara admin)
              --password-file FILE      the file holding its password (or HSM_ADMIN_PASSWORD_FILE)
              URL                       WildFly service:jmx:remote+http://127.0.0.1:9990 (with the server's
                                        bin/client/jboss-cli-client.jar on the class path); Payara
                                        service:jmx:rmi:///jndi/rmi://127.0.0.1:8686/jmxrmi over TLS (the
                                        domain's trust store as javax.net.ssl.trustStore)
            options of validate and call:
              --config KEY=VALUE        a plugin configuration value, repeatable (default: firmware=%s;
                                        lmk.check and keytype.* come from the LMK and the security profile)
              --timeout-ms N            the call deadline in milliseconds (default %d)
              --hex HEX                 the request as hex instead of text
              --trust-file FILE         validate: the server's hsm.plugins.trustFile, to tell whether the
                                        module would be trusted (bundled modules are, FILE.sig is checked
              --signing-key KEY         with the server's hsm.plugins.signingKey)
            exit status: 0 ok, 1 invalid plugin, failure or failed reload, 2 usage error, 3 reply with an error code other than 00
            system properties: hsm.lmk.file, hsm.security.profile (pci, the default, or legacy: the bundled samples
            are the public vectors, which need legacy) and hsm.security.<setting>, as the server reads them
            """.formatted(HostConfig.DEFAULT_FIRMWARE,
            PluginLimits.DEFAULTS.callTimeout().toMillis());

    private Main() {
    }

    /**
     * Runs the tool and exits with its status.
     *
     * @param args the command and its arguments.
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs one command of the tool.
     *
     * @param args the command and its arguments.
     * @param out where the results go.
     * @param err where errors and the usage text go.
     * @return the exit status: {@link #OK}, {@link #FAILED}, {@link #USAGE} or {@link #ERROR_REPLY}.
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            if (args.length == 0) {
                throw new UsageException("no command given");
            }
            List<String> rest = Arrays.asList(args).subList(1, args.length);
            if (rest.contains("--help")) {
                out.print(USAGE_TEXT);

                return OK;
            }

            return switch (args[0]) {
                case "list" -> ListCommand.run(Options.parse(args[0], rest), out, err);
                case "info" -> InfoCommand.run(Options.parse(args[0], rest), out);
                case "validate" -> ValidateCommand.run(Options.parse(args[0], rest), out);
                case "call" -> CallCommand.run(Options.parse(args[0], rest), out, err);
                case "trust" -> TrustCommand.run(Options.parse(args[0], rest), out);
                case "sign" -> SignCommand.run(Options.parse(args[0], rest), out);
                case "reload", "unload", "status" -> ManageCommand.run(args[0], rest, out);
                case "help", "-h", "--help" -> {
                    out.print(USAGE_TEXT);
                    yield OK;
                }
                default -> throw new UsageException("unknown command " + args[0]);
            };
        } catch (UsageException e) {
            err.println("hsm-plugin-tool: " + e.getMessage());
            err.print(USAGE_TEXT);

            return USAGE;
        } catch (ToolException e) {
            err.println("hsm-plugin-tool: " + e.getMessage());

            return FAILED;
        }
    }
}
