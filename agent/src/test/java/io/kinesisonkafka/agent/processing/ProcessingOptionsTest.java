package io.kinesisonkafka.agent.processing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each processing option against sample lines of each log format, as the AWS agent converts them.
 */
class ProcessingOptionsTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-07T10:00:00.123Z"), ZoneOffset.UTC);

  private static DataConverter option(String json) throws Exception {
    List<String> problems = new ArrayList<>();
    DataConverter c = ProcessingOptions.parse(MAPPER.readTree(json), "option", problems, CLOCK);
    assertThat(problems).isEmpty();
    return c;
  }

  private static String convert(DataConverter c, String record) {
    byte[] out = c.convert(record.getBytes(StandardCharsets.UTF_8));
    return out == null ? null : new String(out, StandardCharsets.UTF_8);
  }

  @Test
  void singleLineTrimsAndJoinsTheLinesOfARecord() throws Exception {
    String record = "Exception in thread main\n   at a.B.c(B.java:1)\n   at a.B.d(B.java:2)\n";
    assertThat(convert(option("{\"optionName\": \"SINGLELINE\"}"), record))
        .isEqualTo("Exception in thread mainat a.B.c(B.java:1)at a.B.d(B.java:2)\n");
    assertThat(
            convert(
                option(
                    "{\"optionName\": \"SINGLELINE\", \"parseOptions\": [\"NO_TRIM\","
                        + " \"ESCAPE_NEW_LINE\"]}"),
                record))
        .isEqualTo("Exception in thread main\\n   at a.B.c(B.java:1)\\n   at a.B.d(B.java:2)\n");
  }

  @Test
  void csvToJsonNamesTheColumnsAndLeavesMissingOnesNull() throws Exception {
    DataConverter tabs =
        option(
            "{\"optionName\": \"CSVTOJSON\", \"customFieldNames\": [\"a\", \"b\", \"c\"],"
                + " \"delimiter\": \"\\\\t\"}");
    assertThat(convert(tabs, "1\t2\t3\n")).isEqualTo("{\"a\":\"1\",\"b\":\"2\",\"c\":\"3\"}\n");
    assertThat(convert(tabs, "1\t2\n")).isEqualTo("{\"a\":\"1\",\"b\":\"2\",\"c\":null}\n");
    DataConverter commas =
        option("{\"optionName\": \"CSVTOJSON\", \"customFieldNames\": [\"x\", \"y\"]}");
    assertThat(convert(commas, "p,q,r\n")).isEqualTo("{\"x\":\"p\",\"y\":\"q\"}\n");
  }

  @Test
  void logToJsonParsesCommonApacheLog() throws Exception {
    DataConverter c = option("{\"optionName\": \"LOGTOJSON\", \"logFormat\": \"COMMONAPACHELOG\"}");
    assertThat(
            convert(
                c,
                "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\""
                    + " 200 2326\n"))
        .isEqualTo(
            "{\"host\":\"127.0.0.1\",\"ident\":null,\"authuser\":\"frank\",\"datetime\":"
                + "\"10/Oct/2000:13:55:36 -0700\",\"request\":\"GET /apache_pb.gif HTTP/1.0\","
                + "\"response\":\"200\",\"bytes\":\"2326\"}\n");
  }

  @Test
  void logToJsonParsesCombinedApacheLog() throws Exception {
    DataConverter c =
        option("{\"optionName\": \"LOGTOJSON\", \"logFormat\": \"COMBINEDAPACHELOG\"}");
    assertThat(
            convert(
                c,
                "192.168.1.20 - - [07/Dec/2026:10:00:00 +0000] \"POST /api/orders HTTP/1.1\" 201"
                    + " - \"http://shop.example.com/cart\" \"Mozilla/5.0 (X11; Linux x86_64)\"\n"))
        .isEqualTo(
            "{\"host\":\"192.168.1.20\",\"ident\":null,\"authuser\":null,\"datetime\":"
                + "\"07/Dec/2026:10:00:00 +0000\",\"request\":\"POST /api/orders HTTP/1.1\","
                + "\"response\":\"201\",\"bytes\":null,\"referer\":\"http://shop.example.com/cart\","
                + "\"agent\":\"Mozilla/5.0 (X11; Linux x86_64)\"}\n");
  }

  @Test
  void logToJsonParsesApacheErrorLog() throws Exception {
    DataConverter c = option("{\"optionName\": \"LOGTOJSON\", \"logFormat\": \"APACHEERRORLOG\"}");
    assertThat(
            convert(
                c,
                "[Fri Sep 09 10:42:29.902022 2011] [core:error] [pid 35708:tid 4328636416]"
                    + " [client 72.15.99.187] File does not exist: /usr/local/apache2/htdocs/favicon.ico\n"))
        .isEqualTo(
            "{\"timestamp\":\"Fri Sep 09 10:42:29.902022 2011\",\"module\":\"core\",\"severity\":"
                + "\"error\",\"processid\":\"35708\",\"threadid\":\"4328636416\",\"client\":"
                + "\"72.15.99.187\",\"message\":\"File does not exist:"
                + " /usr/local/apache2/htdocs/favicon.ico\"}\n");
    assertThat(
            convert(
                c,
                "[Fri Sep 09 10:42:29 2011] [core:error] [pid 35708:tid 4328636416] [client"
                    + " 72.15.99.187] File does not exist: /favicon.ico\n"))
        .isEqualTo(
            "{\"timestamp\":\"Fri Sep 09 10:42:29 2011\",\"module\":\"core\",\"severity\":"
                + "\"error\",\"processid\":\"35708\",\"threadid\":\"4328636416\",\"client\":"
                + "\"72.15.99.187\",\"message\":\"File does not exist: /favicon.ico\"}\n");
  }

  @Test
  void logToJsonParsesSyslogAndRfc3339Syslog() throws Exception {
    DataConverter syslog = option("{\"optionName\": \"LOGTOJSON\", \"logFormat\": \"SYSLOG\"}");
    assertThat(
            convert(
                syslog,
                "Mar 12 12:00:08 server2 rcd[308]: Loaded 12 packages in 'ximian-red-carpet|351'"
                    + " (0.01878 seconds)\n"))
        .isEqualTo(
            "{\"timestamp\":\"Mar 12 12:00:08\",\"hostname\":\"server2\",\"program\":\"rcd\","
                + "\"processid\":\"308\",\"message\":\"Loaded 12 packages in"
                + " 'ximian-red-carpet|351' (0.01878 seconds)\"}\n");
    assertThat(convert(syslog, "Mar 12 12:00:08 server2 kernel: eth0 up\n"))
        .isEqualTo(
            "{\"timestamp\":\"Mar 12 12:00:08\",\"hostname\":\"server2\",\"program\":\"kernel\","
                + "\"processid\":null,\"message\":\"eth0 up\"}\n");
    DataConverter rfc = option("{\"optionName\": \"LOGTOJSON\", \"logFormat\": \"RFC3339SYSLOG\"}");
    assertThat(convert(rfc, "2026-12-07T10:00:00.123+01:00 web-1 nginx[77]: started\n"))
        .isEqualTo(
            "{\"timestamp\":\"2026-12-07T10:00:00.123+01:00\",\"hostname\":\"web-1\",\"program\":"
                + "\"nginx\",\"processid\":\"77\",\"message\":\"started\"}\n");
  }

  @Test
  void logToJsonSkipsALineThatDoesNotMatchItsFormatAsTheAwsAgentDoes() throws Exception {
    DataConverter c = option("{\"optionName\": \"LOGTOJSON\", \"logFormat\": \"COMMONAPACHELOG\"}");
    assertThat(convert(c, "this is not an access log line\n")).isNull();
    DataConverter syslog = option("{\"optionName\": \"LOGTOJSON\", \"logFormat\": \"SYSLOG\"}");
    assertThat(convert(syslog, "2026-12-07T10:00:00Z web-1 nginx[77]: started\n")).isNull();
  }

  @Test
  void logToJsonTakesAMatchPatternWithItsFieldNamesAndPrettyPrints() throws Exception {
    DataConverter c =
        option(
            "{\"optionName\": \"LOGTOJSON\", \"logFormat\": \"SYSLOG\", \"matchPattern\":"
                + " \"^(\\\\w+) (\\\\d+)$\", \"customFieldNames\": [\"word\", \"number\"],"
                + " \"jsonFormat\": \"PRETTYPRINT\"}");
    assertThat(convert(c, "hello 42\n"))
        .isEqualTo("{\n  \"word\" : \"hello\",\n  \"number\" : \"42\"\n}\n");
    DataConverter renamed =
        option(
            "{\"optionName\": \"LOGTOJSON\", \"logFormat\": \"SYSLOG\", \"customFieldNames\":"
                + " [\"t\", \"h\", \"p\", \"pid\", \"m\"]}");
    assertThat(convert(renamed, "Mar 12 12:00:08 server2 kernel: up\n"))
        .isEqualTo(
            "{\"t\":\"Mar 12 12:00:08\",\"h\":\"server2\",\"p\":\"kernel\",\"pid\":null,"
                + "\"m\":\"up\"}\n");
  }

  @Test
  void addMetadataWrapsTheRecordWithATimestamp() throws Exception {
    DataConverter c =
        option(
            "{\"optionName\": \"ADDMETADATA\", \"timestamp\": \"true\", \"metadata\":"
                + " {\"ServerType\": \"web\", \"Region\": \"eu\"}}");
    assertThat(convert(c, "line one\n"))
        .isEqualTo(
            "{\"ts\":\"2026-12-07T10:00:00.123Z\",\"metadata\":{\"ServerType\":\"web\","
                + "\"Region\":\"eu\"},\"data\":\"line one\"}\n");
  }

  @Test
  void addBracketsWrapsTheRecordInBraces() throws Exception {
    assertThat(convert(option("{\"optionName\": \"ADDBRACKETS\"}"), "\"a\":1\n"))
        .isEqualTo("{\"a\":1}\n");
  }

  @Test
  void optionsApplyInOrder() throws Exception {
    DataConverter log =
        option("{\"optionName\": \"LOGTOJSON\", \"logFormat\": \"COMMONAPACHELOG\"}");
    DataConverter meta =
        option("{\"optionName\": \"ADDMETADATA\", \"metadata\": {\"host\": \"web-1\"}}");
    byte[] out =
        meta.convert(
            log.convert(
                "1.2.3.4 - - [07/Dec/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 5\n"
                    .getBytes(StandardCharsets.UTF_8)));
    assertThat(new String(out, StandardCharsets.UTF_8))
        .startsWith("{\"metadata\":{\"host\":\"web-1\"},\"data\":\"{\\\"host\\\":\\\"1.2.3.4\\\"");
  }
}
