import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { toShanghaiIso } from './calendar.domain.ts';
import type { IncidentRecord } from './incidents.repo.ts';
import type { IncidentSource } from './incidents.schema.ts';
import { INCIDENT_VOCABULARY } from './incidents.vocabulary.ts';
import { maskName, maskPhone, toCsv } from '../residents/residents.domain.ts';

/** Where a report came from, in the words of the incident screens. */
const SOURCE_WORDS: Record<IncidentSource, string> = {
  patrol: '巡查上报', resident: '居民反映', hotline: '12345 热线', video: '视频发现', assigned: '上级交办', open311: '外部应用',
};
const OPEN = new Set(['reported', 'accepted', 'dispatched', 'handling', 'fed_back']);

/** The export's columns: Chinese headers, with the width (in characters) each gets in Excel. */
const COLUMNS = [
  ['案件编号', 10], ['上报时间', 20], ['类别编码', 8], ['类别', 16], ['问题描述', 40], ['来源', 10], ['地址', 28], ['网格', 16], ['网格编码', 17],
  ['社区', 14], ['街道', 14], ['状态', 12], ['所在层级', 10], ['承办单位', 20], ['处置时限截止', 20], ['是否超期', 8], ['结案时间', 20],
  ['按期结案', 8], ['返工次数', 8], ['上报人（脱敏）', 12], ['联系电话（脱敏）', 14], ['满意度', 6], ['数据来源', 12],
] as const;
export const EXPORT_HEADER: readonly string[] = COLUMNS.map(([h]) => h);

const when = (t: Date | null) => (t ? toShanghaiIso(t).slice(0, 16).replace('T', ' ') : '');
const yesNo = (v: boolean | null) => (v === null ? '' : v ? '是' : '否');

/** One case as an export row: codes in words, times in Beijing time, the reporter's name and phone masked. */
export function exportRow(r: IncidentRecord, now: Date): string[] {
  const overdue = OPEN.has(r.status) && r.dueAt !== null && now.getTime() > r.dueAt.getTime();
  return [
    String(r.id), when(r.reportedAt), r.categoryCode, r.categoryName, r.description, SOURCE_WORDS[r.source as IncidentSource] ?? r.source,
    r.address ?? '', r.grid?.name ?? '', r.grid?.code ?? '', r.community.name, r.town?.name ?? '',
    INCIDENT_VOCABULARY.statuses[r.status].zh, INCIDENT_VOCABULARY.levels[r.level].zh, r.assignee?.name ?? '',
    when(r.dueAt), yesNo(overdue), when(r.closedAt), yesNo(r.closedOnTime), String(r.state.reworkCount ?? 0),
    r.anonymous ? '匿名' : (maskName(r.reporterName) ?? ''), maskPhone(r.reporterPhone) ?? '', r.rating === null ? '' : String(r.rating),
    r.synthetic ? '演示合成数据' : '登记',
  ];
}

/** The cases as CSV (UTF-8 with a BOM, so Excel opens the Chinese right). */
export function incidentsCsv(rows: readonly IncidentRecord[], now: Date): string {
  return toCsv(EXPORT_HEADER, rows.map((r) => exportRow(r, now)));
}

/**
 * The cases as an .xlsx workbook, streamed as it is written: one sheet, a bold frozen header, every cell
 * text (nothing a reporter typed can become a formula).
 */
export function incidentsXlsx(rows: readonly IncidentRecord[], now: Date): ReadableStream<Uint8Array> {
  const out = new PassThrough();
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: true, useStyles: true });
  const write = async () => {
    const sheet = book.addWorksheet('事件列表', { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = COLUMNS.map(([header, width]) => ({ header, width }));
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).commit();
    for (const r of rows) sheet.addRow(exportRow(r, now)).commit();
    sheet.commit();
    await book.commit();
  };
  write().catch((err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))));
  return Readable.toWeb(out) as ReadableStream<Uint8Array>;
}
