package io.kinesisonkafka.firehose.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BridgeSettingTest {
  @Test
  void theReadmeDaemonTableIsTheOneTheSettingsDeclare() throws Exception {
    assertThat(Files.readString(Path.of("..", "README.md")))
        .contains(BridgeSetting.markdownTable());
  }

  @Test
  void flagsAndEnvironmentVariablesDeriveFromTheSettingKey() {
    assertThat(BridgeSetting.FILES_ROOT.flag()).isEqualTo("--firehose-files-root");
    assertThat(BridgeSetting.FILES_ROOT.envVar()).isEqualTo("KOK_FIREHOSE_FILES_ROOT");
  }
}
