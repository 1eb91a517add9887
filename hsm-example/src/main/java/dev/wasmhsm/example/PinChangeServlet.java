package dev.wasmhsm.example;

import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The example's HTTP face, for a try by hand and for the tests: {@code /pin?op=enrol|change|state} with the
 * fields as parameters ({@code account}, {@code zpk}, {@code pvk}, {@code block}, {@code current}, {@code new},
 * {@code channel}). Answers 200 with the outcome, 409 when the HSM refused, 500 when the transaction failed.
 */
@WebServlet("/pin")
public class PinChangeServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @EJB
    private PinChangeService service;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        var account = request.getParameter("account");
        try {
            var outcome = switch (String.valueOf(request.getParameter("op"))) {
                case "enrol" -> service.enrol(account, request.getParameter("zpk"), request.getParameter("pvk"),
                        request.getParameter("block"));
                case "change" -> service.changePin(account, request.getParameter("zpk"), request.getParameter("pvk"),
                        request.getParameter("current"), request.getParameter("new"),
                        request.getParameter("channel"));
                case "state" -> service.state(account);
                default -> throw new IllegalArgumentException("op is enrol, change or state");
            };
            response.getWriter().print(outcome);
        } catch (PinChangeRefused e) {
            response.setStatus(HttpServletResponse.SC_CONFLICT);
            response.getWriter().print("refused: " + e.getMessage());
        } catch (EJBException | IllegalArgumentException e) {
            response.setStatus(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
            response.getWriter().print("failed: " + e);
        }
    }
}
