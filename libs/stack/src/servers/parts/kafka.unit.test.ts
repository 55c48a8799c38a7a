import { newClusterId } from './kafka';

describe('newClusterId', () => {
  it('is 16 bytes in URL-safe base64 without padding', () => {
    const id = newClusterId();
    expect(id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
    expect(Buffer.from(id, 'base64url')).toHaveLength(16);
  });

  it('draws again when the id would start with "-", which StorageTool reads as an option', () => {
    // 0xf8 encodes to '-' as the first base64url character; the second draw does not.
    const draws = [Buffer.alloc(16, 0xf8), Buffer.alloc(16, 0x01)];
    const random = jest.fn((size: number) => {
      const next = draws.shift();
      if (!next || next.length !== size) throw new Error('unexpected draw');
      return next;
    });
    const id = newClusterId(random);
    expect(Buffer.alloc(16, 0xf8).toString('base64url').startsWith('-')).toBe(true);
    expect(id).toBe(Buffer.alloc(16, 0x01).toString('base64url'));
    expect(random).toHaveBeenCalledTimes(2);
  });
});
