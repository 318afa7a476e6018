// Client-side checks that mirror the server's (src/core/ids/uscc.cc, org_code.cc, gtin.cc), so a
// form says what is wrong before the request is sent. The server checks again; its word is final.

// GB 32100-2015 §4.2: the 31 code characters, in value order (no I, O, S, V, Z).
const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
// GB 32100-2015 §4.3: W_i = 3^(i-1) mod 31.
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
// Registration authorities and the entity types under each (GB 32100-2015 Appendix A).
const USCC_KINDS: Record<string, string> = {
  '1': '1239', '2': '19', '3': '123459', '4': '19', '5': '1239', '6': '129',
  '7': '129', '8': '19', '9': '123', A: '19', N: '1239', Y: '1',
};
// Early Fujian/Xiamen pilot codes accepted as they are (see uscc.cc).
const USCC_LEGACY = ['91350100M0001TGQXM', '91350203M0001QAY9B'];

// The reason a value is invalid: a message key for i18n and its parameters.
export interface Invalid {
  key: string;
  params?: Record<string, string | number>;
}

export function usccCheckCharacter(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_ALPHABET.indexOf(first17[i]);
    if (v < 0) return null;
    sum += v * USCC_WEIGHTS[i];
  }
  // C18 = 31 - (sum mod 31), with 31 written as 0.
  return USCC_ALPHABET[(31 - (sum % 31)) % 31];
}

// GB 11714: C9 = 11 - (sum mod 11); 10 is written X and 11 is written 0.
export function orgCodeCheckCharacter(body8: string): string | null {
  const weights = [3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const c = body8[i];
    let v = -1;
    if (c >= '0' && c <= '9') v = c.charCodeAt(0) - 48;
    else if (c >= 'A' && c <= 'Z') v = c.charCodeAt(0) - 55;
    if (v < 0) return null;
    sum += v * weights[i];
  }
  const c9 = 11 - (sum % 11);
  return c9 === 10 ? 'X' : c9 === 11 ? '0' : String(c9);
}

export function normaliseUscc(text: string): string {
  return text.trim().toUpperCase();
}

// null when `text` is a valid 统一社会信用代码.
export function checkUscc(text: string): Invalid | null {
  const code = normaliseUscc(text);
  if (code.length !== 18) return { key: 'valid.usccLength', params: { n: code.length } };
  for (let i = 0; i < 18; i++) {
    if (USCC_ALPHABET.indexOf(code[i]) < 0) {
      return { key: 'valid.usccChar', params: { pos: i + 1, c: code[i] } };
    }
  }
  if (USCC_LEGACY.includes(code)) return null;
  const kinds = USCC_KINDS[code[0]];
  if (!kinds) return { key: 'valid.usccAuthority', params: { c: code[0] } };
  if (!kinds.includes(code[1])) return { key: 'valid.usccKind', params: { c: code[1] } };
  const region = code.substring(2, 8);
  if (!/^\d{6}$/.test(region) || region < '100000' || region > '829999') {
    return { key: 'valid.usccRegion' };
  }
  const check = usccCheckCharacter(code.substring(0, 17));
  if (check !== code[17]) return { key: 'valid.usccCheck', params: { want: check ?? '?', got: code[17] } };
  if (orgCodeCheckCharacter(code.substring(8, 16)) !== code[16]) return { key: 'valid.usccOrg' };
  return null;
}

// GS1 General Specifications §7.9.1: weights 3, 1, 3, 1, … from the rightmost data digit.
export function gs1CheckDigit(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    sum += (digits.charCodeAt(digits.length - 1 - i) - 48) * (i % 2 === 0 ? 3 : 1);
  }
  return String((10 - (sum % 10)) % 10);
}

// null when `text` is a valid GTIN-8/12/13/14.
export function checkGtin(text: string): Invalid | null {
  const code = text.trim();
  if (![8, 12, 13, 14].includes(code.length)) return { key: 'valid.gtinLength', params: { n: code.length } };
  if (!/^\d+$/.test(code)) return { key: 'valid.gtinDigits' };
  const want = gs1CheckDigit(code.substring(0, code.length - 1));
  if (want !== code[code.length - 1]) return { key: 'valid.gtinCheck', params: { want, got: code[code.length - 1] } };
  return null;
}

// The server's password policy (src/auth/password_policy.h): at least 12 characters, three of
// upper-case, lower-case, digits and symbols, not containing the user name in any case. The
// server also refuses common words and patterns; here only the plainest one (Password123) is
// caught early, and the server's answer (field new_password) covers the rest.
export function checkPassword(password: string, username: string): Invalid | null {
  const chars = [...password];
  if (chars.length < 12) return { key: 'valid.passwordLength', params: { n: 12 } };
  const classes = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) return { key: 'valid.passwordClasses' };
  if (username && password.toLowerCase().includes(username.toLowerCase())) return { key: 'valid.passwordUser' };
  if (/^[A-Z][a-z]+[0-9]+[^A-Za-z0-9]?$/.test(password)) return { key: 'valid.passwordWeak' };
  return null;
}
