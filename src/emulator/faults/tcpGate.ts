/**
 * A loopback TCP proxy that can be shut for a while: put in front of Azurite,
 * it makes Table storage unreachable for a window of (virtual) time, as an
 * outage of the storage account would, without stopping Azurite's data.
 */
import { closeServer, listenOnLoopback } from '../../runtime/loopbackServer';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import type { Clock } from '../../runtime/clock';

export class TcpGate {
  private server: Server | undefined;
  private closedUntil = 0;
  private readonly open = new Set<Socket>();
  private port = 0;

  constructor(
    private readonly targetPort: number,
    private readonly clock: Clock,
  ) {}

  async start(): Promise<void> {
    const server = createServer((client) => {
      if (this.isClosed()) {
        client.destroy();
        return;
      }
      const upstream = createConnection({ host: '127.0.0.1', port: this.targetPort });
      for (const socket of [client, upstream]) {
        this.open.add(socket);
        socket.on('close', () => this.open.delete(socket));
        socket.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    const port = await listenOnLoopback(server);
    this.server = server;
    this.port = port;
  }

  get listeningPort(): number {
    return this.port;
  }

  /** Refuses and cuts every connection until `instant` on the clock. */
  closeUntil(instant: Date): void {
    this.closedUntil = instant.getTime();
    for (const socket of this.open) socket.destroy();
  }

  isClosed(): boolean {
    return this.clock.now().getTime() < this.closedUntil;
  }

  async stop(): Promise<void> {
    for (const socket of this.open) socket.destroy();
    const server = this.server;
    this.server = undefined;
    if (server === undefined) return;
    await closeServer(server);
  }
}
