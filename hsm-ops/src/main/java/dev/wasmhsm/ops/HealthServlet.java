package dev.wasmhsm.ops;

import dev.wasmhsm.engine.status.Listeners;
import dev.wasmhsm.plugins.ejb.HsmEngineBean;
import jakarta.ejb.EJB;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /hsm/health/ready} and {@code /hsm/health/live} (and {@code /hsm/health}, both): 200 with
 * {@code "status":"UP"} or 503 with {@code "status":"DOWN"}, as MicroProfile Health answers.
 */
@WebServlet({"/health", "/health/*"})
public class HealthServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @EJB
    private transient HsmEngineBean engine;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        var path = request.getPathInfo() == null ? "" : request.getPathInfo();
        Health health;
        try {
            var state = engine.state();
            health = switch (path) {
                case "/ready" -> Health.readiness(state, Listeners.read());
                case "/live" -> Health.liveness(state);
                case "", "/" -> both(state);
                default -> null;
            };
        } catch (RuntimeException e) {
            // The engine is gone (undeploying, an EJBException) or JMX failed: not live, not ready.
            health = new Health(false, List.of());
        }
        if (health == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);

            return;
        }
        response.setStatus(health.up() ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(health.json());
    }

    private static Health both(HsmEngineBean.EngineState state) {
        var ready = Health.readiness(state, Listeners.read());
        var live = Health.liveness(state);
        var checks = new ArrayList<>(live.checks());
        checks.addAll(ready.checks());

        return new Health(ready.up() && live.up(), List.copyOf(checks));
    }
}
