package io.kinesisonkafka.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kinesisonkafka.lambda.internals.FilterPattern;
import org.junit.jupiter.api.Test;

class FilterPatternTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static boolean matches(String pattern, String data) throws Exception {
    return FilterPattern.compile(pattern).matches(data == null ? null : JSON.readTree(data));
  }

  @Test
  void matchesLambdasRuleSyntaxOnData() throws Exception {
    assertThat(matches("{\"data\": {\"kind\": [\"a\", \"b\"]}}", "{\"kind\": \"b\"}")).isTrue();
    assertThat(matches("{\"data\": {\"kind\": [\"a\"]}}", "{\"kind\": \"c\"}")).isFalse();
    assertThat(matches("{\"data\": {\"n\": [5]}}", "{\"n\": 5.0}")).isTrue();
    assertThat(matches("{\"data\": {\"x\": [null]}}", "{\"x\": null}")).isTrue();
    assertThat(matches("{\"data\": {\"x\": [{\"prefix\": \"ab\"}]}}", "{\"x\": \"abc\"}")).isTrue();
    assertThat(matches("{\"data\": {\"x\": [{\"suffix\": \"bc\"}]}}", "{\"x\": \"abc\"}")).isTrue();
    assertThat(
            matches("{\"data\": {\"x\": [{\"equals-ignore-case\": \"ABC\"}]}}", "{\"x\": \"abc\"}"))
        .isTrue();
    assertThat(matches("{\"data\": {\"x\": [{\"wildcard\": \"a*c\"}]}}", "{\"x\": \"abbbc\"}"))
        .isTrue();
    assertThat(matches("{\"data\": {\"x\": [{\"anything-but\": [\"a\"]}]}}", "{\"x\": \"b\"}"))
        .isTrue();
    assertThat(matches("{\"data\": {\"x\": [{\"anything-but\": [\"a\"]}]}}", "{\"x\": \"a\"}"))
        .isFalse();
    assertThat(matches("{\"data\": {\"t\": [{\"numeric\": [\">\", 0, \"<=\", 5]}]}}", "{\"t\": 5}"))
        .isTrue();
    assertThat(matches("{\"data\": {\"t\": [{\"numeric\": [\">\", 0, \"<=\", 5]}]}}", "{\"t\": 6}"))
        .isFalse();
    assertThat(matches("{\"data\": {\"x\": [{\"exists\": false}]}}", "{\"y\": 1}")).isTrue();
    assertThat(matches("{\"data\": {\"x\": [{\"exists\": true}]}}", "{\"y\": 1}")).isFalse();
    assertThat(matches("{\"data\": {\"a\": {\"b\": [\"c\"]}}}", "{\"a\": {\"b\": \"c\"}}"))
        .isTrue();
    assertThat(matches("{\"data\": {\"tags\": [\"x\"]}}", "{\"tags\": [\"w\", \"x\"]}")).isTrue();
    assertThat(
            matches(
                "{\"$or\": [{\"data\": {\"a\": [1]}}, {\"data\": {\"b\": [2]}}]}", "{\"b\": 2}"))
        .isTrue();
  }

  @Test
  void dataThatIsNotJsonMatchesNoPatternOnData() throws Exception {
    assertThat(matches("{\"data\": {\"kind\": [\"a\"]}}", null)).isFalse();
  }

  @Test
  void refusesPatternsLambdaRefuses() {
    assertThatThrownBy(() -> FilterPattern.compile("{\"data\": {\"x\": [{\"between\": 1}]}}"))
        .hasMessageContaining("unknown operator 'between'");
    assertThatThrownBy(() -> FilterPattern.compile("{\"data\": {\"x\": \"a\"}}"))
        .hasMessageContaining("must map to an object or a list");
    assertThatThrownBy(() -> FilterPattern.compile("not json")).hasMessageContaining("not JSON");
  }
}
