/**
 * The case side of the emulation process (see emulationProcess): starts it,
 * sends it requests and gives the SDK clients an AzureConnection that points at
 * it, with each request carrying the case's virtual time.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { AzureNamedKeyCredential } from '@azure/data-tables';
import type { AzureConnection } from '../azure/azureConnection';
import { AZURITE_ACCOUNT, AZURITE_KEY } from '../emulator/azurite';
import { emulatorCredential } from '../emulator/emulatorCredential';
import { virtualTimePolicy } from '../emulator/virtualTimeHeader';
import type { Clock } from '../runtime/clock';
import type { EmulationAnswers, EmulationReply, EmulationRequest, EmulationStart } from './emulationProtocol';

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

export class RemoteEmulation {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private sharedConnection: AzureConnection | undefined;

  private endpoints: EmulationAnswers['start'] | undefined;

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (reply: EmulationReply) => {
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (reply.ok) waiting?.resolve(reply.value);
      else waiting?.reject(new Error(`the emulation process failed: ${reply.error}`));
    });
    child.on('exit', (code, signal) => {
      for (const waiting of this.pending.values())
        waiting.reject(
          new Error(`the emulation process ended (code ${String(code)}, signal ${String(signal)})`),
        );
      this.pending.clear();
    });
  }

  static async start(start: EmulationStart): Promise<RemoteEmulation> {
    // execArgv empty: the case's own flags (a CPU profile, say) are not the emulation's.
    const child = fork(require.resolve('./emulationProcess'), [], {
      execArgv: [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const emulation = new RemoteEmulation(child);
    try {
      emulation.endpoints = await emulation.request({ kind: 'start', start });
    } catch (error) {
      child.kill();
      throw error;
    }
    return emulation;
  }

  async request<K extends EmulationRequest['kind']>(
    request: Extract<EmulationRequest, { kind: K }>,
  ): Promise<EmulationAnswers[K]> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, {
        resolve: (value) => {
          resolve(value as EmulationAnswers[K]);
        },
        reject,
      });
      this.child.send({ ...request, id });
    });
  }

  /** One object for the case's life, so SDK clients (cached per connection) are shared. */
  connection(clock: Clock): AzureConnection {
    if (this.endpoints === undefined) throw new Error('The emulation process has not started.');
    const { armEndpoint, armCertificateAuthority, tableServiceUrl } = this.endpoints;
    const tableCredential = new AzureNamedKeyCredential(AZURITE_ACCOUNT, AZURITE_KEY);
    this.sharedConnection ??= {
      credential: emulatorCredential,
      armEndpoint,
      armCertificateAuthority,
      tableEndpoint: () => ({
        url: tableServiceUrl,
        credential: tableCredential,
        allowInsecureConnection: true,
      }),
      additionalPolicies: [virtualTimePolicy(clock)],
    };
    return this.sharedConnection;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || !this.child.connected) return;
    const exited = new Promise<void>((resolve) =>
      this.child.once('exit', () => {
        resolve();
      }),
    );
    await this.request({ kind: 'stop' });
    await exited;
  }
}
