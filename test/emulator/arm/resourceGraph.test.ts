import type { ResourceGraphClient } from '@azure/arm-resourcegraph';
import { resourceGraphClient } from '../../../src/azure/azureConnection';
import { LocalAzure } from '../../../src/emulator/localAzure';
import { VirtualClock } from '../../../src/runtime/clock';
import { SUB_A, SUB_B, smallFleet } from '../testFleet';

let local: LocalAzure;
let graph: ResourceGraphClient;

beforeAll(async () => {
  local = await LocalAzure.start({
    fixture: smallFleet(1_200),
    clock: new VirtualClock(new Date('2026-11-25T00:00:00Z')),
    catalogTableName: 'akssnapshotbackup',
  });
  graph = resourceGraphClient(local.connection());
});
afterAll(async () => {
  await local.stop();
});

/** Pages through a query the way our inventory does: $skipToken until none is returned. */
async function queryAll(
  query: string,
  subscriptions: string[] = [SUB_A, SUB_B],
): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  let skipToken: string | undefined;
  let pages = 0;
  do {
    const page = await graph.resources({
      subscriptions,
      query,
      options: { resultFormat: 'objectArray', ...(skipToken === undefined ? {} : { skipToken }) },
    });
    pages += 1;
    rows.push(...(page.data as Record<string, unknown>[]));
    expect(page.count).toBeLessThanOrEqual(1000);
    skipToken = page.skipToken;
  } while (skipToken !== undefined && pages < 10);
  return rows;
}

describe('Resource Graph with the real @azure/arm-resourcegraph client', () => {
  it('pages through more than 1,000 disks at 1,000 rows a page', async () => {
    const before = local.arm.requestLog.length;
    const rows = await queryAll(
      "Resources | where type =~ 'Microsoft.Compute/disks' | project id, name | order by id asc",
    );
    expect(rows).toHaveLength(1_203);
    expect(new Set(rows.map((r) => r.id)).size).toBe(1_203);
    expect(local.arm.requestLog.length - before).toBe(2);
  });

  it('matches a tag key in any case only when the query is written for it', async () => {
    const anyCase = await queryAll(
      "Resources | where type =~ 'microsoft.compute/disks' | where tostring(tags) contains '\"aksSnapshotBackupEnabled\":' | project id, name",
    );
    expect(anyCase.map((r) => r.name)).toEqual(expect.arrayContaining(['pvc-a', 'pvc-b']));
    const exact = await queryAll(
      "Resources | where type =~ 'microsoft.compute/disks' | where isnotempty(tags['aksSnapshotBackupEnabled']) | project id, name",
    );
    // tags['x'] is exact: pvc-b's key is AKSSNAPSHOTBACKUPENABLED.
    expect(exact.map((r) => r.name)).toContain('pvc-a');
    expect(exact.map((r) => r.name)).not.toContain('pvc-b');
  });

  it('keeps other resource types apart and finds the tagged catalog storage account', async () => {
    const tagged = await queryAll(
      "Resources | where tostring(tags) contains 'aksSnapshotBackupEnabled' | where type !~ 'microsoft.compute/disks' | project id, type",
    );
    expect(tagged).toEqual([
      {
        id: `/subscriptions/${SUB_A}/resourceGroups/aks-snapshot-backup/providers/Microsoft.Network/publicIPAddresses/ip`,
        type: 'microsoft.network/publicipaddresses',
      },
    ]);
    const accounts = await queryAll(
      "Resources | where type =~ 'microsoft.storage/storageaccounts' and tags['aksSnapshotBackupDatabase'] =~ 'tableStorage' | project id, name, resourceGroup, subscriptionId",
    );
    expect(accounts).toEqual([
      {
        id: `/subscriptions/${SUB_A}/resourceGroups/aks-snapshot-backup/providers/Microsoft.Storage/storageAccounts/catalogaccount`,
        name: 'catalogaccount',
        resourceGroup: 'aks-snapshot-backup',
        subscriptionId: SUB_A,
      },
    ]);
  });

  it('returns disk properties in the Resource Graph shape', async () => {
    const [row] = await queryAll(
      "Resources | where type =~ 'microsoft.compute/disks' and name == 'pvc-north' | project id, location, resourceGroup, sku = tostring(sku.name), sizeGb = properties.diskSizeGB, state = tostring(properties.diskState), uniqueId = tostring(properties.uniqueId)",
    );
    expect(row).toMatchObject({
      location: 'northeurope',
      resourceGroup: 'mc_aks_aks_westeurope',
      sku: 'Premium_LRS',
      sizeGb: 32,
      state: 'Attached',
    });
    expect(row?.uniqueId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('scopes a query to the subscriptions asked for', async () => {
    expect(
      await queryAll("Resources | where type =~ 'microsoft.compute/disks' | project id", [SUB_B]),
    ).toEqual([]);
  });

  it('refuses KQL outside the simulated subset instead of guessing', async () => {
    await expect(
      graph.resources({ query: 'Resources | mv-expand tags', subscriptions: [SUB_A] }),
    ).rejects.toMatchObject({ statusCode: 400, code: 'InvalidQuery' });
  });
});
