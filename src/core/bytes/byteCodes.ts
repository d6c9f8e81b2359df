/**
 * ASCII byte values for the byte-level scanners (LCOV, Go, XML, JSON): `chunk[i] === NL` reads
 * better than `chunk[i] === 10`, and every scanner spells a byte the same way.
 */

export const TAB = 0x09;
export const NL = 0x0a;
export const CR = 0x0d;
export const SPACE = 0x20;
export const BANG = 0x21;
export const QUOT = 0x22;
export const HASH = 0x23;
export const AMP = 0x26;
export const APOS = 0x27;
export const OPEN_PAREN = 0x28;
export const CLOSE_PAREN = 0x29;
export const PLUS = 0x2b;
export const COMMA = 0x2c;
export const DASH = 0x2d;
export const DOT = 0x2e;
export const SLASH = 0x2f;
export const ZERO = 0x30;
export const NINE = 0x39;
export const COLON = 0x3a;
export const SEMICOLON = 0x3b;
export const LT = 0x3c;
export const EQ = 0x3d;
export const GT = 0x3e;
export const QUESTION = 0x3f;
export const UPPER_A = 0x41;
export const UPPER_B = 0x42;
export const UPPER_D = 0x44;
export const UPPER_F = 0x46;
export const UPPER_H = 0x48;
export const UPPER_L = 0x4c;
export const UPPER_N = 0x4e;
export const UPPER_R = 0x52;
export const LSQB = 0x5b;
export const BACKSLASH = 0x5c;
export const RSQB = 0x5d;
export const LOWER_A = 0x61;
export const LOWER_B = 0x62;
export const LOWER_E = 0x65;
export const LOWER_F = 0x66;
export const LOWER_N = 0x6e;
export const LOWER_R = 0x72;
export const LOWER_T = 0x74;
export const LOWER_U = 0x75;
export const LOWER_X = 0x78;
export const LBRACE = 0x7b;
export const RBRACE = 0x7d;
