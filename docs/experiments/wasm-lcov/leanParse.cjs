'use strict';
// The algorithm of lcovScan.c in JavaScript over typed arrays: plain records only, no validation,
// no limits, names as byte ranges. Not the extension's parser: a floor for what one can cost.

function parse(b, n, files, lines, hits, br, taken, fn, fnhits, packed, counts) {
  let p = 0, nf = 0, nl = 0, nb = 0, nfn = 0, cur = 0, open = 0, fnCursor = 0, fnFirst = 0, lFirst = 0, bFirst = 0, pk = 0;
  const rd = () => { let v = 0, c = b[p]; while (c >= 48 && c <= 57) { v = v * 10 + (c - 48); c = b[++p]; } return v; };
  const eol = () => { while (b[p] !== 10) ++p; ++p; };
  const u16 = new Uint16Array(packed.buffer, packed.byteOffset, packed.length >>> 1);
  while (p < n) {
    const c = b[p];
    if (c === 68 && b[p + 1] === 65 && b[p + 2] === 58) { p += 3; lines[nl] = rd(); p++; hits[nl] = rd(); nl++; eol(); continue; }
    if (c === 66 && b[p + 1] === 82 && b[p + 2] === 68) { p += 5; const o = 3 * nb; br[o] = rd(); p++; br[o + 1] = rd(); p++; br[o + 2] = rd(); p++; if (b[p] === 45) { taken[nb] = -1; p++; } else taken[nb] = rd(); nb++; eol(); continue; }
    if (c === 70 && b[p + 1] === 78 && b[p + 2] === 58) { p += 3; const o = 3 * nfn; fn[o] = rd(); p++; fn[o + 1] = p; eol(); fn[o + 2] = p - 1; fnhits[nfn] = 0; nfn++; continue; }
    if (c === 70 && b[p + 1] === 78 && b[p + 2] === 68) {
      p += 5; const h = rd(); p++; const s = p; eol(); const e = p - 1;
      const k = fnFirst + fnCursor;
      if (k < nfn) { const o = 3 * k; const len = fn[o + 2] - fn[o + 1]; if (len === e - s) { let i = 0; while (i < len && b[fn[o + 1] + i] === b[s + i]) i++; if (i === len) { fnhits[k] += h; fnCursor++; } } }
      continue;
    }
    if (c === 83 && b[p + 1] === 70 && b[p + 2] === 58) { p += 3; const f = 11 * nf; files[f] = p; eol(); files[f + 1] = p - 1; cur = nf++; open = 1; fnFirst = nfn; fnCursor = 0; lFirst = nl; bFirst = nb; continue; }
    if (c === 101 && open) {
      const f = 11 * cur; files[f + 2] = lFirst; files[f + 3] = nl - lFirst; files[f + 4] = bFirst; files[f + 5] = nb - bFirst; files[f + 6] = fnFirst; files[f + 7] = nfn - fnFirst;
      let hit = 0, bits = 0, asc = 1, mx = 0;
      for (let i = lFirst; i < nl; i++) { if (hits[i] !== 0) hit++; bits |= lines[i]; if (i > lFirst && lines[i] <= lines[i - 1]) asc = 0; if (hits[i] > mx) mx = hits[i]; }
      let bh = 0; for (let i = bFirst; i < nb; i++) if (taken[i] > 0) bh++;
      let fh = 0; for (let i = fnFirst; i < nfn; i++) if (fnhits[i] > 0) fh++;
      files[f + 8] = hit; files[f + 9] = bh; files[f + 10] = fh;
      pk = (pk + 1) & ~1;
      if ((bits >>> 0) <= 0xffff) { let o = pk >>> 1; for (let i = lFirst; i < nl; i++) u16[o++] = lines[i]; pk += 2 * (nl - lFirst); }
      if (mx < 255) { for (let i = lFirst; i < nl; i++) packed[pk++] = hits[i]; }
      counts[0] += asc; open = 0; eol(); continue;
    }
    eol();
  }
  counts[1] = nf; counts[2] = nl; counts[3] = nb; counts[4] = nfn; counts[5] = pk;
  return nf;
}

/** Output columns for 1/k of the 100 MiB report (sized for it, not bounded: an experiment). */
function columns(k) {
  return { files: new Uint32Array(11 * 64e3 / k), lines: new Uint32Array(8e6 / k), hits: new Float64Array(8e6 / k), br: new Uint32Array(3 * 2e6 / k), taken: new Float64Array(2e6 / k), fn: new Uint32Array(3 * 6e5 / k), fnhits: new Float64Array(6e5 / k), packed: new Uint8Array((40 << 20) / k), counts: new Uint32Array(6) };
}

function parseInto(b, n, a) {
  return parse(b, n, a.files, a.lines, a.hits, a.br, a.taken, a.fn, a.fnhits, a.packed, a.counts);
}

module.exports = { parseInto, columns };
