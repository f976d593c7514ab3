import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { toShanghaiIso } from '../incidents/calendar.domain.ts';
import type { CoverageService } from './coverage.service.ts';

type Gaps = Awaited<ReturnType<CoverageService['gaps']>>;
type Sheet = { name: string; columns: readonly (readonly [string, number])[]; rows: string[][] };

const when = (t: Date | string | null) => (t ? toShanghaiIso(new Date(t)).slice(0, 16).replace('T', ' ') : '从未');
const STAFFING = { ok: '齐备', no_leader: '缺网格长', no_assistant: '缺协管员', nobody: '无人' } as const;
const NORMS = { daily: '每日', weekly: '每周' } as const;
const ROLES: Record<string, string> = { grid_leader: '网格长', grid_assistant: '网格协管员', supervisor: '网格督导员', community_manager: '社区书记/主任' };
const names = (people: { name: string }[]) => people.map((p) => p.name).join('、');
const planRow = (kind: string, p: Gaps['plan']['gaps'][number]) =>
  [kind, p.gridCodes.join('、'), p.areaM2 === null ? '' : String(Math.round(p.areaM2)), p.point[0].toFixed(6), p.point[1].toFixed(6)];

/** The gap lists as sheets with Chinese headers: grids, buildings, streets, workers, the plan's gaps and overlaps. */
export function gapSheets(g: Gaps): Sheet[] {
  return [
    { name: '网格', columns: [['网格编码', 17], ['网格', 24], ['社区编码', 14], ['社区', 16], ['最近巡查', 18], ['未巡查天数', 10], ['网格长', 14], ['协管员', 14], ['配员', 10]],
      rows: g.grids.map((r) => [r.gridCode, r.gridName, r.communityCode, r.communityName, when(r.lastPatrolledAt), r.daysSince === null ? '从未' : String(r.daysSince),
        names(r.leaders), names(r.assistants), STAFFING[r.staffing]]) },
    { name: `楼栋（${g.days}天未经过）`, columns: [['楼栋编号', 10], ['名称', 20], ['地址', 28], ['网格编码', 17], ['最近经过', 18], ['经度', 12], ['纬度', 12]],
      rows: g.buildings.items.map((b) => [String(b.id), b.name ?? '', b.address ?? '', b.gridCode, when(b.lastPassedAt), b.lon.toFixed(6), b.lat.toFixed(6)]) },
    { name: `街巷（${g.days}天未走过）`, columns: [['编号', 10], ['街巷', 20], ['网格编码', 17], ['长度（米）', 10], ['最近走过', 18]],
      rows: g.streets.items.map((s) => [String(s.id), s.name ?? '（无名道路）', s.gridCode, String(Math.round(s.lengthM)), when(s.lastWalkedAt)]) },
    { name: '人员', columns: [['用户编号', 10], ['姓名', 14], ['角色', 14], ['负责网格', 34], ['最近巡查', 18], ['巡查要求', 10], ['是否达标', 8]],
      rows: g.workers.map((w) => [String(w.userId), w.name, ROLES[w.role] ?? w.role, w.gridCodes.join('、'), when(w.lastPatrolAt), NORMS[w.norm], w.compliant ? '是' : '否']) },
    { name: '方案缝隙与重叠', columns: [['类型', 8], ['涉及网格', 34], ['面积（平方米）', 14], ['经度', 12], ['纬度', 12]],
      rows: [...g.plan.gaps.map((p) => planRow('缝隙', p)), ...g.plan.overlaps.map((p) => planRow('重叠', p))] },
  ];
}

/** The gap lists as an .xlsx workbook, streamed as it is written: a sheet per list, bold frozen headers, every cell text. */
export function gapsXlsx(g: Gaps): ReadableStream<Uint8Array> {
  const out = new PassThrough();
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: true, useStyles: true });
  const write = async () => {
    for (const s of gapSheets(g)) {
      const sheet = book.addWorksheet(s.name, { views: [{ state: 'frozen', ySplit: 1 }] });
      sheet.columns = s.columns.map(([header, width]) => ({ header, width }));
      sheet.getRow(1).font = { bold: true };
      sheet.getRow(1).commit();
      for (const r of s.rows) sheet.addRow(r).commit();
      sheet.commit();
    }
    await book.commit();
  };
  write().catch((err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))));
  return Readable.toWeb(out) as ReadableStream<Uint8Array>;
}
