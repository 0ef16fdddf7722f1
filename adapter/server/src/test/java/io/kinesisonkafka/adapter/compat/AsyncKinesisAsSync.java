package io.kinesisonkafka.adapter.compat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.KinesisServiceClientConfiguration;
import software.amazon.awssdk.services.kinesis.model.AddTagsToStreamRequest;
import software.amazon.awssdk.services.kinesis.model.AddTagsToStreamResponse;
import software.amazon.awssdk.services.kinesis.model.CreateStreamRequest;
import software.amazon.awssdk.services.kinesis.model.CreateStreamResponse;
import software.amazon.awssdk.services.kinesis.model.DecreaseStreamRetentionPeriodRequest;
import software.amazon.awssdk.services.kinesis.model.DecreaseStreamRetentionPeriodResponse;
import software.amazon.awssdk.services.kinesis.model.DeleteStreamRequest;
import software.amazon.awssdk.services.kinesis.model.DeleteStreamResponse;
import software.amazon.awssdk.services.kinesis.model.DeregisterStreamConsumerRequest;
import software.amazon.awssdk.services.kinesis.model.DeregisterStreamConsumerResponse;
import software.amazon.awssdk.services.kinesis.model.DescribeAccountSettingsRequest;
import software.amazon.awssdk.services.kinesis.model.DescribeAccountSettingsResponse;
import software.amazon.awssdk.services.kinesis.model.DescribeLimitsRequest;
import software.amazon.awssdk.services.kinesis.model.DescribeLimitsResponse;
import software.amazon.awssdk.services.kinesis.model.DescribeStreamConsumerRequest;
import software.amazon.awssdk.services.kinesis.model.DescribeStreamConsumerResponse;
import software.amazon.awssdk.services.kinesis.model.DescribeStreamRequest;
import software.amazon.awssdk.services.kinesis.model.DescribeStreamResponse;
import software.amazon.awssdk.services.kinesis.model.DescribeStreamSummaryRequest;
import software.amazon.awssdk.services.kinesis.model.DescribeStreamSummaryResponse;
import software.amazon.awssdk.services.kinesis.model.DisableEnhancedMonitoringRequest;
import software.amazon.awssdk.services.kinesis.model.DisableEnhancedMonitoringResponse;
import software.amazon.awssdk.services.kinesis.model.EnableEnhancedMonitoringRequest;
import software.amazon.awssdk.services.kinesis.model.EnableEnhancedMonitoringResponse;
import software.amazon.awssdk.services.kinesis.model.GetRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorResponse;
import software.amazon.awssdk.services.kinesis.model.IncreaseStreamRetentionPeriodRequest;
import software.amazon.awssdk.services.kinesis.model.IncreaseStreamRetentionPeriodResponse;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.ListStreamConsumersRequest;
import software.amazon.awssdk.services.kinesis.model.ListStreamConsumersResponse;
import software.amazon.awssdk.services.kinesis.model.ListStreamsRequest;
import software.amazon.awssdk.services.kinesis.model.ListStreamsResponse;
import software.amazon.awssdk.services.kinesis.model.ListTagsForResourceRequest;
import software.amazon.awssdk.services.kinesis.model.ListTagsForResourceResponse;
import software.amazon.awssdk.services.kinesis.model.ListTagsForStreamRequest;
import software.amazon.awssdk.services.kinesis.model.ListTagsForStreamResponse;
import software.amazon.awssdk.services.kinesis.model.MergeShardsRequest;
import software.amazon.awssdk.services.kinesis.model.MergeShardsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.RegisterStreamConsumerRequest;
import software.amazon.awssdk.services.kinesis.model.RegisterStreamConsumerResponse;
import software.amazon.awssdk.services.kinesis.model.RemoveTagsFromStreamRequest;
import software.amazon.awssdk.services.kinesis.model.RemoveTagsFromStreamResponse;
import software.amazon.awssdk.services.kinesis.model.SplitShardRequest;
import software.amazon.awssdk.services.kinesis.model.SplitShardResponse;
import software.amazon.awssdk.services.kinesis.model.StartStreamEncryptionRequest;
import software.amazon.awssdk.services.kinesis.model.StartStreamEncryptionResponse;
import software.amazon.awssdk.services.kinesis.model.StopStreamEncryptionRequest;
import software.amazon.awssdk.services.kinesis.model.StopStreamEncryptionResponse;
import software.amazon.awssdk.services.kinesis.model.TagResourceRequest;
import software.amazon.awssdk.services.kinesis.model.TagResourceResponse;
import software.amazon.awssdk.services.kinesis.model.UntagResourceRequest;
import software.amazon.awssdk.services.kinesis.model.UntagResourceResponse;
import software.amazon.awssdk.services.kinesis.model.UpdateMaxRecordSizeRequest;
import software.amazon.awssdk.services.kinesis.model.UpdateMaxRecordSizeResponse;
import software.amazon.awssdk.services.kinesis.model.UpdateShardCountRequest;
import software.amazon.awssdk.services.kinesis.model.UpdateShardCountResponse;
import software.amazon.awssdk.services.kinesis.model.UpdateStreamModeRequest;
import software.amazon.awssdk.services.kinesis.model.UpdateStreamModeResponse;

/**
 * The async client behind the sync client's API, so one suite runs through both: each call is the
 * async call joined, and a failure is rethrown as the exception the sync client would throw (the
 * modelled {@code KinesisException} subclass, not a {@code CompletionException}).
 */
final class AsyncKinesisAsSync implements KinesisClient {
  private final KinesisAsyncClient async;

  AsyncKinesisAsSync(KinesisAsyncClient async) {
    this.async = async;
  }

  KinesisAsyncClient async() {
    return async;
  }

