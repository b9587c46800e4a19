/**
 * The emulated Azure of one benchmark case, in a process of its own: the ARM
 * simulator (Azure's quotas and LRO durations) and Azurite. The case process
 * then holds only what a Functions worker would — the app and the durable
 * runner — so its peak RSS and replay CPU are the app's, not the emulation's.
 * Started by RemoteEmulation over an IPC channel; answers EmulationMessages.
 * Its clock follows the virtual time each request carries.
 */
import { exitIfUnsupportedNode } from '../runtime/nodeVersion';
import { LocalAzure } from '../emulator/localAzure';
import { azureQuotas } from '../emulator/quota/quotaModel';
import { VirtualClock } from '../runtime/clock';
import { emulationFigures } from './emulationFigures';
import type {
  EmulationAnswers,
  EmulationMessage,
  EmulationReply,
  EmulationRequest,
} from './emulationProtocol';

const SNAPSHOT_CREATE_MS = 20_000;
const SNAPSHOT_DELETE_MS = 10_000;

let running: { local: LocalAzure; clock: VirtualClock } | undefined;

function started(): { local: LocalAzure; clock: VirtualClock } {
  if (running === undefined) throw new Error('The emulation is not started: send "start" first.');
  return running;
}

async function answer(request: EmulationRequest): Promise<EmulationAnswers[EmulationRequest['kind']]> {
  switch (request.kind) {
    case 'start': {
      if (running !== undefined) throw new Error('The emulation is already started.');
      const clock = new VirtualClock(new Date(request.start.startIso));
      const local = await LocalAzure.start({
        fixture: request.start.fixture,
        clock,
        catalogTableName: request.start.catalogTableName,
        quotas: azureQuotas(),
        createDurationMs: SNAPSHOT_CREATE_MS,
        deleteDurationMs: SNAPSHOT_DELETE_MS,
        followVirtualTime: (instant) => {
          clock.advanceTo(instant);
        },
      });
      running = { local, clock };
      return {
        armEndpoint: local.arm.endpoint,
        armCertificateAuthority: local.arm.certificateAuthority,
        tableServiceUrl: local.tableServiceUrl,
      };
    }
    case 'mark': {
      const { local } = started();
      return { armRequests: local.arm.requestLog.length, tableRequests: local.tables.requests };
    }
    case 'putSnapshots': {
      const { local, clock } = started();
      clock.advanceTo(new Date(request.atIso));
      return request.snapshots.map(
        (s) =>
          local.azure.putSnapshot(s.subscriptionId, s.resourceGroup, s.name, {
            location: s.location,
            tags: { ...s.tags },
            properties: {
              incremental: s.incremental,
              creationData: { createOption: 'Copy', sourceResourceId: s.sourceDiskId },
            },
          }).snapshot.id,
      );
    }
    case 'disks': {
      const { local } = started();
      return local.azure
        .allResources()
        .flatMap((r) =>
          r.kind === 'disk'
            ? [{ id: r.id, name: r.name, subscriptionId: r.subscriptionId, location: r.location }]
            : [],
        );
    }
    case 'figures': {
      const { local } = started();
      return emulationFigures(
        local.arm.requestLog.slice(request.from.armRequests),
        local.azure.allResources(),
        {
          cleaning: request.cleaning,
          subscriptionIds: request.subscriptionIds,
          tableRequests: local.tables.requests - request.from.tableRequests,
          peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
        },
      );
    }
    case 'stop': {
      await running?.local.stop();
      running = undefined;
      return null;
    }
  }
}

exitIfUnsupportedNode();
// The case process ended (or crashed): an emulation nobody talks to must not outlive it, holding its pipes.
process.on('disconnect', () => {
  process.exit(0);
});
process.on('message', (message: EmulationMessage) => {
  const reply = (r: EmulationReply) => {
    process.send?.(r);
  };
  answer(message).then(
    (value) => {
      reply({ id: message.id, ok: true, value });
      if (message.kind === 'stop') process.disconnect();
    },
    (error: unknown) => {
      reply({
        id: message.id,
        ok: false,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
    },
  );
});
