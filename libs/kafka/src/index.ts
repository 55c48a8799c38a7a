export { connectKafka, type KafkaConnection, type StructuredLog } from './client';
export { deadLetter, dlqHeader, type Failure, type FailureStage } from './dead-letter';
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
export { type Membership, watchMembership } from './membership';
export { type LoopMetrics, loopMetrics } from './metrics';
