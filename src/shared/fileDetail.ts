/**
 * One file's coverage as it crosses from the worker to the extension host, described once: each
 * column names its row group, its element type, whether it holds line numbers and which field of
 * the model's `FileCoverageData` it carries. The type `FileDetail`, the worker's copy of a model
 * file into one buffer, the transfer list and the live remap of line numbers all come from this
 * table, so a column added here cannot be forgotten in any of them; and a field added to
 * `FileCoverageData` fails to compile until a column carries it or MODEL_FIELDS_NOT_IN_COLUMNS
 * says why none does. Lines are 1-based (core's convention).
 */
import { REMOVED } from '../core/lines/lineMap';
import { type BranchDetail, type FileCoverageData, fillLineCoverage, type FunctionDetail } from '../core/model/model';

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

/** A field of the model's FileCoverageData; those of its branch and function detail by dotted path (`branchDetail.lines`). */
export type ModelField = {
  [K in keyof FileCoverageData]: FileCoverageData[K] extends BranchDetail | FunctionDetail ? `${K}.${Extract<keyof FileCoverageData[K], string>}` : K;
}[keyof FileCoverageData];

/** The model's fields that no column carries, and why. */
export const MODEL_FIELDS_NOT_IN_COLUMNS = {
  path: 'the request names the file',
  'branchDetail.blocks': 'the editor tells branches apart by line, label and order, never by block',
  'branchDetail.branches': 'the editor tells branches apart by line, label and order, never by branch id',
  tests: 'sent beside the columns, as testNames and testLines',
} as const satisfies Partial<Record<ModelField, string>>;

interface ColumnSource {
  /** The model field the column carries; absent: the report's line checksums (`checksum` group). */
  readonly model?: ModelField;
  /**
   * Filled as the model derives it (fillLineCoverage from hits and branches), not read: reading
   * a packed file's would make it keep its derived arrays.
   */
  readonly derived?: true;
}

interface NumberColumn extends ColumnSource {
  readonly group: RowGroup;
  readonly array: NumberArrayType;
  /**
   * `key`: the group's line numbers (a row whose line is removed goes with it); `optional`: a line
   * number where 0 means none (a removed line reads 0); absent: not a line number.
   */
  readonly line?: 'key' | 'optional';
}

interface StringColumn extends ColumnSource {
  readonly group: RowGroup;
  readonly array: 'strings';
}

export const FILE_DETAIL_COLUMNS = {
  lines: { group: 'line', array: 'uint32', line: 'key', model: 'lines' },
  /** Hit count per line, or UNKNOWN_HITS. */
  hits: { group: 'line', array: 'float64', model: 'hits' },
  /** LineStatus per line. */
  status: { group: 'line', array: 'uint8', model: 'status', derived: true },
  branchesTotal: { group: 'line', array: 'uint32', model: 'branchesTotal', derived: true },
  branchesCovered: { group: 'line', array: 'uint32', model: 'branchesCovered', derived: true },
  branchLines: { group: 'branch', array: 'uint32', line: 'key', model: 'branchDetail.lines' },
  /** Times taken, or NEVER_EVALUATED. */
  branchTaken: { group: 'branch', array: 'float64', model: 'branchDetail.taken' },
  branchLabels: { group: 'branch', array: 'strings', model: 'branchDetail.labels' },
  functionNames: { group: 'function', array: 'strings', model: 'functions.names' },
  functionStartLines: { group: 'function', array: 'uint32', line: 'key', model: 'functions.startLines' },
  /** 0 when the report does not say. */
  functionEndLines: { group: 'function', array: 'uint32', line: 'optional', model: 'functions.endLines' },
  functionHits: { group: 'function', array: 'float64', model: 'functions.hits' },
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

/** Compiles only when T is never: the checks below name what is wrong in the error. */
type Never<T extends never> = T;
type ModelValue<F> = F extends `${infer O extends keyof FileCoverageData}.${infer I}` ? (I extends keyof FileCoverageData[O] ? FileCoverageData[O][I] : never) : F extends keyof FileCoverageData ? FileCoverageData[F] : never;
type CarriedFields = { [K in ColumnName]: Columns[K] extends { readonly model: infer F } ? F : never }[ColumnName];
/** A field of FileCoverageData that no column carries and MODEL_FIELDS_NOT_IN_COLUMNS does not name. */
export type EveryModelFieldIsPlaced = Never<Exclude<ModelField, CarriedFields | keyof typeof MODEL_FIELDS_NOT_IN_COLUMNS>>;
/** A column whose values are not those of the model field it names. */
export type EveryColumnFitsItsModelField = Never<{ [K in ColumnName]: Columns[K] extends { readonly model: infer F } ? (ModelValue<F> extends ColumnValue<Columns[K]> ? never : K) : never }[ColumnName]>;

/** The value of a model field (a ModelField path) of `file`. */
export function modelValue(file: FileCoverageData, field: ModelField): unknown {
  const dot = field.indexOf('.');
  if (dot < 0) return file[field as keyof FileCoverageData];
  const detail = file[field.slice(0, dot) as 'branchDetail' | 'functions'] as unknown as Readonly<Record<string, unknown>>;
  return detail[field.slice(dot + 1)];
}

/**
 * A model file (with the report's line checksums of it) as a detail, every column a copy of what
 * it carries: the transfer detaches what it sends, and the worker keeps the originals. The number
 * columns are views into one new buffer, so the detail is one allocation and one transfer.
 */
export function fileDetailOf(file: FileCoverageData, checksums: ReadonlyMap<number, string>): FileDetail {
  const checksumLines = [...checksums.keys()].sort((a, b) => a - b);
  const rows = {} as Record<RowGroup, number>;
  for (const group of Object.keys(ROW_GROUPS) as RowGroup[]) {
    const key: NumberColumn = FILE_DETAIL_COLUMNS[ROW_GROUPS[group]];
    rows[group] = key.model === undefined ? checksumLines.length : (modelValue(file, key.model) as Uint32Array).length;
  }
  const columns = allocateNumberColumns(rows);
  for (const name of NUMBER_COLUMNS) {
    const column: NumberColumn = FILE_DETAIL_COLUMNS[name];
    if (column.model !== undefined && column.derived !== true) (columns[name] as Float64Array).set(modelValue(file, column.model) as ArrayLike<number>);
  }
  fillLineCoverage(file, columns.status, columns.branchesTotal, columns.branchesCovered);
  columns.checksumLines.set(checksumLines);
  const strings = {} as Record<StringColumnName, readonly string[]>;
  for (const name of COLUMN_NAMES) {
    const column: NumberColumn | StringColumn = FILE_DETAIL_COLUMNS[name];
    if (column.array === 'strings' && column.model !== undefined) strings[name as StringColumnName] = (modelValue(file, column.model) as readonly string[]).slice();
  }
  return {
    ...columns,
    ...strings,
    checksums: checksumLines.map((line) => checksums.get(line) as string),
    testNames: [...file.tests.keys()],
    testLines: [...file.tests.values()].map((lines) => lines.slice()),
  };
}

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
