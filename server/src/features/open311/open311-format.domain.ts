/**
 * Open311 GeoReport v2 documents in its two formats: the same value as JSON, or as XML whose lists
 * are wrapped the way the spec (and FixMyStreet's XML::Simple reader) expects — `<services><service>`,
 * `<service_requests><request>`, `<errors><error>`. Pure: the routes choose the document, this file
 * writes it; absent fields (null or undefined) are left out of both formats alike.
 */
import { XMLBuilder, XMLParser } from 'fast-xml-parser';

export const FORMATS = ['json', 'xml'] as const;
export type Format = (typeof FORMATS)[number];

/** A value of an Open311 document. */
export type Doc = string | number | boolean | null | undefined | Doc[] | { [key: string]: Doc };

/** The element of each item of a list, by the list's name (the spec's names). */
export const XML_ITEMS: Readonly<Record<string, string>> = {
  services: 'service', service_requests: 'request', errors: 'error', endpoints: 'endpoint', formats: 'format', attributes: 'attribute', values: 'value',
};

/** An answer the spec shapes as `[{code, description}]`, with the HTTP status it goes out with. */
export class Open311Error extends Error {
  constructor(readonly status: 400 | 403 | 404 | 413 | 500 | 503, readonly descriptions: string[]) {
    super(descriptions.join('; '));
    this.name = 'Open311Error';
  }
}

/** `"12.json"` → `{ name: "12", format: "json" }`; null without a .json or .xml ending. */
export function splitFormat(file: string): { name: string; format: Format } | null {
  const m = /^(.+)\.(json|xml)$/.exec(file);
  return m ? { name: m[1]!, format: m[2] as Format } : null;
}

/** The format a path asks for (its ending); JSON when it names none, as for an unknown path. */
export const formatOfPath = (path: string): Format => (path.endsWith('.xml') ? 'xml' : 'json');

// XML 1.0 cannot carry C0 controls other than tab, LF and CR, U+FFFE/U+FFFF, or lone surrogates
// (JSON can, escaped): they are dropped so both formats say the same
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text with the characters XML cannot hold removed. */
export const xmlSafe = (s: string) => s.replace(NOT_XML, '');

/** The value with absent fields removed and text made XML-safe: what both formats carry. */
export function clean(v: Doc): Doc {
  if (Array.isArray(v)) return v.map(clean);
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null && x !== undefined).map(([k, x]) => [k, clean(x)]));
  }
  return typeof v === 'string' ? xmlSafe(v) : v;
}

function node(v: Doc, key: string): unknown {
  if (Array.isArray(v)) {
    const item = XML_ITEMS[key] ?? 'item';
    return { [item]: v.map((x) => node(x, item)) };
  }
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, node(x, k)]));
  return String(v);
}

const builder = new XMLBuilder({ format: false, suppressEmptyNode: false, processEntities: true, ignoreAttributes: false });

/** The XML document: UTF-8 declared, text escaped, Chinese kept as it is. */
export function xmlDocument(root: string, value: Doc): string {
  return builder.build({ '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' }, [root]: node(clean(value), root) }) as string;
}

const CONTENT_TYPES: Record<Format, string> = { json: 'application/json; charset=UTF-8', xml: 'text/xml; charset=UTF-8' };

/** A document as the body and content type of an answer. */
export function renderDoc(format: Format, root: string, value: Doc): { body: string; contentType: string } {
  return { body: format === 'json' ? JSON.stringify(clean(value)) : xmlDocument(root, value), contentType: CONTENT_TYPES[format] };
}

/** The spec's error document. */
export function errorDoc(format: Format, status: number, descriptions: string[]) {
  return renderDoc(format, 'errors', descriptions.map((description) => ({ code: status, description })));
}

const parser = new XMLParser({ parseTagValue: false, ignoreDeclaration: true, isArray: (name) => Object.values(XML_ITEMS).includes(name) });

function unwrap(v: unknown, key: string): Doc {
  const item = XML_ITEMS[key];
  if (item) {
    // an empty list is an empty element
    const list = v === '' || v === undefined ? [] : (v as Record<string, unknown>)[item];
    return Array.isArray(list) ? list.map((x) => unwrap(x, item)) : [];
  }
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unwrap(x, k)]));
  return String(v);
}

/** An XML document read back as the JSON value it stands for (every leaf as text): `{ root, value }`. */
export function readXmlDoc(xml: string): { root: string; value: Doc } {
  const parsed = parser.parse(xml, true) as Record<string, unknown>;
  const [root, value] = Object.entries(parsed)[0] ?? ['', ''];
  return { root, value: unwrap(value, root) };
}

/** The value as the XML reader gives it back: every leaf as text. */
export function asText(v: Doc): Doc {
  const c = clean(v);
  if (Array.isArray(c)) return c.map(asText);
  if (c !== null && typeof c === 'object') return Object.fromEntries(Object.entries(c).map(([k, x]) => [k, asText(x)]));
  return String(c);
}

/** The errors of an Open311 error answer in either format, or null when it is not one. */
export function readErrors(body: string): { code: string; description: string }[] | null {
  try {
    const doc: Doc = body.trimStart().startsWith('<') ? (readXmlDoc(body).root === 'errors' ? readXmlDoc(body).value : null) : JSON.parse(body) as Doc;
    if (!Array.isArray(doc) || doc.length === 0) return null;
    const errors = doc.map((e) => (e && typeof e === 'object' && !Array.isArray(e) ? { code: String(e.code), description: e.description } : null));
    return errors.every((e) => e !== null && /^\d{3}$/.test(e.code) && typeof e.description === 'string')
      ? (errors as { code: string; description: string }[]) : null;
  } catch {
    return null;
  }
}
