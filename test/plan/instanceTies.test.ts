import { describe, expect, it } from 'vitest';
import { loadPlan } from '../../src/plan/planLoader.js';

/** Two instances of one module, each with two subnets and an instance: every keyless name has four candidates. */
function plan(): unknown {
  const change = (address: string, type: string) => ({
    address,
    mode: 'managed',
    type,
    change: { actions: ['create'], after: {} },
  });
  const resource_changes = [];
  for (const m of ['a', 'b'])
    for (const i of [0, 1]) {
      resource_changes.push(change(`module.m["${m}"].aws_subnet.p[${i}]`, 'aws_subnet'));
      resource_changes.push(change(`module.m["${m}"].aws_instance.x[${i}]`, 'aws_instance'));
    }
  return { format_version: '1.2', resource_changes, configuration: { root_module: {} } };
}

describe('keyless addresses among instances of a repeated module', () => {
  const loaded = loadPlan(plan(), 'ties.json');

  it('resolve to the referrer’s module instance and count.index', () => {
    expect(loaded.canonical('module.m.aws_subnet.p', 'module.m["b"].aws_instance.x[1]')).toBe(
      'module.m["b"].aws_subnet.p[1]',
    );
    expect(loaded.canonical('module.m.aws_subnet.p', 'module.m["a"].aws_instance.x[0]')).toBe(
      'module.m["a"].aws_subnet.p[0]',
    );
  });

  it('fall back to the module instance’s first, then to the first of all', () => {
    expect(loaded.canonical('module.m.aws_subnet.p', 'module.m["b"].aws_instance.x')).toBe(
      'module.m["b"].aws_subnet.p[0]',
    );
    expect(loaded.canonical('module.m.aws_subnet.p', 'module.m["c"].aws_instance.x[1]')).toBe(
      'module.m["a"].aws_subnet.p[0]',
    );
    expect(loaded.canonical('module.m.aws_subnet.p')).toBe('module.m["a"].aws_subnet.p[0]');
  });

  it('keep each name’s ties apart', () => {
    expect(loaded.canonical('module.m.aws_instance.x', 'module.m["b"].aws_subnet.p[1]')).toBe(
      'module.m["b"].aws_instance.x[1]',
    );
    expect(loaded.instances('module.m["b"].aws_subnet.p')).toEqual([
      'module.m["b"].aws_subnet.p[0]',
      'module.m["b"].aws_subnet.p[1]',
    ]);
  });
});
