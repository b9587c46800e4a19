/** An ARM error response: HTTP status plus the `{error:{code,message}}` body Azure sends. */
export class ArmError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'ArmError';
  }

  body(): { error: { code: string; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}

export const notFound = (type: string, name: string, resourceGroup: string): ArmError =>
  new ArmError(
    404,
    'ResourceNotFound',
    `The Resource '${type}/${name}' under resource group '${resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
  );

export const resourceGroupNotFound = (resourceGroup: string): ArmError =>
  new ArmError(404, 'ResourceGroupNotFound', `Resource group '${resourceGroup}' could not be found.`);

export const subscriptionNotFound = (subscriptionId: string): ArmError =>
  new ArmError(404, 'SubscriptionNotFound', `The subscription '${subscriptionId}' could not be found.`);
