import { describeFault, faultSchedule } from './fault-schedule.js';

const MINI = {
  processes: ['main', 'catalog'],
  modules: ['catalog', 'orders'],
  remoteModules: ['catalog'],
  broker: true,
};
const MACRO = { processes: ['main'], modules: ['catalog', 'orders'], remoteModules: [], broker: false };

describe('fault schedule', () => {
  it('is the same for the same seed, and another for another seed', () => {
    const first = faultSchedule(7, MINI, 60_000);
    expect(faultSchedule(7, MINI, 60_000)).toEqual(first);
    expect(faultSchedule(8, MINI, 60_000)).not.toEqual(first);
    expect(first.length).toBeGreaterThan(5);
  });

  it('keeps faults apart and in the run, and draws only what the deployment has', () => {
    const schedule = faultSchedule(3, MACRO, 60_000);
    for (const [index, { atMs }] of schedule.entries()) {
      expect(atMs).toBeLessThan(60_000);
      if (index > 0) expect(atMs).toBeGreaterThan(schedule[index - 1].atMs);
    }
    const kinds = new Set(schedule.map(({ fault }) => fault.kind));
    expect(kinds.has('broker-down')).toBe(false);
    expect(kinds.has('link-cut')).toBe(false);
    expect(kinds.has('partition')).toBe(false);
    expect(schedule.map(({ fault }) => describeFault(fault)).every((text) => text.length > 0)).toBe(true);
  });

  it('cuts off only the process in a network namespace, when there is one', () => {
    const partitions = [1, 2, 3, 4, 5, 6]
      .flatMap((seed) => faultSchedule(seed, { ...MINI, isolated: 'catalog' }, 60_000))
      .flatMap(({ fault }) => (fault.kind === 'partition' ? [fault] : []));
    expect(partitions.length).toBeGreaterThan(0);
    expect(new Set(partitions.map((fault) => fault.process))).toEqual(new Set(['catalog']));
  });
});
