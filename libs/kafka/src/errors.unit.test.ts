import { KafkaJSNonRetriableError, KafkaJSProtocolError } from 'kafkajs';
import { groupMembershipError, isFenced } from './errors';

const protocolError = (type: string) => Object.assign(new KafkaJSProtocolError('refused'), { type });
/** As kafkajs's retrier wraps a protocol error it gives up on. */
const wrap = (inner: Error) => Object.assign(new KafkaJSNonRetriableError(inner), { cause: inner });

describe('groupMembershipError', () => {
  it('finds the member-gone error under the wrapper commitOffsets throws', () => {
    const inner = protocolError('UNKNOWN_MEMBER_ID');
    const wrapped = wrap(inner);
    expect(groupMembershipError(wrapped)).toBe(inner);
    expect(groupMembershipError(protocolError('REBALANCE_IN_PROGRESS'))?.message).toBe('refused');
  });

  it('leaves every other error alone', () => {
    expect(groupMembershipError(wrap(protocolError('MESSAGE_TOO_LARGE')))).toBeUndefined();
    expect(groupMembershipError(new Error('socket hang up'))).toBeUndefined();
  });
});

describe('isFenced', () => {
  it('knows the epoch refusal kafkajs names and the code 90 it does not', () => {
    expect(isFenced(wrap(protocolError('INVALID_PRODUCER_EPOCH')))).toBe(true);
    const unknown = Object.assign(new KafkaJSProtocolError('unknown error code 90'), {
      type: 'KAFKAJS_UNKNOWN_ERROR_CODE',
    });
    expect(isFenced(unknown)).toBe(true);
    expect(isFenced(protocolError('CONCURRENT_TRANSACTIONS'))).toBe(false);
  });
});
