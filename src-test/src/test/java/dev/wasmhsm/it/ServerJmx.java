package dev.wasmhsm.it;

import java.io.IOException;
import java.util.List;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The plugin registry's MBeans reached the way JConsole reaches them: remote JMX through WildFly's management port,
 * or Payara's JMX connector ({@code hsm.jmx.url}, set per server by the build).
 */
final class ServerJmx implements AutoCloseable {
    static final String URL = System.getProperty("hsm.jmx.url", "service:jmx:remote+http://127.0.0.1:9990");

    private final JMXConnector connector;
    private final MBeanServerConnection server;
    private final ObjectName registry;

    ServerJmx() throws IOException, JMException {
        connector = JMXConnectorFactory.connect(new JMXServiceURL(URL));
        server = connector.getMBeanServerConnection();
        registry = new ObjectName("dev.wasmhsm:type=PluginRegistry");
    }

    String reload() throws IOException, JMException {
        return (String) server.invoke(registry, "reload", new Object[0], new String[0]);
    }

    String reload(String command) throws IOException, JMException {
        return (String) server.invoke(registry, "reload", new Object[] {command}, new String[] {"java.lang.String"});
    }

    String unload(String command) throws IOException, JMException {
        return (String) server.invoke(registry, "unload", new Object[] {command}, new String[] {"java.lang.String"});
    }

    Object pluginAttribute(String command, String name) throws IOException, JMException {
        return server.getAttribute(new ObjectName("dev.wasmhsm:type=Plugin,command=" + command), name);
    }

    boolean pluginRegistered(String command) throws IOException, JMException {
        return server.isRegistered(new ObjectName("dev.wasmhsm:type=Plugin,command=" + command));
    }

    Object attribute(String name) throws IOException, JMException {
        return server.getAttribute(registry, name);
    }

    List<String> loadedCommands() throws IOException, JMException {
        return List.of((String[]) attribute("LoadedCommands"));
    }

    /** Enters an authorised activity (through the AuthorisedState MBean, as an officer does from JConsole). */
    String authorise(String activity, String duration) throws IOException, JMException {
        return (String) server.invoke(new ObjectName("dev.wasmhsm:type=AuthorisedState"), "authorise",
                new Object[] {activity, duration}, new String[] {"java.lang.String", "java.lang.String"});
    }

    /** Leaves an authorised activity, or all of them. */
    String cancel(String activity) throws IOException, JMException {
        return (String) server.invoke(new ObjectName("dev.wasmhsm:type=AuthorisedState"), "cancel",
                new Object[] {activity}, new String[] {"java.lang.String"});
    }

    /** Reads an attribute of the AuthorisedState MBean. */
    Object authorisedAttribute(String name) throws IOException, JMException {
        return server.getAttribute(new ObjectName("dev.wasmhsm:type=AuthorisedState"), name);
    }

    @Override
    public void close() throws IOException {
        connector.close();
    }
}
