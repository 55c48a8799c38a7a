import { ConfigError } from '@lakestream/stack';
import { loadTopicsConfig } from './config';

describe('loadTopicsConfig', () => {
  it('uses the local stack broker and the local environment by default', () => {
    expect(loadTopicsConfig({ LAKESTREAM_KAFKA_PORT: '19092' })).toEqual({
      brokers: ['127.0.0.1:19092'],
      brokersFrom: 'stack',
      environment: 'local',
    });
  });

  it('takes LAKESTREAM_KAFKA_BROKERS over the stack, with names, IPv4 and IPv6 addresses', () => {
    const config = loadTopicsConfig({
      LAKESTREAM_KAFKA_BROKERS: 'b-1.msk.example.com:9098, 10.0.0.7:9092,[::1]:9092',
      LAKESTREAM_TOPICS_ENV: 'production',
      // Not read when brokers are given: a broken stack variable must not block a remote apply.
      LAKESTREAM_KAFKA_PORT: 'not a port',
    });
    expect(config).toEqual({
      brokers: ['b-1.msk.example.com:9098', '10.0.0.7:9092', '[::1]:9092'],
      brokersFrom: 'LAKESTREAM_KAFKA_BROKERS',
      environment: 'production',
    });
  });

  it.each(['localhost', 'localhost:0', 'localhost:70000', 'http://localhost:9092', ' , ', 'host:92:92'])(
    'refuses LAKESTREAM_KAFKA_BROKERS=%j, naming the variable',
    (value) => {
      expect(() => loadTopicsConfig({ LAKESTREAM_KAFKA_BROKERS: value })).toThrow(ConfigError);
      expect(() => loadTopicsConfig({ LAKESTREAM_KAFKA_BROKERS: value })).toThrow(
        /LAKESTREAM_KAFKA_BROKERS: expected/,
      );
    },
  );

  it('refuses an environment name that cannot be one', () => {
    expect(() => loadTopicsConfig({ LAKESTREAM_TOPICS_ENV: 'prod uction' })).toThrow(
      /LAKESTREAM_TOPICS_ENV: expected/,
    );
  });
});
