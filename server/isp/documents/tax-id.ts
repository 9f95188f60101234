// CPF and CNPJ as Receita Federal checks them, the alphanumeric CNPJ (issued from July 2026) included.

export type TaxIdKind = 'cpf' | 'cnpj';

/** Strips the mask (dots, slash, dash, spaces) and uppercases the letters of an alphanumeric CNPJ. */
export const normalizeTaxId = (value: string) => value.replace(/[^0-9A-Za-z]/g, '').toUpperCase();

// Receita's rule for both layouts: a character is worth its ASCII code minus 48, so digits keep their value.
const charValue = (char: string) => char.charCodeAt(0) - 48;

/** Mod 11 with weights 2..max from the right; a remainder of 0 or 1 gives 0. */
const mod11CheckDigit = (body: string, maxWeight: number) => {
  let sum = 0;
  let weight = 2;
  for (let i = body.length - 1; i >= 0; i--) {
    sum += charValue(body[i]) * weight;
    weight = weight === maxWeight ? 2 : weight + 1;
  }
  const remainder = sum % 11;
  return remainder < 2 ? 0 : 11 - remainder;
};

const allSameCharacter = (value: string) => /^(.)\1*$/.test(value);

export function isValidCpf(value: string): boolean {
  const cpf = normalizeTaxId(value);
  if (!/^\d{11}$/.test(cpf) || allSameCharacter(cpf)) return false;
  // CPF weights grow without wrapping (2..10, then 2..11), so a cap above the length never cycles.
  const first = mod11CheckDigit(cpf.slice(0, 9), 11);
  const second = mod11CheckDigit(cpf.slice(0, 9) + first, 11);
  return cpf.endsWith(`${first}${second}`);
}

export function isValidCnpj(value: string): boolean {
  const cnpj = normalizeTaxId(value);
  if (!/^[0-9A-Z]{12}\d{2}$/.test(cnpj) || allSameCharacter(cnpj)) return false;
  const first = mod11CheckDigit(cnpj.slice(0, 12), 9);
  const second = mod11CheckDigit(cnpj.slice(0, 12) + first, 9);
  return cnpj.endsWith(`${first}${second}`);
}

export function taxIdKind(value: string): TaxIdKind | null {
  if (isValidCpf(value)) return 'cpf';
  if (isValidCnpj(value)) return 'cnpj';
  return null;
}

/** 123.456.789-09 or 12.ABC.345/01DE-35; anything that is neither is returned normalized, unmasked. */
export function formatTaxId(value: string): string {
  const id = normalizeTaxId(value);
  const kind = taxIdKind(id);
  if (kind === 'cpf') return `${id.slice(0, 3)}.${id.slice(3, 6)}.${id.slice(6, 9)}-${id.slice(9)}`;
  if (kind === 'cnpj') {
    return `${id.slice(0, 2)}.${id.slice(2, 5)}.${id.slice(5, 8)}/${id.slice(8, 12)}-${id.slice(12)}`;
  }
  return id;
}
