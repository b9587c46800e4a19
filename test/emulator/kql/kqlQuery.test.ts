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

  it.each([
    ['Resources | summarize count()', "operator 'summarize'"],
    ['ResourceContainers | take 1', "only the Resources table, not 'ResourceContainers'"],
    ['Resources | where strlen(name) == 1', "function 'strlen'"],
    ["Resources | where name == 'open", 'Unterminated string'],
  ])('refuses %s', (query, message) => {
    expect(() => parseKql(query)).toThrow(KqlError);
    expect(() => parseKql(query)).toThrow(message);
  });
});
