/**
 * The embedded local default: the ARM simulator and Azurite, seeded from a
 * fixture, with an AzureConnection that points the real SDK clients at them.
 * `npm start`, the integration tests and the benchmark run against this.
 */
import { TableClient, type TableEntity } from '@azure/data-tables';
import type { AzureConnection } from '../azure/azureConnection';
import type { Clock } from '../runtime/clock';
import { ArmSimulator } from './arm/armSimulator';
import { TcpGate } from './faults/tcpGate';
import type { QuotaLimits } from './quota/quotaModel';
import { SimulatedAzure } from './arm/simulatedAzure';
import { AzuriteTables } from './azurite';
import { emulatorCredential } from './emulatorCredential';
import type { Fixture, FixtureCatalogRow } from './fixture/fixtureSchema';
import { seedFixture } from './fixture/loadFixture';

export interface LocalAzureOptions {
  readonly fixture: Fixture;
  readonly clock: Clock;
  /** Table the fixture's `catalog` rows are written to. */
  readonly catalogTableName: string;
  readonly armPageSize?: number;
  readonly createDurationMs?: number;
  readonly deleteDurationMs?: number;
  readonly backgroundCopyDurationMs?: number;
  readonly resourceGraphLagMs?: number;
  /** Throttling; default unlimited. */
  readonly quotas?: QuotaLimits;
  readonly faultSeed?: number;
  /** The emulation runs in a process of its own: follow the callers' virtual time (see virtualTimeHeader). */
  readonly followVirtualTime?: (instant: Date) => void;
}

export { emulatorCredential };

export class LocalAzure {
  private sharedConnection: AzureConnection | undefined;

  private constructor(
    readonly azure: SimulatedAzure,
    readonly arm: ArmSimulator,
    readonly tables: AzuriteTables,
    /** Table traffic goes through this gate, so tests can make storage unreachable for a while. */
    readonly tableGate: TcpGate,
  ) {}

  static async start(options: LocalAzureOptions): Promise<LocalAzure> {
    const azure = new SimulatedAzure({
      clock: options.clock,
      ...(options.createDurationMs === undefined ? {} : { createDurationMs: options.createDurationMs }),
      ...(options.deleteDurationMs === undefined ? {} : { deleteDurationMs: options.deleteDurationMs }),
      ...(options.backgroundCopyDurationMs === undefined
        ? {}
        : { backgroundCopyDurationMs: options.backgroundCopyDurationMs }),
      ...(options.resourceGraphLagMs === undefined ? {} : { resourceGraphLagMs: options.resourceGraphLagMs }),
    });
    seedFixture(azure, options.fixture);
    const arm = new ArmSimulator(azure, {
      ...(options.armPageSize === undefined ? {} : { pageSize: options.armPageSize }),
      ...(options.quotas === undefined ? {} : { quotas: options.quotas }),
      ...(options.faultSeed === undefined ? {} : { faultSeed: options.faultSeed }),
      ...(options.followVirtualTime === undefined ? {} : { followVirtualTime: options.followVirtualTime }),
    });
    const [tables] = await Promise.all([AzuriteTables.start(), arm.start()]);
    const gate = new TcpGate(Number(new URL(tables.serviceUrl).port), options.clock);
    await gate.start();
    const local = new LocalAzure(azure, arm, tables, gate);
    try {
      await local.seedCatalog(options.catalogTableName, options.fixture.catalog);
    } catch (error) {
      await local.stop();
      throw error;
    }
    return local;
  }

  /** Table storage through the gate: the URL clients use. */
  get tableServiceUrl(): string {
    return `http://127.0.0.1:${this.tableGate.listeningPort}${new URL(this.tables.serviceUrl).pathname}`;
  }

  /** Every storage account name maps to the one Azurite account. */
  /** One object for the emulation's life, so SDK clients (cached per connection) are shared. */
  connection(): AzureConnection {
    this.sharedConnection ??= {
      credential: emulatorCredential,
      armEndpoint: this.arm.endpoint,
      armCertificateAuthority: this.arm.certificateAuthority,
      tableEndpoint: () => ({
        url: this.tableServiceUrl,
        credential: this.tables.credential,
        allowInsecureConnection: true,
      }),
    };
    return this.sharedConnection;
  }

  private stopped = false;

  /** Stops both servers; a second call does nothing. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await Promise.all([this.arm.stop(), this.tableGate.stop()]);
    await this.tables.stop();
  }

  private async seedCatalog(tableName: string, rows: readonly FixtureCatalogRow[]): Promise<void> {
    if (rows.length === 0) return;
    const client = new TableClient(this.tableServiceUrl, tableName, this.tables.credential, {
      allowInsecureConnection: true,
    });
    await client.createTable();
    for (const row of rows) await client.upsertEntity(toEntity(row), 'Replace');
  }
}

/** Fixture cells are plain values or `{value, type: "Edm.DateTime"}`; the SDK wants `{value, type: "DateTime"}`. */
function toEntity(row: FixtureCatalogRow): TableEntity {
  const entity: TableEntity = { partitionKey: row.PartitionKey, rowKey: row.RowKey };
  for (const [key, cell] of Object.entries(row)) {
    if (key === 'PartitionKey' || key === 'RowKey') continue;
    entity[key] =
      typeof cell === 'object' ? { value: String(cell.value), type: cell.type.replace(/^Edm\./, '') } : cell;
  }
  return entity;
}
