import { describe, expect, it } from 'vitest';
import { routingOrder } from './routing.domain.ts';

const units = [
  { name: '海淀区城管委', kind: 'urban_management', level: 'county' },
  { name: '燃气公司', kind: 'gas', level: 'county' },
  { name: '街道环卫所', kind: 'sanitation', level: 'town' },
  { name: '街道城管执法队', kind: 'urban_management', level: 'town' },
  { name: '物业公司', kind: 'property', level: 'town' },
];
const names = (xs: { name: string }[]) => xs.map((x) => x.name);

describe('事件先属地、后属主 / 部件先属主、后属地', () => {
  it('offers an event to the street office\'s own units first, the responsible kind before the others, owners after', () => {
    const r = routingOrder(units, 'urban_management');
    expect(names(r)).toEqual(['街道城管执法队', '街道环卫所', '海淀区城管委', '物业公司', '燃气公司']);
    expect(r.filter((x) => x.suggested).map((x) => x.name)).toEqual(['街道城管执法队']);
  });

  it('still offers a territorial unit first when the event\'s responsible kind is an owner', () => {
    const r = routingOrder(units, 'gas');
    expect(names(r).slice(0, 2)).toEqual(['街道城管执法队', '街道环卫所']);
    expect(r.find((x) => x.name === '燃气公司')!.role).toBe('owner');
  });

  it('offers a component to its owner first', () => {
    expect(names(routingOrder(units, 'gas', true))[0]).toBe('燃气公司');
    expect(routingOrder(units, 'gas', true).filter((x) => x.suggested).map((x) => x.name)).toEqual(['燃气公司']);
    expect(routingOrder([], 'gas')).toEqual([]);
  });
});
