import { GrowingBytes } from './growingBytes';
import { NeedleSearch } from './needleSearch';
import { MAX_PRIORITY_SECTION_BYTES, MAX_PRIORITY_SECTIONS } from './prioritySections';

/** A line longer than this is no block line worth keeping (and is not carried to the next chunk). */
const MAX_LINE_BYTES = 64 * 1024;

const NEWLINE = 0x0a;
const SLASH = 0x2f;
const BACKSLASH = 0x5c;
const MODE = Buffer.from('mode:');

/**
 * Finds, in a Go coverage profile streamed chunk by chunk, the block lines of the files `wanted`
 * accepts, without parsing anything else: a native search for each wanted base name followed by
 * `:`, kept when it ends the path that starts its line. A file's blocks may be anywhere in a
 * profile (`go test -coverpkg` writes a file once per package tested), so the whole profile is
 * searched; `finish()` gives the profile's mode line and the lines found (of at most
 * MAX_PRIORITY_SECTIONS files). A path whose base name differs in case from the editor's is
 * not found: the full load that follows has every file.
 */
export class GoLineFinder {
  private readonly search: NeedleSearch;
  private readonly paths = new Set<string>();
  /**
   * The lines found, one after the other in one buffer (a Buffer object per line held about five
   * times the bytes of a short line: a million copies of a wanted file's line took 100 MiB for 16).
   */
  private readonly lines = new GrowingBytes();
  private mode: Buffer | undefined;
  private firstLineSeen = false;
  /** Bytes after the last newline of the previous chunk (a line not yet complete). */
  private carry: Buffer = Buffer.alloc(0);
  /** The carry was too long to keep: the data starts inside a line. */
  private midLine = false;
  /** The lines found outgrew MAX_PRIORITY_SECTION_BYTES: nothing is kept. */
  private dropped = false;

  /** `names`: the base names of the wanted files; `wanted` decides on each path found. */
  constructor(
    names: Iterable<string>,
    private readonly wanted: (reportPath: string) => boolean,
  ) {
    const plain = [...new Set(names)].filter((name) => name !== '' && !/[:\r\n]/.test(name));
    this.search = new NeedleSearch(plain.map((name) => Buffer.from(`${name}:`)));
  }

  /** True once nothing more is worth reading (the lines found outgrew the limit). */
  get full(): boolean {
    return this.dropped;
  }

  /** The caller may overwrite `chunk` after push returns. */
  push(chunk: Uint8Array): void {
    const input = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const data = this.carry.length === 0 ? input : Buffer.concat([this.carry, input]);
    this.carry = Buffer.alloc(0);
    if (!this.firstLineSeen && !this.readModeLine(data)) return;
    this.search.reset(data);
    let at = 0;
    while (!this.dropped) {
      const hit = this.search.next(at);
      if (hit === undefined) break;
      // (lastIndexOf from -1 would search from the end.)
      const lineStart = hit.at === 0 ? 0 : data.lastIndexOf(NEWLINE, hit.at - 1) + 1;
      const lineEnd = data.indexOf(NEWLINE, hit.at);
      if (lineEnd < 0) {
        // The hit's line ends in a later chunk: it is searched again then, with the rest of its line.
        this.keep(data, Math.max(at, lineStart));
        return;
      }
      const pathStart = lineStart === 0 && this.midLine ? -1 : lineStart;
      if (pathStart >= 0 && hit.at - pathStart <= MAX_LINE_BYTES && endsPath(data, pathStart, hit.at)) this.take(data, pathStart, hit.at + hit.needle.length - 1, lineEnd + 1);
      at = lineEnd + 1;
    }
    this.keep(data, Math.max(at, data.lastIndexOf(NEWLINE) + 1));
  }

  /** The profile's mode line and the wanted files' lines, in report order (undefined for none). */
  finish(): Buffer | undefined {
    this.carry = Buffer.alloc(0);
    if (this.dropped || this.lines.length === 0) return undefined;
    return Buffer.concat([this.mode ?? Buffer.alloc(0), this.lines.bytes]);
  }

  /** Keeps the first line when it is the mode line; false while it is not complete yet. */
  private readModeLine(data: Buffer): boolean {
    const end = data.indexOf(NEWLINE);
    if (end < 0 && data.length <= MAX_LINE_BYTES) {
      this.carry = Buffer.from(data);
      return false;
    }
    this.firstLineSeen = true;
    if (end >= 0 && data.subarray(0, MODE.length).equals(MODE)) this.mode = Buffer.from(data.subarray(0, end + 1));
    return true;
  }

  /** Keeps data[from…] (a line start, or where the data starts) for the next chunk, or drops it when longer than a line worth keeping. */
  private keep(data: Buffer, from: number): void {
    if (data.length - from <= MAX_LINE_BYTES) {
      this.carry = Buffer.from(data.subarray(from));
      this.midLine = from === 0 && this.midLine;
    } else {
      this.midLine = true;
    }
  }

  private take(data: Buffer, lineStart: number, pathEnd: number, next: number): void {
    const reportPath = data.toString('utf8', lineStart, pathEnd);
    if (!this.wanted(reportPath)) return;
    if (!this.paths.has(reportPath)) {
      if (this.paths.size >= MAX_PRIORITY_SECTIONS) return;
      this.paths.add(reportPath);
    }
    if (this.lines.length + (next - lineStart) > MAX_PRIORITY_SECTION_BYTES) {
      this.dropped = true;
      this.lines.clear();
      return;
    }
    this.lines.append(data.subarray(lineStart, next));
  }
}

/** Whether the name found at `nameAt` starts the path at `lineStart` or follows a separator in it. */
function endsPath(data: Buffer, lineStart: number, nameAt: number): boolean {
  return nameAt === lineStart || data[nameAt - 1] === SLASH || data[nameAt - 1] === BACKSLASH;
}
