/** ARM resource ids: `/subscriptions/{s}/resourceGroups/{g}/providers/{namespace}/{type}/{name}`. */
export interface ResourceIdParts {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly type: string;
  readonly name: string;
}

export function parseResourceId(id: string): ResourceIdParts | undefined {
  const match =
    /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/([^/]+\/[^/]+)\/([^/]+)$/i.exec(id);
  if (match === null) return undefined;
  const [, subscriptionId = '', resourceGroup = '', type = '', name = ''] = match;
  return { subscriptionId, resourceGroup, type, name };
}

export function snapshotIdOf(subscriptionId: string, resourceGroup: string, name: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Compute/snapshots/${name}`;
}
