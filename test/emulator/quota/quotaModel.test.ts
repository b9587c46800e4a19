import {
  azureQuotas,
  QuotaModel,
  unlimitedQuotas,
  type QuotaLimits,
} from '../../../src/emulator/quota/quotaModel';
import { VirtualClock } from '../../../src/runtime/clock';

const armWrite = { arm: { operation: 'writes' as const, subscriptionId: 'S1', principal: 'p' } };
const snapshotCreate = (region = 'westeurope') => ({
  ...armWrite,
  compute: { policy: 'HighCostSnapshotCreateHydrate' as const, subscriptionId: 's1', region },
});

function drain(model: QuotaModel, charge: Parameters<QuotaModel['charge']>[0], max: number): number {
  let allowed = 0;
  while (allowed < max && model.charge(charge).allowed) allowed++;
  return allowed;
}

describe('QuotaModel with Azure’s figures', () => {
  it('lets 200 ARM writes through, then answers with the wait for the next token (10 per second)', () => {
    const clock = new VirtualClock(new Date('2026-11-25T00:00:00Z'));
    const model = new QuotaModel(azureQuotas(), clock);
    expect(drain(model, armWrite, 1_000)).toBe(200);
    const refused = model.charge(armWrite);
    expect(refused).toMatchObject({
      allowed: false,
      retryAfterMs: 100,
      policy: 'x-ms-ratelimit-remaining-subscription-writes',
      headers: { 'x-ms-ratelimit-remaining-subscription-writes': '0' },
    });
    clock.advanceBy(1_000);
    expect(drain(model, armWrite, 1_000)).toBe(10);
  });

  it('keeps buckets apart per subscription (any case) and principal', () => {
    const model = new QuotaModel(azureQuotas(), new VirtualClock(new Date(0)));
    expect(drain(model, armWrite, 1_000)).toBe(200);
    expect(model.charge({ arm: { operation: 'writes', subscriptionId: 's1', principal: 'p' } }).allowed).toBe(
      false,
    );
    expect(model.charge({ arm: { operation: 'writes', subscriptionId: 's2', principal: 'p' } }).allowed).toBe(
      true,
    );
    expect(
      model.charge({ arm: { operation: 'writes', subscriptionId: 's1', principal: 'other' } }).allowed,
    ).toBe(true);
    expect(model.charge({ arm: { operation: 'reads', subscriptionId: 's1', principal: 'p' } }).allowed).toBe(
      true,
    );
  });

  it('applies Compute’s snapshot-create windows per subscription and region, reporting both in one header', () => {
    const limits: QuotaLimits = { ...azureQuotas(), arm: unlimitedQuotas().arm };
    const clock = new VirtualClock(new Date(0));
    const model = new QuotaModel(limits, clock);
    const first = model.charge(snapshotCreate());
    expect(first).toMatchObject({
      allowed: true,
      headers: {
        'x-ms-ratelimit-remaining-resource':
          'Microsoft.Compute/HighCostSnapshotCreateHydrate3Min;999,Microsoft.Compute/HighCostSnapshotCreateHydrate30Min;7999',
      },
    });
    expect(drain(model, snapshotCreate(), 5_000)).toBe(999);
    const refused = model.charge(snapshotCreate());
    expect(refused).toMatchObject({
      allowed: false,
      retryAfterMs: 180,
      policy: 'Microsoft.Compute/HighCostSnapshotCreateHydrate3Min',
    });
    expect(model.charge(snapshotCreate('northeurope')).allowed).toBe(true);
  });

  it('lets the 30-minute window bind once the 3-minute one has refilled often enough', () => {
    const limits: QuotaLimits = { ...azureQuotas(), arm: unlimitedQuotas().arm };
    const clock = new VirtualClock(new Date(0));
    const model = new QuotaModel(limits, clock);
    let created = 0;
    for (let minute = 0; minute < 30 && created < 9_000; minute += 3) {
      created += drain(model, snapshotCreate(), 9_000);
      clock.advanceBy(3 * 60_000);
    }
    expect(created).toBeLessThan(8_000 + 1_000 + 50);
    expect(created).toBeGreaterThan(7_900);
  });

  it('allows 15 Resource Graph queries per 5 seconds per user', () => {
    const clock = new VirtualClock(new Date(0));
    const model = new QuotaModel(azureQuotas(), clock);
    const query = { resourceGraph: { principal: 'p' } };
    expect(drain(model, query, 100)).toBe(15);
    expect(model.charge(query)).toMatchObject({ allowed: false, retryAfterMs: 334, policy: 'ResourceGraph' });
  });

  it('never refuses with unlimited quotas', () => {
    const model = new QuotaModel(unlimitedQuotas(), new VirtualClock(new Date(0)));
    expect(drain(model, snapshotCreate(), 20_000)).toBe(20_000);
  });

  it('charges nothing for a refused request', () => {
    const clock = new VirtualClock(new Date(0));
    const model = new QuotaModel(
      {
        ...unlimitedQuotas(),
        arm: { reads: undefined, writes: { capacity: 1, windowMs: 1_000 }, deletes: undefined },
      },
      clock,
    );
    expect(model.charge(armWrite).allowed).toBe(true);
    for (let i = 0; i < 5; i++) expect(model.charge(armWrite).allowed).toBe(false);
    clock.advanceBy(1_000);
    expect(model.charge(armWrite).allowed).toBe(true);
  });
});