  static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        r.addSuppressed(new Exception("joined here"));
        throw r;
      }
      throw e;
    }
  }

  @Override
  public String serviceName() {
    return async.serviceName();
  }

  @Override
  public KinesisServiceClientConfiguration serviceClientConfiguration() {
    return async.serviceClientConfiguration();
  }

  @Override
  public void close() {
    async.close();
  }

  @Override
  public AddTagsToStreamResponse addTagsToStream(AddTagsToStreamRequest request) {
    return join(async.addTagsToStream(request));
  }

  @Override
  public CreateStreamResponse createStream(CreateStreamRequest request) {
    return join(async.createStream(request));
  }

  @Override
  public DecreaseStreamRetentionPeriodResponse decreaseStreamRetentionPeriod(
      DecreaseStreamRetentionPeriodRequest request) {
    return join(async.decreaseStreamRetentionPeriod(request));
  }

  @Override
  public DeleteStreamResponse deleteStream(DeleteStreamRequest request) {
    return join(async.deleteStream(request));
  }

  @Override
  public DeregisterStreamConsumerResponse deregisterStreamConsumer(
      DeregisterStreamConsumerRequest request) {
    return join(async.deregisterStreamConsumer(request));
  }

  @Override
  public DescribeAccountSettingsResponse describeAccountSettings(
      DescribeAccountSettingsRequest request) {
    return join(async.describeAccountSettings(request));
  }

  @Override
  public DescribeLimitsResponse describeLimits(DescribeLimitsRequest request) {
    return join(async.describeLimits(request));
  }

  @Override
  public DescribeStreamResponse describeStream(DescribeStreamRequest request) {
    return join(async.describeStream(request));
  }

  @Override
  public DescribeStreamConsumerResponse describeStreamConsumer(
      DescribeStreamConsumerRequest request) {
    return join(async.describeStreamConsumer(request));
  }

  @Override
  public DescribeStreamSummaryResponse describeStreamSummary(DescribeStreamSummaryRequest request) {
    return join(async.describeStreamSummary(request));
  }

  @Override
  public DisableEnhancedMonitoringResponse disableEnhancedMonitoring(
      DisableEnhancedMonitoringRequest request) {
    return join(async.disableEnhancedMonitoring(request));
  }

  @Override
  public EnableEnhancedMonitoringResponse enableEnhancedMonitoring(
      EnableEnhancedMonitoringRequest request) {
    return join(async.enableEnhancedMonitoring(request));
  }

  @Override
  public GetRecordsResponse getRecords(GetRecordsRequest request) {
    return join(async.getRecords(request));
  }

  @Override
  public GetShardIteratorResponse getShardIterator(GetShardIteratorRequest request) {
    return join(async.getShardIterator(request));
  }

  @Override
  public IncreaseStreamRetentionPeriodResponse increaseStreamRetentionPeriod(
      IncreaseStreamRetentionPeriodRequest request) {
    return join(async.increaseStreamRetentionPeriod(request));
  }

  @Override
  public ListShardsResponse listShards(ListShardsRequest request) {
    return join(async.listShards(request));
  }

  @Override
  public ListStreamConsumersResponse listStreamConsumers(ListStreamConsumersRequest request) {
    return join(async.listStreamConsumers(request));
  }

  @Override
  public ListStreamsResponse listStreams(ListStreamsRequest request) {
    return join(async.listStreams(request));
  }

  @Override
  public ListTagsForResourceResponse listTagsForResource(ListTagsForResourceRequest request) {
    return join(async.listTagsForResource(request));
  }

  @Override
  public ListTagsForStreamResponse listTagsForStream(ListTagsForStreamRequest request) {
    return join(async.listTagsForStream(request));
  }

  @Override
  public MergeShardsResponse mergeShards(MergeShardsRequest request) {
    return join(async.mergeShards(request));
  }

  @Override
  public PutRecordResponse putRecord(PutRecordRequest request) {
    return join(async.putRecord(request));
  }

  @Override
  public PutRecordsResponse putRecords(PutRecordsRequest request) {
    return join(async.putRecords(request));
  }

  @Override
  public RegisterStreamConsumerResponse registerStreamConsumer(
      RegisterStreamConsumerRequest request) {
    return join(async.registerStreamConsumer(request));
  }

  @Override
  public RemoveTagsFromStreamResponse removeTagsFromStream(RemoveTagsFromStreamRequest request) {
    return join(async.removeTagsFromStream(request));
  }

  @Override
  public SplitShardResponse splitShard(SplitShardRequest request) {
    return join(async.splitShard(request));
  }

  @Override
  public StartStreamEncryptionResponse startStreamEncryption(StartStreamEncryptionRequest request) {
    return join(async.startStreamEncryption(request));
  }

  @Override
  public StopStreamEncryptionResponse stopStreamEncryption(StopStreamEncryptionRequest request) {
    return join(async.stopStreamEncryption(request));
  }

  @Override
  public TagResourceResponse tagResource(TagResourceRequest request) {
    return join(async.tagResource(request));
  }

  @Override
  public UntagResourceResponse untagResource(UntagResourceRequest request) {
    return join(async.untagResource(request));
  }

  @Override
  public UpdateMaxRecordSizeResponse updateMaxRecordSize(UpdateMaxRecordSizeRequest request) {
    return join(async.updateMaxRecordSize(request));
  }

  @Override
  public UpdateShardCountResponse updateShardCount(UpdateShardCountRequest request) {
    return join(async.updateShardCount(request));
  }

  @Override
  public UpdateStreamModeResponse updateStreamMode(UpdateStreamModeRequest request) {
    return join(async.updateStreamMode(request));
  }
}
