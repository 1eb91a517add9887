package dev.wasmhsm.plugins.jmx;

import java.lang.reflect.Method;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.NotificationEmitter;
import javax.management.StandardEmitterMBean;

/**
 * An MXBean whose operations, attributes and parameters carry the {@link Described} texts of its interface, and
 * which sends the notifications of an emitter.
 *
 * @param <T> the management interface.
 */
final class DescribedMBean<T> extends StandardEmitterMBean {
    private final Class<T> type;
    private final String description;

    /**
     * Wraps an implementation.
     *
     * @param implementation the bean.
     * @param type its MXBean interface.
     * @param description what the bean is, for JConsole's MBean description.
     * @param emitter where its notifications come from.
     */
    DescribedMBean(T implementation, Class<T> type, String description, NotificationEmitter emitter) {
        super(implementation, type, true, emitter);
        this.type = type;
        this.description = description;
    }

    @Override
    protected String getDescription(MBeanInfo info) {
        return description;
    }

    @Override
    protected String getDescription(MBeanOperationInfo info) {
        var method = method(info);
        var described = method == null ? null : method.getAnnotation(Described.class);

        return described == null ? super.getDescription(info) : described.value();
    }

    @Override
    protected String getDescription(MBeanAttributeInfo info) {
        for (var prefix : new String[] {"get", "is"}) {
            try {
                var described = type.getMethod(prefix + info.getName()).getAnnotation(Described.class);
                if (described != null) {
                    return described.value();
                }
            } catch (NoSuchMethodException e) {
                // Try the other prefix.
            }
        }

        return super.getDescription(info);
    }

    @Override
    protected String getDescription(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
        var described = parameter(op, sequence);

        return described == null ? super.getDescription(op, param, sequence) : described.value();
    }

    @Override
    protected String getParameterName(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
        var described = parameter(op, sequence);

        return described == null || described.name().isEmpty() ? super.getParameterName(op, param, sequence)
                : described.name();
    }

    private Described parameter(MBeanOperationInfo op, int sequence) {
        var method = method(op);
        if (method == null || sequence >= method.getParameterCount()) {
            return null;
        }

        return method.getParameters()[sequence].getAnnotation(Described.class);
    }

    /** Finds the interface method of an operation by its name and number of parameters. */
    private Method method(MBeanOperationInfo info) {
        for (var method : type.getMethods()) {
            if (method.getName().equals(info.getName()) && method.getParameterCount() == info.getSignature().length) {
                return method;
            }
        }

        return null;
    }
}
