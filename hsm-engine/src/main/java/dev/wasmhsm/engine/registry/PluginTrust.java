package dev.wasmhsm.engine.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which modules the host runs, and with which host functions: a module is trusted when its SHA-256 is in the
 * bundled manifest (the build's plugins/SHA256SUMS, inside the application: the bundled plugins, with the imports
 * their metadata declares) or in the operator's trust file, which grants each module its host functions itself.
 *
 * <p>The trust file ({@code hsm.plugins.trustFile}), UTF-8, one module a line:
 * <pre>
 * # sha256 of the module, then the host functions it may link (comma separated, or - for none).
 * 3b0c...e1f2  hsm.key_from_lmk,hsm.cvv    # CW 1.1.0, our own build
 * </pre>
 * A trust file that is a symbolic link, or that group or other may write, is refused: its entries count for
 * nothing. It is read again at every reload, so an operator's change takes effect with the next reload.
 *
 * @param required whether only trusted modules load (the PCI profile); otherwise every module loads as before.
 * @param entries the grants by SHA-256; a null grant means the module's own metadata (the bundled manifest).
 * @param problem why the trust file was refused or could not be read, or null.
 */
public record PluginTrust(boolean required, Map<String, Set<String>> entries, String problem) {
    /** The system property naming the trust file. */
    public static final String TRUST_FILE = "hsm.plugins.trustFile";

    private static final Pattern SUMS_LINE = Pattern.compile("([0-9a-f]{64}) {2}wasm/[A-Z0-9]{2}\\.wasm");
    private static final Pattern TRUST_LINE = Pattern.compile("([0-9a-fA-F]{64})\\s+(-|[a-z0-9_.]+(,[a-z0-9_.]+)*)");

    /**
     * Reads the trust of a reload, without signed modules.
     *
     * @param required whether only trusted modules load.
     * @param bundledSums the bundled manifest (plugins/SHA256SUMS), or an empty text.
     * @param trustFile the operator's trust file, or null.
     * @return the trust; a trust file that is refused or malformed leaves only the bundled entries, and says why.
     */
    public static PluginTrust read(boolean required, String bundledSums, Path trustFile) {
        return read(required, bundledSums, trustFile, null, null);
    }

    /**
     * Reads the trust of a reload: the bundled manifest, the trust file, and the signatures
     * ({@link ModuleSignature}) in the commands directory that verify with the pinned signing key.
     *
     * @param required whether only trusted modules load.
     * @param bundledSums the bundled manifest (plugins/SHA256SUMS), or an empty text.
     * @param trustFile the operator's trust file, or null.
     * @param commandsDirectory where the modules and their signatures are, or null.
     * @param signingKey the pinned Ed25519 public key (PEM), or null for no signed modules.
     * @return the trust; what is refused or malformed counts for nothing, and the trust says why.
     */
    public static PluginTrust read(boolean required, String bundledSums, Path trustFile, Path commandsDirectory,
            Path signingKey) {
        var entries = new HashMap<String, Set<String>>();
        for (var line : bundledSums.split("\n")) {
            var match = SUMS_LINE.matcher(line.strip());
            if (match.matches()) {
                entries.put(match.group(1), null);
            }
        }
        var problems = new ArrayList<String>();
        if (trustFile != null) {
            try {
                entries.putAll(parse(trustFile));
            } catch (IOException | IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        if (signingKey != null && commandsDirectory != null) {
            readSignatures(commandsDirectory, signingKey, entries, problems);
        }

        return new PluginTrust(required, entries, problems.isEmpty() ? null : String.join("; ", problems));
    }

    private static void readSignatures(Path directory, Path signingKey, Map<String, Set<String>> entries,
            List<String> problems) {
        try (var files = Files.list(directory)) {
            var key = ModuleSignature.readPublicKey(signingKey);
            for (var file : files.filter(f -> f.getFileName().toString().endsWith(".wasm" + ModuleSignature.SUFFIX))
                    .sorted().toList()) {
                try {
                    var line = ModuleSignature.verifiedLine(file, key);
                    var entry = parseLine(line, file.getFileName().toString());
                    entries.put(entry.getKey(), entry.getValue());
                } catch (IOException | IllegalArgumentException e) {
                    problems.add(e.getMessage());
                }
            }
        } catch (IOException e) {
            problems.add("signed modules: " + e.getMessage());
        }
    }

    /**
     * Tells why a module may not load, given its SHA-256 and the host functions its metadata declares.
     *
     * @param sha256 the module's SHA-256, lower-case hex.
     * @param imports the host functions it declares.
     * @return null when it may load, else the reason for the reload report.
     */
    public String refusal(String sha256, List<String> imports) {
        if (!required) {
            return null;
        }
        if (!entries.containsKey(sha256)) {
            return "untrusted: SHA-256 " + sha256.substring(0, 12) + " is neither a bundled module nor in the trust"
                    + " file" + (problem == null ? "" : " (" + problem + ")");
        }
        var grant = entries.get(sha256);
        if (grant == null || grant.containsAll(imports)) {
            return null;
        }
        var beyond = new TreeSet<>(imports);
        beyond.removeAll(grant);

        return "imports beyond the grant of the trust file: " + beyond + " (granted " + new TreeSet<>(grant) + ")";
    }

    /**
     * Formats a trust file line.
     *
     * @param sha256 the module's SHA-256.
     * @param grant the host functions granted.
     * @param comment what the module is, for the reader.
     * @return the line.
     */
    public static String line(String sha256, Set<String> grant, String comment) {
        var functions = grant.isEmpty() ? "-" : String.join(",", new TreeSet<>(grant));

        return sha256 + "  " + functions + "  # " + comment;
    }

    /**
     * Refuses a file or directory that a symbolic link leads to, or that group or other may write.
     *
     * @param path the path.
     * @param what what it is, for the message.
     * @throws IOException when it cannot be read, or with the reason it is refused.
     */
    public static void requireSafe(Path path, String what) throws IOException {
        if (Files.isSymbolicLink(path)) {
            throw new IOException(what + " " + path + " is a symbolic link");
        }
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException e) {
            return;
        }
        if (permissions.contains(PosixFilePermission.GROUP_WRITE)
                || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new IOException(what + " " + path + " is writable by group or other");
        }
    }

    private static Map<String, Set<String>> parse(Path file) throws IOException {
        requireSafe(file, "the trust file");
        var entries = new HashMap<String, Set<String>>();
        var lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int n = 0; n < lines.size(); n++) {
            var line = lines.get(n);
            if (line.strip().isEmpty() || line.strip().startsWith("#")) {
                continue;
            }
            var entry = parseLine(line, "trust file " + file + " line " + (n + 1));
            entries.put(entry.getKey(), entry.getValue());
        }

        return entries;
    }

    /** Parses {@code <sha256> <host functions, or -> [# comment]} into the hash and the grant. */
    private static Map.Entry<String, Set<String>> parseLine(String line, String where) {
        int hash = line.indexOf('#');
        var content = (hash < 0 ? line : line.substring(0, hash)).strip();
        var match = TRUST_LINE.matcher(content);
        if (!match.matches()) {
            throw new IllegalArgumentException(where + " is not like <sha256> <host functions, or ->");
        }
        var grant = match.group(2).equals("-") ? Set.<String>of()
                : Arrays.stream(match.group(2).split(",")).collect(Collectors.toUnmodifiableSet());

        return Map.entry(match.group(1).toLowerCase(Locale.ROOT), grant);
    }
}
