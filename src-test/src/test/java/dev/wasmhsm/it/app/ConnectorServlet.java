package dev.wasmhsm.it.app;

import dev.wasmhsm.rar.api.HsmConnectionFactory;
import jakarta.resource.ResourceException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HexFormat;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * A test application in the HSM's EAR, as an application in the server uses the connector: it looks up a
 * connection factory ({@code factory}, a JNDI name), executes one command ({@code hex}) on a pooled connection,
 * and answers {@code reply=HEX}, or status 503 with {@code error=...} and its causes when the connector throws.
 * Without {@code hex} it answers the factory's connection statistics, {@code open=N inUse=M}.
 */
@WebServlet("/call")
public class ConnectorServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        try {
            var factory = (HsmConnectionFactory) new InitialContext().lookup(request.getParameter("factory"));
            if (request.getParameter("hex") == null) {
                var statistics = factory.statistics();
                response.getWriter().print("open=" + statistics.open() + " inUse=" + statistics.inUse());

                return;
            }
            try (var connection = factory.getConnection()) {
                var reply = connection.execute(HexFormat.of().parseHex(request.getParameter("hex")));
                response.getWriter().print("reply=" + HexFormat.of().withUpperCase().formatHex(reply));
            }
        } catch (NamingException | ResourceException | RuntimeException e) {
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            var text = new StringBuilder("error=").append(e);
            for (var cause = e.getCause(); cause != null; cause = cause.getCause()) {
                text.append(" / caused by ").append(cause);
            }
            response.getWriter().print(text);
        }
    }
}
