// LCOV record keys of up to 4 ASCII bytes, packed big-endian into one int for a numeric switch.

function packKey(key: string): number {
  let packed = 0;
  for (let i = 0; i < key.length; i++) packed = (packed << 8) | key.charCodeAt(i);
  return packed;
}
export const K_TN = packKey('TN');
export const K_SF = packKey('SF');
export const K_DA = packKey('DA');
export const K_FN = packKey('FN');
export const K_FNDA = packKey('FNDA');
export const K_FNL = packKey('FNL');
export const K_FNA = packKey('FNA');
export const K_BRDA = packKey('BRDA');
export const K_VER = packKey('VER');
export const K_FNF = packKey('FNF');
export const K_FNH = packKey('FNH');
export const K_LF = packKey('LF');
export const K_LH = packKey('LH');
export const K_BRF = packKey('BRF');
export const K_BRH = packKey('BRH');

export const END_OF_RECORD = Array.from('end_of_record', (ch) => ch.charCodeAt(0));
