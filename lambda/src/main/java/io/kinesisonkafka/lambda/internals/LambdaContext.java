package io.kinesisonkafka.lambda.internals;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link Context} of one invocation: its request id and the time left before the timeout. */
final class LambdaContext implements Context {
  private final String requestId;
  private final String functionName;
  private final String functionArn;
  private final int memoryMb;
  private final long deadlineNanos;
  private final Logger log;
  private LambdaLogger logger;

  /**
   * @param log the function's log ({@code lambda.<function name>}), made once per function, not per
   *     invocation
   */
  LambdaContext(
      String requestId,
      String functionName,
      String functionArn,
      int memoryMb,
      long deadlineNanos,
      Logger log) {
    this.requestId = requestId;
    this.functionName = functionName;
    this.functionArn = functionArn;
    this.memoryMb = memoryMb;
    this.deadlineNanos = deadlineNanos;
    this.log = log;
  }

  /** The function's log for a function name: what {@link #getLogger()} writes to. */
  static Logger functionLog(String functionName) {
    return LoggerFactory.getLogger("lambda." + functionName);
  }

  @Override
  public String getAwsRequestId() {
    return requestId;
  }

  @Override
  public String getLogGroupName() {
    return "/aws/lambda/" + functionName;
  }

  @Override
  public String getLogStreamName() {
    return "kinesis-on-kafka";
  }

  @Override
  public String getFunctionName() {
    return functionName;
  }

  @Override
  public String getFunctionVersion() {
    return "$LATEST";
  }

  @Override
  public String getInvokedFunctionArn() {
    return functionArn;
  }

  @Override
  public CognitoIdentity getIdentity() {
    return null;
  }

  @Override
  public ClientContext getClientContext() {
    return null;
  }

  @Override
  public int getRemainingTimeInMillis() {
    return (int) Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000);
  }

  @Override
  public int getMemoryLimitInMB() {
    return memoryMb;
  }

  @Override
  public synchronized LambdaLogger getLogger() {
    if (logger == null) {
      logger =
          new LambdaLogger() {
            @Override
            public void log(String message) {
              log.info("{} {}", requestId, message);
            }

            @Override
            public void log(byte[] message) {
              log(new String(message, StandardCharsets.UTF_8));
            }
          };
    }
    return logger;
  }
}
