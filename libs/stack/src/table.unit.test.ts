import { formatBytes, renderTable } from './table';

describe('renderTable', () => {
  it('aligns every column to its widest cell', () => {
    const text = renderTable(
      ['PART', 'STATE'],
      [
        ['kafka', 'healthy'],
        ['dynamodb', 'stopped'],
      ],
    );
    expect(text.split('\n')).toEqual([
      'PART      STATE',
      '--------  -------',
      'kafka     healthy',
      'dynamodb  stopped',
    ]);
  });

  it('formats memory in binary units', () => {
    expect(formatBytes(undefined)).toBe('-');
    expect(formatBytes(512 * 1024)).toBe('512 KiB');
    expect(formatBytes(370 * 1024 * 1024)).toBe('370 MiB');
  });
});
