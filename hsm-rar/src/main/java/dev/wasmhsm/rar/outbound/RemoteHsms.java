package dev.wasmhsm.rar.outbound;

import dev.wasmhsm.client.HsmConnection;
import dev.wasmhsm.client.HsmSettings;
import jakarta.resource.spi.ResourceAllocationException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Opens a connection to the first remote HSM that answers, starting at a rotating position (failover). */
final class RemoteHsms {
    private RemoteHsms() {
    }

    /**
     * Connects to one of the HSMs.
     *
     * @param hsms the HSMs, in the configured order.
     * @param start where to begin, so that new connections spread over the HSMs that answer.
     * @return the open connection.
     * @throws ResourceAllocationException when none answers, with each one's failure.
     */
    static HsmConnection open(List<HsmSettings> hsms, int start) throws ResourceAllocationException {
        var failures = new ArrayList<String>();
        IOException last = null;
        for (int i = 0; i < hsms.size(); i++) {
            var settings = hsms.get(Math.floorMod(start + i, hsms.size()));
            try {
                return HsmConnection.open(settings);
            } catch (IOException e) {
                failures.add(settings.host() + ":" + settings.port() + " " + e);
                last = e;
            }
        }
        var error = new ResourceAllocationException("no HSM answers: " + String.join("; ", failures));
        error.initCause(last);
        throw error;
    }
}
