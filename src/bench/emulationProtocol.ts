/**
 * The messages between a benchmark case and its emulation process (see
 * emulationProcess): the case is the app and the runner, the emulation process
 * is Azure (the ARM simulator and Azurite). All of it crosses the IPC channel
 * as JSON.
 */
import type { Fixture } from '../emulator/fixture/fixtureSchema';

export interface EmulationStart {
  readonly fixture: Fixture;
  /** Virtual time the emulation starts at, ISO; afterwards each request carries the caller's. */
  readonly startIso: string;
  readonly catalogTableName: string;
}

/** Where the SDK clients point. */
export interface EmulationEndpoints {
  readonly armEndpoint: string;
  readonly armCertificateAuthority: string;
  readonly tableServiceUrl: string;
}

/** A snapshot written straight into the simulator, as a finished backup left it. */
export interface SeedSnapshot {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly name: string;
  readonly location: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly incremental: boolean;
  readonly sourceDiskId: string;
}

/** How far the request logs had got: figures are counted from a mark on. */
export interface EmulationMark {
  readonly armRequests: number;
  readonly tableRequests: number;
}

export interface EmulationDisk {
  readonly id: string;
  readonly name: string;
  readonly subscriptionId: string;
  readonly location: string;
}

/** What the emulation saw from a mark on. */
export interface EmulationFigures {
  /** PUT/PATCH answered without throttling. */
  readonly writes: number;
  readonly deletes: number;
  /** GET/POST answered without throttling. */
  readonly reads: number;
  readonly throttled: number;
  /** When the last accepted write (or delete, when cleaning) was answered, epoch ms. */
  readonly lastWriteAtMs?: number;
  /** Disk and slot pairs with more than one snapshot. */
  readonly duplicateSnapshots: number;
  /** Disks per subscription, and per subscription × region, for the quota floor. */
  readonly disksPerSubscription: readonly number[];
  readonly disksPerGroup: readonly number[];
  readonly tableRequests: number;
  readonly peakRssMb: number;
}

export type EmulationRequest =
  | { readonly kind: 'start'; readonly start: EmulationStart }
  | { readonly kind: 'mark' }
  | { readonly kind: 'putSnapshots'; readonly atIso: string; readonly snapshots: readonly SeedSnapshot[] }
  | { readonly kind: 'disks' }
  | {
      readonly kind: 'figures';
      readonly from: EmulationMark;
      readonly cleaning: boolean;
      readonly subscriptionIds: readonly string[];
    }
  | { readonly kind: 'stop' };

/** The answer to each request kind. */
export interface EmulationAnswers {
  readonly start: EmulationEndpoints;
  readonly mark: EmulationMark;
  /** The ids of the snapshots written, in order. */
  readonly putSnapshots: readonly string[];
  readonly disks: readonly EmulationDisk[];
  readonly figures: EmulationFigures;
  readonly stop: null;
}

export type EmulationMessage = { readonly id: number } & EmulationRequest;

export type EmulationReply =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly id: number; readonly ok: false; readonly error: string };
