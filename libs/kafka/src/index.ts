export { chunksBySize } from './chunks';
export { type ClaimCheck, claimCheck, storeClaimCheck } from './claim-check';
export { connectKafka, type KafkaConnection, type StructuredLog } from './client';
export {
  applyReplay,
  committedOffsets,
  groupLag,
  liveMembers,
  type PartitionLag,
  parseReplayTarget,
  partitionLag,
  planReplay,
  type ReplayMove,
  type ReplayTarget,
} from './consumer-groups';
export { deadLetter, dlqHeader, type Failure, type FailureStage } from './dead-letter';
export { deadLetterEnvShape } from './dead-letter-env';
export {
  type DeadLetterPublisher,
  type DeadLetterPublisherOptions,
  deadLetterPublisher,
} from './dead-letter-publisher';
export { describeTopicLimits } from './describe-limits';
export { groupMembershipError, isFenced, isTooLarge, type KafkaErrorCode, kafkaErrorCodes } from './errors';
export {
  type ExactlyOnceLoop,
  type ExactlyOnceOptions,
  exactlyOnceLoop,
  type IncomingRecord,
  type LoopState,
  type OutgoingRecord,
  type Transform,
} from './exactly-once';
export { keyPartition, murmur2 } from './key-partition';
export { groupCaughtUp } from './lag';
export { type MarkerBatch, markerBatch, onMarkerBatch } from './marker-batches';
export { type Membership, watchMembership } from './membership';
export {
  type ConsumerMetrics,
  consumerMetrics,
  deadLetterCounter,
  type LoopMetrics,
  loopMetrics,
  type OversizeMetrics,
  oversizeMetrics,
} from './metrics';
export { fitDeadLetter, fitOutputs, type Oversize } from './oversize';
export { partitionCounts } from './partition-counts';
export { type InputPartition, transactionalIdOf } from './partition-producers';
export { type ReadToEndOptions, readToEnd } from './read-to-end';
export { recordSize } from './record-size';
export { isSettling, whenSettled } from './settling';
export { type DescribeLimits, type TopicLimits, topicLimits } from './topic-limits';
export { transactionalEnvShape, transactionalIdPrefix } from './transactional-env';
