package dev.wasmhsm.ops;

import dev.wasmhsm.engine.metrics.MetricsAccess;
import dev.wasmhsm.engine.metrics.PrometheusText;
import dev.wasmhsm.engine.status.Listeners;
import dev.wasmhsm.plugins.ejb.HsmEngineBean;
import jakarta.ejb.EJB;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.jboss.logging.Logger;

/**
 * {@code GET /hsm/metrics}: the engine's and the listeners' metrics in the Prometheus text format, for the clients
 * and the bearer token {@link MetricsAccess} allows.
 */
@WebServlet("/metrics")
public class MetricsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(MetricsServlet.class);

    @EJB
    private transient HsmEngineBean engine;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        var out = new PrometheusText();
        try {
            if (!allowed(request, response)) {
                return;
            }
            engine.writeMetrics(out);
            var listeners = Listeners.read();
            Listeners.write(out, listeners);
            var health = Health.readiness(engine.state(), listeners);
            out.family("hsm_ready", "gauge", "1 when the node is ready for traffic (/hsm/health/ready).");
            out.sample("hsm_ready", health.up() ? 1 : 0);
        } catch (RuntimeException e) {
            // The engine is gone (undeploying) or JMX failed: a plain 503, never the container's error page.
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);

            return;
        }
        response.setContentType(PrometheusText.CONTENT_TYPE);
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(out.toString());
    }

    /** Answers 403 or 401 and logs the refusal, unless the rules let this scrape in. */
    private boolean allowed(HttpServletRequest request, HttpServletResponse response) throws IOException {
        var client = String.valueOf(request.getRemoteAddr());
        var decision = engine.metricsAccess().decide(client, request.getHeader("Authorization"));
        if (decision == MetricsAccess.Decision.ALLOWED) {
            return true;
        }
        var forbidden = decision == MetricsAccess.Decision.CLIENT_REFUSED;
        LOG.warnf("event=metrics.refused client=%s description=\"%s\"", client.replaceAll("[^0-9A-Fa-f.:%]", "_"),
                forbidden ? "not in hsm.metrics.allowedClients" : "no bearer token, or not the token");
        if (!forbidden) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"hsm-metrics\"");
        }
        response.sendError(forbidden ? HttpServletResponse.SC_FORBIDDEN : HttpServletResponse.SC_UNAUTHORIZED);

        return false;
    }
}
