import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { actionsFor } from '../../src/azure/rbacActions';
import { RECOMMENDED_WORKER_ARGUMENTS } from '../../src/bench/workerArguments';
import { settingsRegistry } from '../../src/settings/registry';

type Json = Record<string, unknown>;
const load = (file: string): Json =>
  JSON.parse(readFileSync(join(__dirname, '..', '..', 'infra', file), 'utf8')) as Json;
const main = load('main.json');
const enrol = load('enrol-subscription.json');

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every template in a file: the top level and each nested deployment's inline template (own scope). */
function templates(template: Json): Json[] {
  const found: Json[] = [template];
  for (const resource of (template.resources as Json[] | undefined) ?? []) {
    const nested = isObject(resource.properties) ? resource.properties.template : undefined;
    if (isObject(nested)) found.push(...templates(nested));
  }
  return found;
}

/** Strings of one template's own scope: nested inline templates (`properties.template`) are skipped. */
function ownStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(ownStrings);
  if (!isObject(value)) return [];
  return Object.entries(value).flatMap(([key, v]) => (key === 'template' ? [] : ownStrings(v)));
}

function resourcesOf(template: Json): Json[] {
  return ((template.resources as Json[] | undefined) ?? []).filter(isObject);
}

const allResources = (template: Json): Json[] => templates(template).flatMap(resourcesOf);
const text = JSON.stringify(main) + JSON.stringify(enrol);

