/** Fictional place names: two syllables from auspicious-sounding pools, unique within a namer. */
import type { Random } from '../seed/random.ts';

const FIRST = '青明安和兴华康宁丰泰嘉瑞祥云翠金银锦绣春秋松柏桂兰梅竹荷枫杏桃柳溪湖江河滨海山岭峰泉石清平新';
const SECOND = '园苑庭轩阁坊居湾城林里岸畔坪坞塘桥港苑庄湾泽苑都庭景台府汇邸苑境';

/** Produces names never seen before by this namer (falls back to numbered ones when the pools run dry). */
export function createNamer(rng: Random): (suffix: string) => string {
  const seen = new Set<string>();
  let spare = 0;
  return (suffix) => {
    for (let attempt = 0; attempt < 40; attempt++) {
      const name = `${rng.pick([...FIRST])}${rng.pick([...FIRST + SECOND])}${suffix}`;
      if (!seen.has(name)) {
        seen.add(name);
        return name;
      }
    }
    spare += 1;
    return `第${spare}${suffix}`;
  };
}

/** A grid's display name from its community name and sequence number. */
export function gridName(community: string, seq: number): string {
  return `${community.replace(/社区$/, '')}第${seq}网格`;
}
