import { actionFingerprint } from '../../src/runner/orchestratorActions';

const activity = (input: unknown) => ({ kind: 'activity' as const, name: 'echo', input });

describe('actionFingerprint', () => {
  it('is the signature itself for a short action', () => {
    expect(actionFingerprint(activity({ n: 1 }))).toBe('activity(echo, {"n":1})');
  });

  it('tells apart two large inputs that differ only at the end', () => {
    const items = Array.from({ length: 500 }, (_, i) => `disk-${String(i)}`);
    const a = actionFingerprint(activity({ items }));
    const b = actionFingerprint(activity({ items: [...items.slice(0, -1), 'disk-other'] }));
    expect(a).not.toBe(b);
    expect(a).toBe(actionFingerprint(activity({ items: [...items] })));
    expect(a.length).toBeLessThan(200);
  });

  it('keeps a large action as its start and a digest, in ASCII', () => {
    const items = Array.from({ length: 500 }, (_, i) => `disk-${String(i)}`);
    expect(actionFingerprint(activity({ items }))).toMatch(
      /^activity\(echo, \{"items":\["disk-0","disk-1",.{100,}\.\.\. \(sha256 [0-9a-f]{16}\)$/,
    );
  });
});
