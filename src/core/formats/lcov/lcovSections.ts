import { FileCoverageBuilder } from '../../model/fileBuilder';
import type { FileCoverageData } from '../../model/model';

// What LcovParser keeps per SF section: its functions, a repeated file's earlier coverage, FNDA records waiting for their FN.

/** Up to this many functions in a file, a name is looked up by linear search, not a Map. */
const LINEAR_FUNCTION_SEARCH = 16;

/**
 * A file's functions by (start line, name): the same declaration seen again (a repeated SF
 * section, a repeated listing) is summed, not repeated.
 */
export class FunctionTable {
  /** Name per function index. */
  private readonly names: string[] = [];
  /** Name → index of the first function of that name, once a linear search would be slow. */
  private byName: Map<string, number> | undefined;
  /** Start line per function index. */
  readonly starts: number[] = [];
  /** `start \0 name` → index, for the further start lines of a name (overloads). */
  overloads: Map<string, number> | undefined;

  clear(): void {
    this.names.length = 0;
    this.starts.length = 0;
    this.byName = undefined;
    this.overloads = undefined;
  }

  /** Index of the first function of this name, or -1. */
  firstOf(name: string): number {
    if (this.byName !== undefined) return this.byName.get(name) ?? -1;
    const names = this.names;
    for (let i = 0; i < names.length; i++) if (names[i] === name) return i;
    return -1;
  }

  /** Appends the next function. */
  push(name: string, start: number): void {
    const index = this.names.length;
    this.names.push(name);
    this.starts.push(start);
    if (this.byName !== undefined) {
      if (!this.byName.has(name)) this.byName.set(name, index);
    } else if (index >= LINEAR_FUNCTION_SEARCH) {
      this.byName = new Map();
      for (let i = this.names.length - 1; i >= 0; i--) this.byName.set(this.names[i] as string, i);
    }
  }

  /** Registers the next function as functionIndex would have when it was first seen. */
  add(name: string, start: number): void {
    const first = this.firstOf(name);
    if (first >= 0 && this.starts[first] !== start) {
      this.overloads ??= new Map();
      const key = `${start}\0${name}`;
      if (!this.overloads.has(key)) this.overloads.set(key, this.starts.length);
    }
    this.push(name, start);
  }
}

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
    for (let i = 0; i < names.length; i++) this.functions.add(names[i] as string, startLines[i] as number);
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
  /** Each FN record's name and function index, in record order. */
  readonly fnNames: string[] = [];
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
    if (this.fnNames.length > 0) {
      this.fnNames.length = 0;
      this.fnIndices.length = 0;
    }
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
