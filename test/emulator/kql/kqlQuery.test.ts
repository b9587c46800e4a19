import { KqlError, parseKql, type Row } from '../../../src/emulator/kql/kqlQuery';

const rows: Row[] = [
  {
    id: '/a',
    name: 'Alpha',
    type: 'microsoft.compute/disks',
    tags: { Env: 'prod', aksSnapshotBackupEnabled: 'true', at: '2026-11-24T23:00:00.000Z' },
    properties: { size: 32 },
  },
  {
    id: '/b',
    name: 'beta',
    type: 'microsoft.compute/disks',
    tags: { env: 'dev', at: '2026-11-25T01:00:00Z' },
    properties: { size: 8 },
  },
  { id: '/c', name: 'gamma', type: 'microsoft.network/publicipaddresses', tags: {}, properties: {} },
];
const names = (query: string): unknown[] =>
  parseKql(query)
    .run(rows)
    .map((r) => r.name);

describe('parseKql', () => {
  it.each([
    ["Resources | where name == 'beta'", ['beta']],
    ["Resources | where name == 'BETA'", []],
    ["Resources | where name =~ 'BETA'", ['beta']],
    ["Resources | where name !~ 'beta'", ['Alpha', 'gamma']],
    ["Resources | where type contains 'COMPUTE'", ['Alpha', 'beta']],
    ["Resources | where type !contains 'compute'", ['gamma']],
    ["Resources | where tags['env'] == 'dev'", ['beta']],
    ["Resources | where tags.Env == 'prod'", ['Alpha']],
    ["Resources | where isnotempty(tags['Env']) or isnotempty(tags['env'])", ['Alpha', 'beta']],
    ["Resources | where name in~ ('ALPHA', 'gamma')", ['Alpha', 'gamma']],
    ["Resources | where name in ('ALPHA', 'gamma')", ['gamma']],
    ['Resources | where properties.size == 32', ['Alpha']],
    ["Resources | where not(name startswith 'g') and type has 'disks'", ['Alpha', 'beta']],
    ['Resources | where tostring(tags) contains \'"akssnapshotbackupenabled":\'', ['Alpha']],
    ['Resources | order by name desc', ['gamma', 'beta', 'Alpha']],
    ['Resources | where properties.size >= 8 and properties.size < 32', ['beta']],
    ["Resources | where todatetime(tags['at']) <= todatetime('2026-11-25T00:00:00Z')", ['Alpha']],
    ["Resources | where todatetime(tags['at']) > todatetime('2026-11-25T00:00:00Z')", ['beta']],
    ["Resources | where name > 'a'", []],
    ['Resources | order by id asc | take 2', ['Alpha', 'beta']],
  ])('%s', (query, expected) => {
    expect(names(query)).toEqual(expected);
  });

  it('projects and extends columns', () => {
    expect(
      parseKql(
        "Resources | where id == '/a' | project id, size = properties.size, lower = tolower(name)",
      ).run(rows),
    ).toEqual([{ id: '/a', size: 32, lower: 'alpha' }]);
    expect(
      parseKql("Resources | extend n = toupper(name) | where n == 'BETA' | project id").run(rows),
    ).toEqual([{ id: '/b' }]);
  });

  it('summarizes count, min and max by group', () => {
    expect(
      parseKql(
        'Resources | summarize n = count(), smallest = min(properties.size), largest = max(properties.size) by kind = type',
      ).run(rows),
    ).toEqual([
      { kind: 'microsoft.compute/disks', n: 2, smallest: 8, largest: 32 },
      { kind: 'microsoft.network/publicipaddresses', n: 1, smallest: null, largest: null },
    ]);
  });

  it('gives datetime aggregates back as ISO strings', () => {
    expect(
      parseKql(
        "Resources | where isnotempty(tags['at']) | summarize first = min(todatetime(tags['at'])), last = max(todatetime(tags['at']))",
      ).run(rows),
    ).toEqual([{ first: '2026-11-24T23:00:00.000Z', last: '2026-11-25T01:00:00.000Z' }]);
  });

  it('counts zero rows as one row without `by`, and as no rows with it', () => {
    expect(parseKql("Resources | where name == 'none' | summarize count()").run(rows)).toEqual([
      { count_: 0 },
    ]);
    expect(parseKql("Resources | where name == 'none' | summarize count() by type").run(rows)).toEqual([]);
  });

  it.each([
    ['Resources | summarize n = avg(properties.size)', "count(), min(x) and max(x), not 'avg'"],
    ['Resources | summarize min()', 'min() takes one argument'],
    ['Resources | distinct name', "operator 'distinct'"],
    ['ResourceContainers | take 1', "only the Resources table, not 'ResourceContainers'"],
    ['Resources | where strlen(name) == 1', "function 'strlen'"],
    ["Resources | where name == 'open", 'Unterminated string'],
  ])('refuses %s', (query, message) => {
    expect(() => parseKql(query)).toThrow(KqlError);
    expect(() => parseKql(query)).toThrow(message);
  });
});
