package dev.wasmhsm.ops;

import dev.wasmhsm.engine.status.Listeners;
import dev.wasmhsm.plugins.ejb.HsmEngineBean;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Readiness and liveness, in the shape of MicroProfile Health's answer ({@code {"status":"UP","checks":[...]}}),
 * so the tools that read it read this too.
 *
 * <p>Ready when every listener the adapter started is bound and accepting (and there is at least one), the engine
 * is not draining, and the plugins serve every required command. The LMK needs no check of its own: the engine
 * starts only after the LMK has loaded and the cryptographic self-tests have passed, and the application does not
 * deploy otherwise. Live while the engine answers at all.
 *
 * @param up whether every check passed.
 * @param checks each check's name, state and data, as JSON objects.
 */
record Health(boolean up, List<String> checks) {
    /**
     * Judges readiness.
     *
     * @param engine the engine's state.
     * @param listeners the listeners registered now.
     * @return the answer.
     */
    static Health readiness(HsmEngineBean.EngineState engine, List<Listeners.Listener> listeners) {
        var checks = new ArrayList<String>();
        boolean listening = !listeners.isEmpty() && listeners.stream().allMatch(Listeners.Listener::listening);
        var addresses = new StringBuilder();
        for (var listener : listeners) {
            addresses.append(addresses.isEmpty() ? "" : ",").append(listener.address()).append(listener.listening()
                    ? "" : " (stopped)");
        }
        checks.add(check("listeners", listening, "\"listeners\":\"" + addresses + "\""));
        checks.add(check("engine", !engine.draining(), "\"draining\":" + engine.draining()));
        var missing = new TreeSet<>(engine.required());
        missing.removeAll(engine.served());
        checks.add(check("plugins", missing.isEmpty() && !engine.served().isEmpty(), "\"loaded\":"
                + engine.served().size() + ",\"missing\":\"" + String.join(",", missing) + "\""));

        return new Health(listening && !engine.draining() && missing.isEmpty() && !engine.served().isEmpty(),
                List.copyOf(checks));
    }

    /**
     * Judges liveness: the engine answered.
     *
     * @param engine the engine's state.
     * @return the answer.
     */
    static Health liveness(HsmEngineBean.EngineState engine) {
        return new Health(true, List.of(check("engine", true, "\"draining\":" + engine.draining())));
    }

    /** @return the answer as JSON. */
    String json() {
        return "{\"status\":\"" + (up ? "UP" : "DOWN") + "\",\"checks\":[" + String.join(",", checks) + "]}";
    }

    private static String check(String name, boolean up, String data) {
        return "{\"name\":\"" + name + "\",\"status\":\"" + (up ? "UP" : "DOWN") + "\",\"data\":{" + data + "}}";
    }
}
