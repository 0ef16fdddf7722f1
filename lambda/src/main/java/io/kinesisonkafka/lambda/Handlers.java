package io.kinesisonkafka.lambda;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.KinesisTimeWindowEvent;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.function.Supplier;

/** Loads handler classes by the name Lambda's {@code Handler} setting uses. */
public final class Handlers {
  private Handlers() {}

  /**
   * Finds a handler class and checks it before any record is read: it implements {@code
   * RequestHandler}, has a public no-argument constructor, and takes a {@code KinesisEvent} (a
   * {@code KinesisTimeWindowEvent} when {@code windowed}).
   *
   * @param handler {@code com.example.MyHandler} or {@code com.example.MyHandler::handleRequest}
   * @param loader where to find the class (the function's jar)
   * @param windowed whether the mapping has tumbling windows
   * @return makes a new instance per call
   * @throws IllegalArgumentException saying why the class cannot be a handler
   */
  public static Supplier<RequestHandler<?, ?>> byName(
      String handler, ClassLoader loader, boolean windowed) {
    String className = handler;
    int sep = handler.indexOf("::");
    if (sep >= 0) {
      className = handler.substring(0, sep);
      String method = handler.substring(sep + 2);
      if (!method.equals("handleRequest")) {
        throw new IllegalArgumentException(
            "Handler "
                + handler
                + ": only RequestHandler.handleRequest can be called, not "
                + method);
      }
    }
    Class<?> type;
    try {
      type = Class.forName(className, true, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalArgumentException(
          "Handler class " + className + " cannot be loaded: " + e, e);
    }
    if (!RequestHandler.class.isAssignableFrom(type)) {
      throw new IllegalArgumentException(
          "Handler class " + className + " does not implement " + RequestHandler.class.getName());
    }
    Class<?> input = inputType(type);
    Class<?> event = windowed ? KinesisTimeWindowEvent.class : KinesisEvent.class;
    if (input != null && !input.isAssignableFrom(event)) {
      throw new IllegalArgumentException(
          "Handler class "
              + className
              + " takes "
              + input.getName()
              + "; a Kinesis mapping"
              + (windowed ? " with tumbling windows" : "")
              + " calls it with "
              + event.getName());
    }
    Constructor<?> constructor;
    try {
      constructor = type.getConstructor();
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(
          "Handler class " + className + " has no public no-argument constructor", e);
    }
    return () -> {
      try {
        return (RequestHandler<?, ?>) constructor.newInstance();
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("Handler class " + type.getName() + " failed to start", e);
      }
    };
  }

  /** The class of RequestHandler's first type argument, or null when it cannot be told. */
  private static Class<?> inputType(Class<?> type) {
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Type t : c.getGenericInterfaces()) {
        if (t instanceof ParameterizedType p && p.getRawType() == RequestHandler.class) {
          Type arg = p.getActualTypeArguments()[0];
          if (arg instanceof Class<?> k) {
            return k;
          }
          if (arg instanceof ParameterizedType pk && pk.getRawType() instanceof Class<?> k) {
            return k;
          }
          return null;
        }
      }
    }
    return null;
  }
}
