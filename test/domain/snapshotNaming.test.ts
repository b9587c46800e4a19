import { diskHash8, disksWithSharedNames, expiryOf, snapshotName } from '../../src/domain/snapshotNaming';

const id = (rg: string, name: string, sub = '00000000-0000-0000-0000-000000000001') =>
  `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Compute/disks/${name}`;
const LABEL = '2026-11-25T12-00AM';

describe('snapshotName', () => {
  it('is {disk}-{time} for a CSI disk', () => {
    const disk = {
      id: id('MC_rg', 'pvc-1f2e3d4c-0000-4000-8000-000000000001'),
      name: 'pvc-1f2e3d4c-0000-4000-8000-000000000001',
    };
    expect(snapshotName(disk, LABEL, false)).toBe(
      'pvc-1f2e3d4c-0000-4000-8000-000000000001-2026-11-25T12-00AM',
    );
  });

  it('uses the hash form when the plain name would exceed 80 characters, cutting the disk name to fit', () => {
    const name = 'static-reporting-warehouse-primary-replica-data-volume-westeurope-01';
    const disk = { id: id('MC_rg', name), name };
    const result = snapshotName(disk, LABEL, false);
    expect(result).toHaveLength(80);
    expect(result).toBe(`${name.slice(0, 80 - 28)}-${diskHash8(disk.id)}-${LABEL}`);
    expect(result).toMatch(/^[A-Za-z0-9][A-Za-z0-9_.-]{78}[A-Za-z0-9_]$/);
  });

  it('keeps two long names apart that are the same after shortening', () => {
    const common = 'reporting-warehouse-primary-replica-data-volume-westeurope';
    const a = { id: id('rg', `${common}-001`), name: `${common}-001` };
    const b = { id: id('rg', `${common}-002`), name: `${common}-002` };
    const [nameA, nameB] = [snapshotName(a, LABEL, false), snapshotName(b, LABEL, false)];
    expect(nameA.slice(0, 52)).toBe(nameB.slice(0, 52));
    expect(nameA).not.toBe(nameB);
    expect([nameA.length, nameB.length]).toEqual([80, 80]);
  });

  it('goes to the hash form at 81 characters', () => {
    const name = 'd'.repeat(80 - LABEL.length);
    expect(snapshotName({ id: id('rg', name), name }, LABEL, false)).toMatch(
      /^d+-[0-9a-f]{8}-2026-11-25T12-00AM$/,
    );
  });

  it('keeps a plain name of exactly 80 characters', () => {
    const name = 'd'.repeat(80 - LABEL.length - 1);
    expect(snapshotName({ id: id('rg', name), name }, LABEL, false)).toBe(`${name}-${LABEL}`);
  });

  it('tells two same-name disks apart by the hash of their ids', () => {
    const prod = { id: id('MC_prod', 'shared-config'), name: 'shared-config' };
    const dev = { id: id('MC_dev', 'Shared-Config'), name: 'Shared-Config' };
    const shared = disksWithSharedNames([prod, dev, { id: id('MC_prod', 'other'), name: 'other' }]);
    expect([...shared].sort()).toEqual([prod.id.toLowerCase(), dev.id.toLowerCase()].sort());
    const a = snapshotName(prod, LABEL, shared.has(prod.id.toLowerCase()));
    const b = snapshotName(dev, LABEL, shared.has(dev.id.toLowerCase()));
    expect(a).toBe(`shared-config-${diskHash8(prod.id)}-${LABEL}`);
    expect(b).toBe(`Shared-Config-${diskHash8(dev.id)}-${LABEL}`);
    expect(a.toLowerCase()).not.toBe(b.toLowerCase());
  });

  it('hashes the lower-cased id, so the id’s case does not change the name', () => {
    expect(diskHash8(id('MC_RG', 'X'))).toBe(diskHash8(id('mc_rg', 'x')));
    expect(diskHash8(id('MC_RG', 'X'))).toMatch(/^[0-9a-f]{8}$/);
  });
});

describe('expiryOf', () => {
  it.each([
    ['2026-11-24T23:00:00.000Z', 3, '2026-11-27T23:00:00.000Z'],
    ['2026-11-24T23:00:00.000Z', 1, '2026-11-25T23:00:00.000Z'],
    ['2026-03-28T23:00:00.000Z', 7, '2026-04-04T23:00:00.000Z'],
  ])('%s + %i days → %s', (slot, days, expected) => {
    expect(expiryOf(new Date(slot), days).toISOString()).toBe(expected);
  });
});
