import { FileCoverageBuilder } from '../../model/fileBuilder';
import type { FileCoverageData } from '../../model/model';
import { FunctionTable } from './lcovFunctionTable';

// What LcovParser keeps per SF section: its functions, a repeated file's earlier coverage, FNDA records waiting for their FN.

/**
 * A path with a second SF section: its earlier data and every later section collect in a
 * builder until finish(). (A path seen once is built when its section ends, from the scratch
 * arrays, with no builder.)
 */
export class RepeatedFile {
  readonly builder: FileCoverageBuilder;
  readonly functions = new FunctionTable();

  constructor(built: FileCoverageData) {
    this.builder = new FileCoverageBuilder(built.path);
    this.builder.addFile(built);
    const { names, startLines } = built.functions;
    for (let i = 0; i < names.length; i++) this.functions.addString(names[i] as string, startLines[i] as number);
  }
}

export interface PendingFnda {
  readonly name: string;
  readonly hits: number;
  readonly line: number;
}

/**
 * One SF … end_of_record section: FN/FNDA pairing and branch ordinals are per section. The
 * parser has one, reset as each section opens.
 */
export class Section {
  /** The path's index in the report's FileTable. */
  fileIndex = -1;
  /** The path as a string, once asked for. */
  path: string | undefined;
  /** Set when the path had an earlier section. */
  repeated: RepeatedFile | undefined;
  functions = new FunctionTable();
  /** Each FN record's function index, in record order. */
  readonly fnIndices: number[] = [];
  /** While FNDA records follow the FN records' order, FNDA k pairs with FN record k. */
  fndaCursor = 0;
  /** Built when they do not: name → FN record indices, and FNDA records consumed per name. */
  byName: Map<string, number[]> | undefined;
  fndaSeen: Map<string, number> | undefined;
  pendingFnda: PendingFnda[] | undefined;
  /** lcov ≥ 2.2 FNL index → [start, end]. */
  leaders: Map<number, [number, number]> | undefined;
  /** Line → labelled branches seen so far on it, which gives their branch ordinal. */
  labelOrdinals: Map<number, number> | undefined;
  /** Index of this section's first new function: the functions its path already has. */
  functionBase = 0;

  /** Starts the section of `path`, forgetting the previous one. */
  open(fileIndex: number, repeated: RepeatedFile | undefined, functions: FunctionTable): void {
    this.fileIndex = fileIndex;
    this.path = undefined;
    this.repeated = repeated;
    this.functions = functions;
    if (this.fnIndices.length > 0) this.fnIndices.length = 0;
    this.fndaCursor = 0;
    this.byName = undefined;
    this.fndaSeen = undefined;
    this.pendingFnda = undefined;
    this.leaders = undefined;
    this.labelOrdinals = undefined;
    this.functionBase = repeated === undefined ? 0 : repeated.builder.functionCount;
  }
}

export function addRecord(byName: Map<string, number[]>, name: string, index: number): void {
  const records = byName.get(name);
  if (records === undefined) byName.set(name, [index]);
  else records.push(index);
}
