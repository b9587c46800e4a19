/**
 * Azurite's Table service, started in this process on a free loopback port and
 * kept in memory. Azurite ships no type declarations for its server classes,
 * so the two we use are described here and nowhere else.
 */
import { createRequire } from 'node:module';
import { Writable } from 'node:stream';
import { AzureNamedKeyCredential } from '@azure/data-tables';

interface AzuriteTableServer {
  start(): Promise<void>;
  close(): Promise<void>;
  clean(): Promise<void>;
  getHttpServerAddress(): string;
}
type TableConfigurationConstructor = new (...args: unknown[]) => object;
type TableServerConstructor = new (configuration: object) => AzuriteTableServer;

/** Azurite's published development account (not a secret: it is the same in every Azurite). */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export class AzuriteTables {
  private constructor(
    private readonly server: AzuriteTableServer,
    /** e.g. http://127.0.0.1:41234/devstoreaccount1 */
    readonly serviceUrl: string,
    private readonly served: { count: number },
  ) {}

  /** Requests Azurite served (counted from its access log). */
  get requests(): number {
    return this.served.count;
  }

  static async start(): Promise<AzuriteTables> {
    const served = { count: 0 };
    // Azurite writes one access-log line per request; counting them measures table transactions.
    const accessLog = new Writable({
      write(chunk: Buffer, _encoding, done) {
        served.count += chunk
          .toString()
          .split('\n')
          .filter((line) => line.trim() !== '').length;
        done();
      },
    });
    const load = createRequire(__filename);
    const { default: TableConfiguration } = load('azurite/dist/src/table/TableConfiguration') as {
      default: TableConfigurationConstructor;
    };
    const { default: TableServer } = load('azurite/dist/src/table/TableServer') as {
      default: TableServerConstructor;
    };
    // host, port (0 = any free port), keepAlive, dbPath, debugLog, accessLog, accessLogStream, debugLogPath,
    // loose, skipApiVersionCheck, cert, key, pwd, oauth, disableProductStyleUrl, inMemoryPersistence
    const configuration = new TableConfiguration(
      '127.0.0.1',
      0,
      undefined,
      undefined,
      false,
      true,
      accessLog,
      undefined,
      false,
      true,
      '',
      '',
      '',
      undefined,
      false,
      true,
    );
    const server = new TableServer(configuration);
    await server.start();
    return new AzuriteTables(server, `${server.getHttpServerAddress()}/${AZURITE_ACCOUNT}`, served);
  }

  get credential(): AzureNamedKeyCredential {
    return new AzureNamedKeyCredential(AZURITE_ACCOUNT, AZURITE_KEY);
  }

  async stop(): Promise<void> {
    await this.server.close();
    await this.server.clean();
  }
}
