package dev.wasmhsm.plugins.jmx;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What JConsole shows for an MBean operation, attribute or parameter ({@link DescribedMBean}): a description, and
 * for a parameter its name (the compiled interface keeps none, so JConsole would show {@code p1}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.PARAMETER})
public @interface Described {
    /** @return the description. */
    String value();

    /** @return a parameter's name; empty for an operation or an attribute. */
    String name() default "";
}
