/**
 * What `aks-snapshot-backup restore` creates and prints: a managed disk from a
 * snapshot (named so it never collides with the live disk) and the Kubernetes
 * PersistentVolume + PersistentVolumeClaim that use it with the Azure Disk CSI
 * driver. Pure.
 */
import { DateTime } from 'luxon';

export interface RestoreTarget {
  readonly diskName: string;
  readonly resourceGroup: string;
  readonly location: string;
  readonly zone?: string;
  readonly sku: string;
  readonly sizeGb: number;
}

const DNS_LABEL = /[^a-z0-9-]+/g;

/** `{pvc}-restored-{yyyyMMddHHmm}`, as a valid disk name. */
export function restoredDiskName(base: string, now: Date): string {
  const stamp = DateTime.fromJSDate(now, { zone: 'utc' }).toFormat('yyyyMMddHHmm');
  const suffix = `-restored-${stamp}`;
  return `${base.slice(0, 80 - suffix.length)}${suffix}`;
}

export function kubernetesManifests(
  diskId: string,
  target: RestoreTarget,
  claim: { readonly namespace: string; readonly name: string },
): readonly Record<string, unknown>[] {
  const pvName = target.diskName.toLowerCase().replace(DNS_LABEL, '-').slice(0, 63).replace(/-+$/, '');
  const persistentVolume = {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name: pvName, labels: { 'app.kubernetes.io/managed-by': 'aks-snapshot-backup' } },
    spec: {
      capacity: { storage: `${target.sizeGb}Gi` },
      accessModes: ['ReadWriteOnce'],
      persistentVolumeReclaimPolicy: 'Retain',
      storageClassName: '',
      csi: { driver: 'disk.csi.azure.com', volumeHandle: diskId, fsType: 'ext4' },
      ...(target.zone === undefined
        ? {}
        : {
            nodeAffinity: {
              required: {
                nodeSelectorTerms: [
                  {
                    matchExpressions: [
                      {
                        key: 'topology.disk.csi.azure.com/zone',
                        operator: 'In',
                        values: [`${target.location}-${target.zone}`],
                      },
                    ],
                  },
                ],
              },
            },
          }),
    },
  };
  const persistentVolumeClaim = {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: claim.name, namespace: claim.namespace },
    spec: {
      accessModes: ['ReadWriteOnce'],
      storageClassName: '',
      volumeName: pvName,
      resources: { requests: { storage: `${target.sizeGb}Gi` } },
    },
  };
  return [persistentVolume, persistentVolumeClaim];
}
