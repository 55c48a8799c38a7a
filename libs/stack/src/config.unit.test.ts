import { ConfigError, loadStackConfig } from './config';

describe('loadStackConfig', () => {
  it('uses loopback defaults when nothing is set', () => {
    const config = loadStackConfig({ HOME: '/home/dev' });
    expect(config.host).toBe('127.0.0.1');
    expect(config.ports.kafka).toBe(9092);
    expect(config.ports.registry).toBe(8081);
  });

  it('reads ports and folders from the environment', () => {
    const config = loadStackConfig({ LAKESTREAM_KAFKA_PORT: '19092', LAKESTREAM_HOME: '/tmp/ls-home' });
    expect(config.ports.kafka).toBe(19092);
    expect(config.home).toBe('/tmp/ls-home');
  });

  it('names every bad variable with what was expected', () => {
    let error: unknown;
    try {
      loadStackConfig({
        LAKESTREAM_KAFKA_PORT: 'abc',
        LAKESTREAM_S3_PORT: '70000',
        LAKESTREAM_HOME: 'relative/dir',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/LAKESTREAM_KAFKA_PORT: .*port.*"abc"/);
    expect(problems).toMatch(/LAKESTREAM_S3_PORT: expected a TCP port 1-65535, got "70000"/);
    expect(problems).toMatch(/LAKESTREAM_HOME: expected an absolute path, got "relative\/dir"/);
  });

  it('refuses two parts on one port', () => {
    expect(() => loadStackConfig({ LAKESTREAM_S3_PORT: '9092' })).toThrow(/kafka and s3 are both 9092/);
  });
});
