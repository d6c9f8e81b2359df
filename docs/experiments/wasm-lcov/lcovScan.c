/*
 * Experiment, not part of the extension (docs/experiments/wasm-lcov/README.md): how fast an LCOV
 * parse into columns runs as WebAssembly on the benchmark machine. Plain records only (DA, BRDA,
 * FN, FNDA matched in order, SF, end_of_record); no validation, no limits, no warnings.
 */
typedef unsigned char u8; typedef unsigned int u32; typedef unsigned short u16;
/* Output area layout given by JS: per-file table (path start,end, first line index, nlines, first branch, nbranches, first fn, nfns, lines hit, branches hit, fns hit) and columns. */
static u32 rd(const u8* b, u32* p) { u32 v = 0; u8 c = b[*p]; while (c >= '0' && c <= '9') { v = v * 10 + (c - '0'); c = b[++*p]; } return v; }
static double rdd(const u8* b, u32* p) { double v = 0; u8 c = b[*p]; while (c >= '0' && c <= '9') { v = v * 10 + (c - '0'); c = b[++*p]; } return v; }
static void eol(const u8* b, u32* p) { while (b[*p] != '\n') ++*p; ++*p; }
u32 parse(const u8* b, u32 n, u32* files, u32* lines, double* hits, u32* br, double* taken, u32* fn, double* fnhits, u8* packed, u32* counts) {
  u32 p = 0, nf = 0, nl = 0, nb = 0, nfn = 0, cur = 0, open = 0, fnCursor = 0, fnFirst = 0, lFirst = 0, bFirst = 0, pk = 0;
  while (p < n) {
    u8 c = b[p];
    if (c == 'D' && b[p+1] == 'A' && b[p+2] == ':') { p += 3; lines[nl] = rd(b, &p); p++; hits[nl] = rdd(b, &p); nl++; eol(b, &p); continue; }
    if (c == 'B' && b[p+1] == 'R' && b[p+2] == 'D') { p += 5; u32* o = br + 3 * nb; o[0] = rd(b, &p); p++; o[1] = rd(b, &p); p++; o[2] = rd(b, &p); p++; if (b[p] == '-') { taken[nb] = -1; p++; } else taken[nb] = rdd(b, &p); nb++; eol(b, &p); continue; }
    if (c == 'F' && b[p+1] == 'N' && b[p+2] == ':') { p += 3; u32* o = fn + 3 * nfn; o[0] = rd(b, &p); p++; o[1] = p; eol(b, &p); o[2] = p - 1; fnhits[nfn] = 0; nfn++; continue; }
    if (c == 'F' && b[p+1] == 'N' && b[p+2] == 'D') { p += 5; double h = rdd(b, &p); p++; u32 s = p; eol(b, &p); u32 e = p - 1;
      u32 k = fnFirst + fnCursor; if (k < nfn) { u32* o = fn + 3 * k; u32 len = o[2] - o[1]; if (len == e - s) { u32 i = 0; while (i < len && b[o[1] + i] == b[s + i]) i++; if (i == len) { fnhits[k] += h; fnCursor++; } } }
      continue; }
    if (c == 'S' && b[p+1] == 'F' && b[p+2] == ':') { p += 3; u32* f = files + 11 * nf; f[0] = p; eol(b, &p); f[1] = p - 1; cur = nf++; open = 1; fnFirst = nfn; fnCursor = 0; lFirst = nl; bFirst = nb; continue; }
    if (c == 'e' && open) { /* end_of_record: close the file: counts and a packing pass (u16 lines, u8 hits) */
      u32* f = files + 11 * cur; f[2] = lFirst; f[3] = nl - lFirst; f[4] = bFirst; f[5] = nb - bFirst; f[6] = fnFirst; f[7] = nfn - fnFirst;
      u32 hit = 0, bits = 0, asc = 1; double mx = 0; for (u32 i = lFirst; i < nl; i++) { if (hits[i] != 0) hit++; bits |= lines[i]; if (i > lFirst && lines[i] <= lines[i-1]) asc = 0; if (hits[i] > mx) mx = hits[i]; }
      u32 bh = 0; for (u32 i = bFirst; i < nb; i++) if (taken[i] > 0) bh++;
      u32 fh = 0; for (u32 i = fnFirst; i < nfn; i++) if (fnhits[i] > 0) fh++;
      f[8] = hit; f[9] = bh; f[10] = fh;
      pk = (pk + 1) & ~1u; if (bits <= 0xffff) { u16* o = (u16*)(packed + pk); for (u32 i = lFirst; i < nl; i++) *o++ = (u16)lines[i]; pk += 2 * (nl - lFirst); }
      if (mx < 255) { for (u32 i = lFirst; i < nl; i++) packed[pk++] = (u8)hits[i]; }
      counts[0] += asc; open = 0; eol(b, &p); continue; }
    eol(b, &p);
  }
  counts[1] = nf; counts[2] = nl; counts[3] = nb; counts[4] = nfn; counts[5] = pk;
  return nf;
}
