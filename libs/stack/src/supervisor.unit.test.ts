import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type SupervisorEvent, supervisor } from './supervisor';
import { waitFor } from './wait';

const node = (name: string, script: string, logFile: string) => ({
  name,
  command: process.execPath,
  args: ['-e', script],
  env: { SUPERVISED: name },
  logFile,
});

const until = (check: () => boolean, what: string) =>
  waitFor(check, { what, timeoutMs: 10_000, intervalMs: 20 });

describe('supervisor', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'supervisor-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('restarts a process that dies, waiting longer after each quick death', async () => {
    const events: SupervisorEvent[] = [];
    const log = join(dir, 'dies.log');
    const s = supervisor([node('dies', 'console.log("up", process.env.SUPERVISED); process.exit(3)', log)], {
      initialBackoffMs: 20,
      maxBackoffMs: 80,
      onEvent: (e) => events.push(e),
    });
    s.start();
    await until(() => events.filter((e) => e.event === 'started').length >= 4, 'three restarts');
    await s.stop();
    const exits = events.filter((e) => e.event === 'exited');
    expect(exits.slice(0, 3).map((e) => (e.event === 'exited' ? [e.code, e.restartInMs] : []))).toEqual([
      [3, 20],
      [3, 40],
      [3, 80],
    ]);
    expect(s.status()[0]).toMatchObject({ name: 'dies', state: 'stopped' });
    expect(readFileSync(log, 'utf8')).toContain('up dies');
  });

  it('stops with SIGTERM, and SIGKILLs what does not go within the grace period', async () => {
    const events: SupervisorEvent[] = [];
    const s = supervisor(
      [
        node(
          'polite',
          'process.on("SIGTERM", () => process.exit(0)); setInterval(() => {}, 1000)',
          join(dir, 'p.log'),
        ),
        node(
          'stubborn',
          'process.on("SIGTERM", () => {}); console.log("ready"); setInterval(() => {}, 1000)',
          join(dir, 's.log'),
        ),
      ],
      { graceMs: 300, onEvent: (e) => events.push(e) },
    );
    s.start();
    await until(
      () => readFileSync(join(dir, 's.log'), 'utf8').includes('ready'),
      'the stubborn one to be up',
    );
    await s.stop();
    const stopped = new Map(events.flatMap((e) => (e.event === 'stopped' ? [[e.name, e.forced]] : [])));
    expect(stopped).toEqual(
      new Map([
        ['polite', false],
        ['stubborn', true],
      ]),
    );
    expect(events.some((e) => e.event === 'exited')).toBe(false);
  });

  it('brings a SIGKILLed process back, as after any death', async () => {
    const events: SupervisorEvent[] = [];
    const s = supervisor([node('victim', 'setInterval(() => {}, 1000)', join(dir, 'v.log'))], {
      initialBackoffMs: 10,
      graceMs: 1_000,
      onEvent: (e) => events.push(e),
    });
    s.start();
    const first = s.pidOf('victim');
    expect(s.signal('victim', 'SIGKILL')).toBe(first);
    await until(() => s.pidOf('victim') !== undefined && s.pidOf('victim') !== first, 'a new incarnation');
    expect(s.status()[0]).toMatchObject({ restarts: 1, state: 'running', lastExit: { signal: 'SIGKILL' } });
    await s.stop();
  });

  it('pauses one process without restarting it, and resumes it', async () => {
    const s = supervisor([node('paused', 'setInterval(() => {}, 1000)', join(dir, 'x.log'))], {
      graceMs: 1_000,
    });
    s.start();
    const first = s.pidOf('paused');
    await s.pause('paused');
    expect(s.status()[0]).toMatchObject({ state: 'stopped', restarts: 0 });
    expect(s.pidOf('paused')).toBeUndefined();
    s.resume('paused');
    await until(() => s.pidOf('paused') !== undefined, 'the resumed process');
    expect(s.pidOf('paused')).not.toBe(first);
    await s.stop();
  });

  it('refuses two processes of one name', () => {
    const spec = node('twin', '', join(dir, 't.log'));
    expect(() => supervisor([spec, spec])).toThrow('two supervised processes are named twin');
  });
});
