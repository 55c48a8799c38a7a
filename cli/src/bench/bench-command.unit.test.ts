import { report } from './bench-command';

it('writes each benchmark with its load average and its own tables, and says which failed', () => {
  const text = report(
    [
      {
        name: 'cdc-ingest',
        what: 'backlog',
        code: 0,
        seconds: 61.2,
        output: 'RUN  RATE\nbare 80k\n',
        loadBefore: [0.5, 1, 1],
        loadAfter: [1.9, 1.2, 1],
      },
      {
        name: 'lake-sink',
        what: 'rows/s',
        code: 1,
        seconds: 3,
        output: 'boom',
        loadBefore: [2, 2, 2],
        loadAfter: [2, 2, 2],
      },
    ],
    '2026-12-06',
  );
  expect(text).toContain('# Benchmarks, 2026-12-06');
  expect(text).toContain(
    '## cdc-ingest\n\nbacklog. 61 s; load average before 0.5 / 1 / 1, after 1.9 / 1.2 / 1.',
  );
  expect(text).toContain('```\nRUN  RATE\nbare 80k\n```');
  expect(text).toContain('**Failed (exit 1).**');
});
