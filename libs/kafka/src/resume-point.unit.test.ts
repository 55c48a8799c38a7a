import { resumePoint } from './resume-point';

describe('resumePoint', () => {
  it('lets a batch go on when nothing past its start is done', () => {
    expect(resumePoint(100n, undefined, undefined)).toBeUndefined();
    expect(resumePoint(100n, 100n, undefined)).toBeUndefined();
    expect(resumePoint(100n, 80n, 100n)).toBeUndefined();
  });

  it("skips past this process's own commit when the group's offset was read back from before it", () => {
    expect(resumePoint(60n, 100n, undefined)).toEqual({ offset: 100n, after: 'own commit' });
    expect(resumePoint(60n, 100n, 60n)).toEqual({ offset: 100n, after: 'own commit' });
  });

  it("skips past a predecessor's later commit", () => {
    expect(resumePoint(60n, 80n, 150n)).toEqual({ offset: 150n, after: 'predecessor' });
    expect(resumePoint(60n, undefined, 150n)).toEqual({ offset: 150n, after: 'predecessor' });
  });
});
