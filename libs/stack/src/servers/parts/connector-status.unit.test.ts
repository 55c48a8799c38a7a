import { type ConnectorStatus, connectorHealth, failureOf } from './connector-status';

const status = (connector: string, ...tasks: string[]): ConnectorStatus => ({
  connector: { state: connector },
  tasks: tasks.map((state) => ({
    state,
    ...(state === 'FAILED'
      ? { trace: 'org.apache.kafka.connect.errors.ConnectException: broker away\n\tat …' }
      : {}),
  })),
});

describe("a connector's health from Connect's status", () => {
  it('is running only when the connector and at least one task run, all of them', () => {
    expect(connectorHealth(status('RUNNING', 'RUNNING'))).toBe('running');
    expect(connectorHealth(status('RUNNING'))).toBe('starting');
    expect(connectorHealth(status('RUNNING', 'RUNNING', 'UNASSIGNED'))).toBe('starting');
    expect(connectorHealth(status('UNASSIGNED', 'RUNNING'))).toBe('starting');
    expect(connectorHealth(undefined)).toBe('absent');
  });

  it('is failed when the connector or any task failed, and says why in one line', () => {
    expect(connectorHealth(status('RUNNING', 'RUNNING', 'FAILED'))).toBe('failed');
    expect(connectorHealth(status('FAILED', 'RUNNING'))).toBe('failed');
    expect(failureOf(status('RUNNING', 'FAILED'))).toBe(
      'org.apache.kafka.connect.errors.ConnectException: broker away',
    );
    expect(failureOf(status('RUNNING', 'RUNNING'))).toBeUndefined();
  });
});
