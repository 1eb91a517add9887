package dev.wasmhsm.tool;

import dev.wasmhsm.engine.host.HostConfig;
import dev.wasmhsm.engine.host.HostFunctions;
import dev.wasmhsm.engine.runtime.PluginLimits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A command's arguments and options, as {@code --name value} or {@code --name=value}.
 *
 * @param command the command they belong to.
 * @param arguments the arguments that are not options, in order.
 * @param config the {@code --config key=value} plugin configuration values.
 * @param timeout the {@code --timeout-ms} call deadline, or null for the default.
 * @param hex the {@code --hex} request, or null.
 * @param strict whether {@code --strict} asks for the rules of the bundled plugins too.
 * @param trustFile the {@code --trust-file} a server reads ({@code hsm.plugins.trustFile}), or null.
 * @param signingKey the {@code --signing-key} a server pins ({@code hsm.plugins.signingKey}), or null.
 * @param grant the {@code --grant} of trust and sign (host functions, comma separated, or {@code -}), or null.
 */
record Options(String command, List<String> arguments, Map<String, String> config, Duration timeout, String hex,
        boolean strict, Path trustFile, Path signingKey, String grant) {
    /**
     * Parses a command's arguments.
     *
     * @param command the command.
     * @param args what follows it on the command line.
     * @return the options.
     * @throws UsageException when an option is unknown, lacks its value or has a malformed one.
     */
    static Options parse(String command, List<String> args) throws UsageException {
        var arguments = new ArrayList<String>();
        var config = new HashMap<String, String>();
        Duration timeout = null;
        String hex = null;
        boolean strict = false;
        Path trustFile = null;
        Path signingKey = null;
        String grant = null;
        for (int i = 0; i < args.size(); i++) {
            var arg = args.get(i);
            if (!arg.startsWith("--")) {
                arguments.add(arg);

                continue;
            }
            if ("--strict".equals(arg)) {
                strict = true;

                continue;
            }
            int equals = arg.indexOf('=');
            var name = equals < 0 ? arg : arg.substring(0, equals);
            if (equals < 0 && i + 1 == args.size()) {
                throw new UsageException("option " + name + " needs a value");
            }
            var value = equals < 0 ? args.get(++i) : arg.substring(equals + 1);
            switch (name) {
                case "--config" -> {
                    int split = value.indexOf('=');
                    if (split <= 0) {
                        throw new UsageException("--config wants KEY=VALUE, was " + value);
                    }
                    if (HostFunctions.isHostValue(value.substring(0, split))) {
                        throw new UsageException(value.substring(0, split) + " is set by the host (from the LMK or the"
                                + " security profile), not by --config");
                    }
                    config.put(value.substring(0, split), value.substring(split + 1));
                }
                case "--timeout-ms" -> timeout = Duration.ofMillis(positive(name, value));
                case "--hex" -> hex = checkedHex(value);
                case "--trust-file" -> trustFile = Path.of(value);
                case "--signing-key" -> signingKey = Path.of(value);
                case "--grant" -> grant = value;
                default -> throw new UsageException("unknown option " + name);
            }
        }

        return new Options(command, List.copyOf(arguments), Map.copyOf(config), timeout, hex, strict,
                trustFile, signingKey, grant);
    }

    /**
     * Checks the number of arguments.
     *
     * @param synopsis the command's arguments, for the message.
     * @param min the fewest.
     * @param max the most.
     * @throws UsageException when there are fewer or more.
     */
    void requireArguments(String synopsis, int min, int max) throws UsageException {
        if (arguments.size() < min || arguments.size() > max) {
            throw new UsageException("wrong arguments, expected: " + command + " " + synopsis);
        }
    }

    /**
     * Checks that none of the options of validate and call was given.
     *
     * @throws UsageException when one was.
     */
    void rejectPluginOptions() throws UsageException {
        if (!config.isEmpty() || timeout != null || hex != null || strict || trustFile != null
                || signingKey != null) {
            throw new UsageException(command + " takes no --config, --timeout-ms, --hex, --strict, --trust-file or"
                    + " --signing-key");
        }
    }

    /**
     * Returns the grant of trust and sign: {@code --grant}, else the argument at the given position.
     *
     * @param index the grant argument's position.
     * @return the grant, or null when neither was given.
     * @throws UsageException when both were given.
     */
    String grant(int index) throws UsageException {
        if (grant != null && arguments.size() > index) {
            throw new UsageException("give the grant as an argument or with --grant, not both");
        }

        return grant != null ? grant : arguments.size() > index ? arguments.get(index) : null;
    }

    /**
     * Checks that {@code --grant}, an option of trust and sign only, was not given.
     *
     * @throws UsageException when it was.
     */
    void rejectGrant() throws UsageException {
        if (grant != null) {
            throw new UsageException(command + " takes no --grant");
        }
    }

    /**
     * Checks that {@code --strict}, an option of validate only, was not given.
     *
     * @throws UsageException when it was.
     */
    void rejectStrict() throws UsageException {
        if (strict || trustFile != null || signingKey != null) {
            throw new UsageException(command + " takes no --strict, --trust-file or --signing-key");
        }
    }

    /**
     * Returns an argument.
     *
     * @param index its position.
     * @return the argument.
     */
    String argument(int index) {
        return arguments.get(index);
    }

    /**
     * Returns the request: the argument at the given position as ISO-8859-1 text, or the {@code --hex} option.
     *
     * @param index the request argument's position.
     * @return the request, or empty when neither was given.
     * @throws UsageException when both were given.
     */
    Optional<byte[]> request(int index) throws UsageException {
        boolean text = arguments.size() > index;
        if (text && hex != null) {
            throw new UsageException("give the request as text or with --hex, not both");
        }
        if (hex != null) {
            return Optional.of(HexFormat.of().parseHex(hex));
        }

        return text ? Optional.of(arguments.get(index).getBytes(StandardCharsets.ISO_8859_1)) : Optional.empty();
    }

    /**
     * Returns the plugin configuration values: the server's defaults, overridden and extended by the
     * {@code --config} options.
     *
     * @return the values by key, as UTF-8.
     */
    Map<String, byte[]> pluginValues() {
        var values = HostConfig.defaultPluginValues();
        config.forEach((key, value) -> values.put(key, value.getBytes(StandardCharsets.UTF_8)));

        return values;
    }

    /**
     * Returns the limits plugins run under: the server's defaults with the {@code --timeout-ms} deadline.
     *
     * @return the limits.
     */
    PluginLimits limits() {
        var defaults = PluginLimits.DEFAULTS;
        if (timeout == null) {
            return defaults;
        }

        return new PluginLimits(timeout, defaults.maxMemoryPages(), defaults.recycleMemoryPages(),
                defaults.maxInstances(), defaults.instanceWait(), defaults.maxReplyLength());
    }

    private static int positive(String name, String value) throws UsageException {
        try {
            int number = Integer.parseInt(value);
            if (number > 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // Reported below, like a number that is not positive.
        }
        throw new UsageException(name + " wants a positive number, was " + value);
    }

    private static String checkedHex(String value) throws UsageException {
        try {
            HexFormat.of().parseHex(value);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--hex wants an even number of hex digits, was " + value);
        }

        return value;
    }
}
