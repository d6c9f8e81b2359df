/**
 * One file's coverage as it crosses from the worker to the extension host, described once: each
 * column names its row group, its element type and whether it holds line numbers. The type
 * `FileDetail`, the worker's allocation (one buffer), the transfer list and the live remap of
 * line numbers all come from this table, so a column added here cannot be forgotten in any of them.
 * Lines are 1-based (core's convention).
 */
import { REMOVED } from '../core/lines/lineMap';

/** A row group: the column that keys it (line numbers) and the columns that run parallel to it. */
export const ROW_GROUPS = {
  line: 'lines',
  branch: 'branchLines',
  function: 'functionStartLines',
  checksum: 'checksumLines',
} as const;
export type RowGroup = keyof typeof ROW_GROUPS;

const ARRAYS = { float64: Float64Array, uint32: Uint32Array, uint8: Uint8Array } as const;
interface ArrayTypes {
  readonly float64: Float64Array;
  readonly uint32: Uint32Array;
  readonly uint8: Uint8Array;
}
type NumberArrayType = keyof ArrayTypes;

interface NumberColumn {
  readonly group: RowGroup;
  readonly array: NumberArrayType;
  /**
   * `key`: the group's line numbers (a row whose line is removed goes with it); `optional`: a line
   * number where 0 means none (a removed line reads 0); absent: not a line number.
   */
  readonly line?: 'key' | 'optional';
}

interface StringColumn {
  readonly group: RowGroup;
  readonly array: 'strings';
}

export const FILE_DETAIL_COLUMNS = {
  lines: { group: 'line', array: 'uint32', line: 'key' },
  /** Hit count per line, or UNKNOWN_HITS. */
  hits: { group: 'line', array: 'float64' },
  /** LineStatus per line. */
  status: { group: 'line', array: 'uint8' },
  branchesTotal: { group: 'line', array: 'uint32' },
  branchesCovered: { group: 'line', array: 'uint32' },
  branchLines: { group: 'branch', array: 'uint32', line: 'key' },
  /** Times taken, or NEVER_EVALUATED. */
  branchTaken: { group: 'branch', array: 'float64' },
  branchLabels: { group: 'branch', array: 'strings' },
  functionNames: { group: 'function', array: 'strings' },
  functionStartLines: { group: 'function', array: 'uint32', line: 'key' },
  /** 0 when the report does not say. */
  functionEndLines: { group: 'function', array: 'uint32', line: 'optional' },
  functionHits: { group: 'function', array: 'float64' },
  /** Lines with a source checksum in a report, and those checksums (LCOV `DA:line,hits,md5`). */
  checksumLines: { group: 'checksum', array: 'uint32', line: 'key' },
  checksums: { group: 'checksum', array: 'strings' },
} as const satisfies Record<string, NumberColumn | StringColumn>;

type Columns = typeof FILE_DETAIL_COLUMNS;
export type ColumnName = keyof Columns;
type ColumnValue<C> = C extends { readonly array: infer A } ? (A extends NumberArrayType ? ArrayTypes[A] : readonly string[]) : never;

/** One file's coverage as transferable arrays (1-based lines), plus per-test line sets. */
export type FileDetail = { readonly [K in ColumnName]: ColumnValue<Columns[K]> } & {
  /** Per-test coverage: the lines each named test ran, parallel to `testNames`. */
  readonly testNames: readonly string[];
  readonly testLines: readonly Uint32Array[];
};

export const COLUMN_NAMES = Object.keys(FILE_DETAIL_COLUMNS) as ColumnName[];
export type NumberColumnName = { [K in ColumnName]: Columns[K] extends { readonly array: 'strings' } ? never : K }[ColumnName];
export type StringColumnName = Exclude<ColumnName, NumberColumnName>;
const NUMBER_COLUMNS = COLUMN_NAMES.filter((name): name is NumberColumnName => FILE_DETAIL_COLUMNS[name].array !== 'strings');

/**
 * Every number column of a detail with `rows[group]` rows, as views into one new buffer (widest
 * elements first, so each view is aligned): one allocation, one transfer.
 */
export function allocateNumberColumns(rows: Readonly<Record<RowGroup, number>>): { [K in NumberColumnName]: FileDetail[K] } {
  const byWidth = [...NUMBER_COLUMNS].sort((a, b) => width(b) - width(a));
  let bytes = 0;
  for (const name of byWidth) bytes += width(name) * rows[FILE_DETAIL_COLUMNS[name].group];
  const buffer = new ArrayBuffer(bytes);
  const columns: Record<string, unknown> = {};
  let offset = 0;
  for (const name of byWidth) {
    const length = rows[FILE_DETAIL_COLUMNS[name].group];
    columns[name] = new ARRAYS[numberArray(name)](buffer, offset, length);
    offset += width(name) * length;
  }
  return columns as { [K in NumberColumnName]: FileDetail[K] };
}

/**
 * The buffers of a detail's typed arrays, each once (the arrays may share one buffer, and
 * postMessage throws on a buffer listed twice), for postMessage's transfer list.
 */
export function transferablesOf(detail: FileDetail): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const name of NUMBER_COLUMNS) buffers.add(detail[name].buffer as ArrayBuffer);
  for (const lines of detail.testLines) buffers.add(lines.buffer as ArrayBuffer);
  return [...buffers];
}

/** Every line number the detail mentions (0, "none", excepted), sorted and unique. */
export function referencedLines(detail: FileDetail): Uint32Array {
  const all = new Set<number>();
  for (const name of NUMBER_COLUMNS) {
    if (!('line' in FILE_DETAIL_COLUMNS[name])) continue;
    for (const line of detail[name]) if (line > 0) all.add(line);
  }
  return Uint32Array.from([...all].sort((a, b) => a - b));
}

/**
 * The detail with every line number moved by `moved` (1-based → 1-based, or REMOVED: a line edited away); a row
 * whose key line is removed is dropped from every column of its group.
 */
export function remapDetail(detail: FileDetail, moved: (line: number) => number): FileDetail {
  const kept = {} as Record<RowGroup, number[]>;
  for (const group of Object.keys(ROW_GROUPS) as RowGroup[]) {
    const keys = detail[ROW_GROUPS[group]];
    const indices: number[] = [];
    for (let i = 0; i < keys.length; i++) if (moved(keys[i] as number) !== REMOVED) indices.push(i);
    kept[group] = indices;
  }
  const remapped: Record<string, unknown> = {};
  for (const name of COLUMN_NAMES) {
    const column: NumberColumn | StringColumn = FILE_DETAIL_COLUMNS[name];
    const indices = kept[column.group];
    if (column.array === 'strings') {
      const values = detail[name as StringColumnName];
      remapped[name] = indices.map((i) => values[i] ?? '');
      continue;
    }
    const values = detail[name as NumberColumnName];
    const line = column.line;
    const out = new ARRAYS[column.array](indices.length);
    indices.forEach((i, k) => {
      const value = values[i] as number;
      out[k] = line === undefined || value === 0 ? value : moved(value);
    });
    remapped[name] = out;
  }
  return {
    ...(remapped as { [K in ColumnName]: FileDetail[K] }),
    testNames: detail.testNames,
    testLines: detail.testLines.map((lines) => Uint32Array.from(lines.filter((line) => moved(line) !== REMOVED), moved)),
  };
}

function numberArray(name: NumberColumnName): NumberArrayType {
  return (FILE_DETAIL_COLUMNS[name] as NumberColumn).array;
}

function width(name: NumberColumnName): number {
  return ARRAYS[numberArray(name)].BYTES_PER_ELEMENT;
}
