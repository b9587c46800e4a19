import { odata, TableClient, TableTransaction } from '@azure/data-tables';
import { AzuriteTables } from '../../src/emulator/azurite';

let azurite: AzuriteTables;
let table: TableClient;

beforeAll(async () => {
  azurite = await AzuriteTables.start();
  table = new TableClient(azurite.serviceUrl, 'emulatortest', azurite.credential, {
    allowInsecureConnection: true,
  });
  await table.createTable();
});
afterAll(async () => {
  await azurite.stop();
});

describe('Azurite with the real @azure/data-tables client', () => {
  it('listens on a free loopback port', () => {
    expect(azurite.serviceUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/devstoreaccount1$/);
  });

  it('commits a batch transaction of 100 entities of one partition and queries them back', async () => {
    const transaction = new TableTransaction();
    for (let i = 0; i < 100; i++) {
      transaction.upsertEntity(
        { partitionKey: '2026-11-25', rowKey: `snap-${String(i).padStart(3, '0')}`, n: i },
        'Replace',
      );
    }
    const result = await table.submitTransaction(transaction.actions);
    expect(result.status).toBe(202);
    expect(result.subResponses).toHaveLength(100);

    const found: number[] = [];
    for await (const entity of table.listEntities<{ n: number }>({
      queryOptions: { filter: odata`PartitionKey eq ${'2026-11-25'} and n ge ${95}` },
    })) {
      found.push(entity.n);
    }
    expect(found).toEqual([95, 96, 97, 98, 99]);
  });

  it('rejects a transaction that spans two partitions, writing nothing', async () => {
    const transaction = new TableTransaction();
    transaction.createEntity({ partitionKey: 'p1', rowKey: 'a' });
    transaction.createEntity({ partitionKey: 'p2', rowKey: 'b' });
    await expect(table.submitTransaction(transaction.actions)).rejects.toThrow();
    await expect(table.getEntity('p1', 'a')).rejects.toMatchObject({ statusCode: 404 });
  });

  it('stores typed DateTime cells', async () => {
    await table.createEntity({
      partitionKey: 'typed',
      rowKey: 'r',
      expiresOn: { value: '2026-12-02T00:00:00.000Z', type: 'DateTime' },
    });
    const entity = await table.getEntity<{ expiresOn: Date }>('typed', 'r');
    expect(entity.expiresOn).toEqual(new Date('2026-12-02T00:00:00.000Z'));
  });
});
