import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import {
  addressWords, buildingWords, GENDER_WORDS, groupsWords, placeWords, RELATION_WORDS, roomWords, wordOf,
} from './ledger-words.domain.ts';
import { toCsv } from './residents.domain.ts';
import type { ResidentRow } from './residents.repo.ts';

/** The export's columns: Chinese headers, with the width (in characters) each gets in Excel. */
const COLUMNS = [
  ['网格名称', 16], ['网格编码', 17], ['小区', 18], ['楼栋', 12], ['单元', 6], ['房号', 8], ['住址', 36], ['姓名', 10], ['性别', 5],
  ['出生日期', 11], ['身份证号（脱敏）', 20], ['电话（脱敏）', 14], ['与户主关系', 10], ['重点人群', 18], ['数据来源', 12],
] as const;
export const EXPORT_HEADER: readonly string[] = COLUMNS.map(([h]) => h);

/** One resident as an export row, every code in words; the row must already be masked. */
export function exportRow(r: ResidentRow): string[] {
  const where = { compound: r.compound, community: r.community, building: r.building, entrance: r.household.entrance, room: r.household.room };
  return [
    r.gridName ?? '', r.gridCode ?? '', placeWords(where), buildingWords(r.building), `${r.household.entrance}单元`, roomWords(r.household.room),
    addressWords(where), r.name, wordOf(GENDER_WORDS, r.gender), r.birthDate ?? '', r.idNumber ?? '', r.phone ?? '',
    wordOf(RELATION_WORDS, r.relation), groupsWords(r.specialGroups), r.synthetic ? '演示合成数据' : '登记',
  ];
}

/** The ledger as CSV (UTF-8 with a BOM, so Excel opens the Chinese right). */
export function residentsCsv(rows: readonly ResidentRow[]): string {
  return toCsv(EXPORT_HEADER, rows.map(exportRow));
}

/**
 * The ledger as an .xlsx workbook, streamed as it is written: one sheet, a bold frozen header,
 * every cell text (ID numbers stay text, and nothing a resident typed can become a formula).
 */
export function residentsXlsx(rows: readonly ResidentRow[]): ReadableStream<Uint8Array> {
  const out = new PassThrough();
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: true, useStyles: true });
  const write = async () => {
    const sheet = book.addWorksheet('居民台账', { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = COLUMNS.map(([header, width]) => ({ header, width }));
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).commit();
    for (const r of rows) sheet.addRow(exportRow(r)).commit();
    sheet.commit();
    await book.commit();
  };
  write().catch((err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))));
  return Readable.toWeb(out) as ReadableStream<Uint8Array>;
}