describe.each([
  ['main.json', main],
  ['enrol-subscription.json', enrol],
])('%s', (_file, file) => {
  it.each(templates(file).map((t, i) => [i, t] as const))(
    'template #%i: every parameters() and variables() reference resolves',
    (_i, template) => {
      const strings = ownStrings(template).filter((s) => s.startsWith('['));
      const parameters = new Set(Object.keys((template.parameters as Json | undefined) ?? {}));
      const variables = new Set(Object.keys((template.variables as Json | undefined) ?? {}));
      const missing: string[] = [];
      for (const expression of strings) {
        for (const [, name] of expression.matchAll(/parameters\('([^']+)'\)/g))
          if (name !== undefined && !parameters.has(name)) missing.push(`parameters('${name}')`);
        for (const [, name] of expression.matchAll(/variables\('([^']+)'\)/g))
          if (name !== undefined && !variables.has(name)) missing.push(`variables('${name}')`);
      }
      expect(missing).toEqual([]);
    },
  );

  it.each(templates(file).map((t, i) => [i, t] as const))(
    'template #%i: every dependsOn names a resource type deployed in the same template',
    (_i, template) => {
      const types = new Set(resourcesOf(template).map((r) => String(r.type).toLowerCase()));
      const variables = (template.variables as Json | undefined) ?? {};
      const unresolved: string[] = [];
      for (const resource of resourcesOf(template)) {
        for (const entry of (resource.dependsOn as string[] | undefined) ?? []) {
          const variable = /^\[variables\('([^']+)'\)\]$/.exec(entry)?.[1];
          const expression = variable === undefined ? entry : String(variables[variable]);
          const type = /'(Microsoft\.[A-Za-z]+\/[A-Za-z/]+)'/.exec(expression)?.[1]?.toLowerCase();
          if (type === undefined || !types.has(type)) unresolved.push(entry);
        }
      }
      expect(unresolved).toEqual([]);
    },
  );

  it('uses real api-version dates and never newGuid() (redeploying must be idempotent)', () => {
    for (const resource of allResources(file)) {
      expect(String(resource.apiVersion)).toMatch(
        /^20\d{2}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(-preview)?$/,
      );
    }
    expect(JSON.stringify(file)).not.toContain('newGuid(');
  });
});

describe('least privilege', () => {
  const variables = main.variables as Json;
  const roles = allResources(main).filter((r) => r.type === 'Microsoft.Authorization/roleDefinitions');
  const permissions = (role: Json) => ((role.properties as Json).permissions as Json[])[0] ?? {};
  const resolve = (value: unknown): unknown => {
    const variable = typeof value === 'string' ? /^\[variables\('([^']+)'\)\]$/.exec(value)?.[1] : undefined;
    return variable === undefined ? value : variables[variable];
  };

  it('grants the custom roles exactly the actions the function performs, from the one list in the code', () => {
    expect(
      roles.map((role) => [resolve(permissions(role).actions), resolve(permissions(role).dataActions)]),
    ).toEqual([
      [actionsFor('disk-subscriptions', 'control'), []],
      [actionsFor('backup-resource-group', 'control'), []],
      [[], actionsFor('catalog-account', 'data')],
    ]);
    const enrolVariables = enrol.variables as Json;
    expect(enrolVariables.diskReaderActions).toEqual(actionsFor('disk-subscriptions', 'control'));
    expect(enrolVariables.snapshotOperatorActions).toEqual(actionsFor('backup-resource-group', 'control'));
  });

  it('has no wildcard action and keeps role names unique per subscription and group', () => {
    expect(text).not.toMatch(/"\*"|\/\*"/);
    for (const role of roles)
      expect(String((role.properties as Json).roleName)).toContain("variables('suffix')");
  });

  it('assigns the snapshot role in the backup resource group only and the catalog role on the catalog account only', () => {
    const nested = allResources(main).filter((r) => r.type === 'Microsoft.Resources/deployments');
    expect(nested.map((d) => d.resourceGroup)).toEqual([
      "[parameters('solutionResourceGroupName')]",
      "[parameters('backupResourceGroupName')]",
    ]);
    const catalogAssignment = allResources(main).find(
      (r) =>
        r.type === 'Microsoft.Authorization/roleAssignments' && String(r.name).includes('catalog-tables'),
    );
    expect(catalogAssignment?.scope).toBe("[variables('catalogAccountId')]");
  });
});

describe('security properties', () => {
  const resources = allResources(main);
  const site = resources.find((r) => r.type === 'Microsoft.Web/sites');
  const siteProperties = (site?.properties ?? {}) as Json;
  const siteConfig = (siteProperties.siteConfig ?? {}) as Json;

  it('uses no account keys or key-based connection strings', () => {
    expect(text).not.toMatch(/listKeys|AccountKey|SharedAccessSignature|DefaultEndpointsProtocol/);
    for (const account of resources.filter((r) => r.type === 'Microsoft.Storage/storageAccounts')) {
      expect(account.properties).toMatchObject({
        allowSharedKeyAccess: false,
        minimumTlsVersion: 'TLS1_2',
        supportsHttpsTrafficOnly: true,
        allowBlobPublicAccess: false,
      });
    }
  });

  it('runs Node 22 on Flex Consumption over HTTPS only, TLS 1.2, FTP off, basic publishing off', () => {
    expect(resources.find((r) => r.type === 'Microsoft.Web/serverfarms')?.sku).toEqual({
      name: 'FC1',
      tier: 'FlexConsumption',
    });
    expect(site?.kind).toBe('functionapp,linux');
    expect(siteProperties.httpsOnly).toBe(true);
    expect(siteConfig).toMatchObject({ minTlsVersion: '1.2', ftpsState: 'Disabled' });
    expect((siteProperties.functionAppConfig as Json).runtime).toEqual({ name: 'node', version: '22' });
    const policies = resources.filter(
      (r) => r.type === 'Microsoft.Web/sites/basicPublishingCredentialsPolicies',
    );
    expect(policies.map((p) => (p.properties as Json).allow)).toEqual([false, false]);
  });

  it('tags the catalog account so the app finds it, and connects to the task hub by identity', () => {
    const catalog = resources.find(
      (r) =>
        r.type === 'Microsoft.Storage/storageAccounts' &&
        isObject(r.tags) &&
        'aksSnapshotBackupDatabase' in r.tags,
    );
    expect(catalog?.tags).toEqual({ aksSnapshotBackupDatabase: 'tableStorage' });
    const settings = (siteConfig.appSettings as { name: string; value: string }[]).map((s) => s.name);
    expect(settings).toEqual(
      expect.arrayContaining([
        'AzureWebJobsStorage__accountName',
        'AzureWebJobsStorage__credential',
        'AzureWebJobsStorage__clientId',
      ]),
    );
    expect(settings).not.toContain('AzureWebJobsStorage');
  });

  it('sets an app setting for every deployable setting of the registry and nothing unknown', () => {
    const settings = (siteConfig.appSettings as { name: string }[]).map((s) => s.name);
    const deployable = Object.values(settingsRegistry)
      .filter((d) => d.scope === 'deployment')
      .map((d) => d.name);
    const platform = [
      'AzureWebJobsStorage__accountName',
      'AzureWebJobsStorage__credential',
      'AzureWebJobsStorage__clientId',
      'AZURE_CLIENT_ID',
      'APPLICATIONINSIGHTS_CONNECTION_STRING',
      'APPLICATIONINSIGHTS_AUTHENTICATION_STRING',
      'languageWorkers__node__arguments',
    ];
    expect([...settings].sort()).toEqual([...deployable, ...platform].sort());
  });

  it('gives the Node worker the arguments the benchmark runs with, unless the deployment overrides them', () => {
    const parameter = (main.parameters as Json).nodeWorkerArguments as Json;
    expect(parameter.defaultValue).toBe(RECOMMENDED_WORKER_ARGUMENTS.join(' '));
    const workerArguments = (siteConfig.appSettings as { name: string; value: string }[]).find(
      (s) => s.name === 'languageWorkers__node__arguments',
    );
    expect(workerArguments?.value).toBe("[parameters('settings').nodeWorkerArguments]");
  });

  it('alerts on failed disks and on no successful backup in 26 hours', () => {
    const alerts = resources
      .filter((r) => r.type === 'Microsoft.Insights/scheduledQueryRules')
      .map((r) => (r.properties as Json).windowSize);
    expect(alerts).toEqual(['PT1H', 'PT26H']);
  });
});
