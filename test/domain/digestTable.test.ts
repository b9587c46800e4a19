import { DigestTable } from '../../src/domain/digestTable';

const id = (i: number) =>
  `/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/snapshots/snap-${i}`;

describe('DigestTable', () => {
  it('finds every entry with its value and number after growing far past its first capacity', () => {
    const table = new DigestTable();
    for (let i = 0; i < 5_000; i++) table.set(id(i), `disk-${i % 7}`, i);
    expect(table.size).toBe(5_000);
    const wrong = [];
    for (let i = 0; i < 5_000; i++) {
      const entry = table.lookup(id(i), `disk-${i % 7}`);
      if (!entry.found || !entry.sameValue || entry.num !== i) wrong.push(i);
    }
    expect(wrong).toEqual([]);
  });

  it('tells a different value from the stored one', () => {
    const table = new DigestTable();
    table.set(id(1), 'disk-a', 5);
    expect(table.lookup(id(1), 'disk-b')).toEqual({ found: true, sameValue: false, num: 5 });
  });

  it('matches keys and values in any case', () => {
    const table = new DigestTable();
    table.set(id(1), 'Disk-A', 5);
    expect(table.lookup(id(1).toUpperCase(), 'disk-a')).toEqual({ found: true, sameValue: true, num: 5 });
  });

  it('answers nothing for a key it does not hold', () => {
    const table = new DigestTable();
    table.set(id(1), 'disk-a', 5);
    expect(table.lookup(id(2), 'disk-a')).toEqual({ found: false, sameValue: false, num: NaN });
    expect(table.addFlag(id(2), 2)).toBe(false);
    expect(table.flagsOf(id(2))).toBeUndefined();
  });

  it('keeps an entry’s flags when the entry is set again', () => {
    const table = new DigestTable();
    table.set(id(1), 'disk-a', 5);
    table.addFlag(id(1), 2);
    table.addFlag(id(1), 4);
    table.set(id(1), 'disk-b', 6);
    expect(table.size).toBe(1);
    expect(table.flagsOf(id(1))).toBe(6);
    expect(table.lookup(id(1), 'disk-b')).toEqual({ found: true, sameValue: true, num: 6 });
  });

  it('counts the entries whose flags pass a test, across growth', () => {
    const table = new DigestTable();
    for (let i = 0; i < 3_000; i++) {
      table.set(id(i), 'disk', i);
      if (i % 3 === 0) table.addFlag(id(i), 2);
    }
    expect(table.countWhere((flags) => (flags & 2) !== 0)).toBe(1_000);
    expect(table.countWhere((flags) => flags === 0)).toBe(2_000);
  });
});
