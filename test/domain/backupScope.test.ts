import { backupScopeOf } from '../../src/domain/backupScope';

const disk = (subscriptionId: string, group: string, name: string) => ({
  id: `/subscriptions/${subscriptionId}/resourceGroups/${group}/providers/Microsoft.Compute/disks/${name}`,
  name,
  subscriptionId,
});

describe('backupScopeOf', () => {
  it('lists each subscription with disks once, lower-cased and sorted', () => {
    const scope = backupScopeOf([
      disk('SUB-B', 'rg', 'a'),
      disk('sub-a', 'rg', 'b'),
      disk('sub-b', 'rg', 'c'),
    ]);
    expect(scope.subscriptionIds).toEqual(['sub-a', 'sub-b']);
  });

  it.each([
    ['in two subscriptions', [disk('s1', 'rg', 'data'), disk('s2', 'rg', 'data')], ['data']],
    ['in two resource groups, any case', [disk('s1', 'rg1', 'Data'), disk('s1', 'rg2', 'DATA')], ['data']],
    ['on one disk listed twice', [disk('s1', 'rg', 'data'), disk('S1', 'RG', 'data')], []],
    ['nowhere else', [disk('s1', 'rg', 'data'), disk('s2', 'rg', 'logs')], []],
  ])('finds the names shared %s', (_, disks, shared) => {
    expect(backupScopeOf(disks).sharedNames).toEqual(shared);
  });

  it('is empty for no disks', () => {
    expect(backupScopeOf([])).toEqual({ subscriptionIds: [], sharedNames: [] });
  });
});
