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
});
