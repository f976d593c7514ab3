/**
 * Where to dispatch first (the routing rule of 数字城管): 事件先属地、后属主 — an event goes first to the
 * territorial units of the street office (城管, 环卫, 园林…), then to the unit that owns what is involved
 * (water, gas, power, property companies); 部件先属主、后属地 — a component (a manhole, a lamp) goes to its
 * owner first. Within each, the unit of the category's responsible kind comes first. Pure.
 */

/** Kinds of unit that own facilities (属主) rather than govern a territory (属地). */
export const OWNER_KINDS: readonly string[] = ['water', 'gas', 'power', 'property', 'transport'];

export interface RoutingUnit {
  kind: string;
  /** The level of the jurisdiction the unit serves: 'town' (the street office) or 'county'. */
  level: string;
  name: string;
}

/** The units in the order to offer them, the first group marked suggested, each with its role (属地 or 属主). */
export function routingOrder<T extends RoutingUnit>(units: readonly T[], responsible: string | null, component = false) {
  const rank = (u: T) => {
    const match = u.kind === responsible;
    const territorial = !OWNER_KINDS.includes(u.kind);
    const local = u.level === 'town';
    // lower is earlier
    const first = component ? !territorial : territorial && local;
    return [first && match ? 0 : first ? 1 : match ? 2 : 3, local ? 0 : 1];
  };
  const ranked = units.map((u) => ({ u, r: rank(u) }))
    .sort((a, b) => a.r[0]! - b.r[0]! || a.r[1]! - b.r[1]! || a.u.name.localeCompare(b.u.name, 'zh-CN'));
  const top = ranked[0]?.r[0];
  return ranked.map(({ u, r }) => ({ ...u, suggested: r[0] === top, role: OWNER_KINDS.includes(u.kind) ? ('owner' as const) : ('territorial' as const) }));
}
