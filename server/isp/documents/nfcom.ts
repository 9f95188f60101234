// The NFCom (modelo 62, the telecom nota) access key and its consultation QR code, per the NFCom MOC:
// cUF(2) AAMM(4) CNPJ(14) mod(2) série(3) nNF(9) tpEmis(1) nSiteAutoriz(1) cNF(7) cDV(1).
import { AppError } from '../../errors.js';
import { isValidCnpj, normalizeTaxId } from './tax-id.js';

const invalid = (message: string) => new AppError('validation_failed', message);

/** IBGE codes of the states, the cUF that opens every access key. */
export const UF_CODES = {
  RO: '11', AC: '12', AM: '13', RR: '14', PA: '15', AP: '16', TO: '17',
  MA: '21', PI: '22', CE: '23', RN: '24', PB: '25', PE: '26', AL: '27', SE: '28', BA: '29',
  MG: '31', ES: '32', RJ: '33', SP: '35', PR: '41', SC: '42', RS: '43',
  MS: '50', MT: '51', GO: '52', DF: '53',
} as const;
export type Uf = keyof typeof UF_CODES;

const KNOWN_UF_CODES = new Set<string>(Object.values(UF_CODES));
const NFCOM_MODEL = '62';
// The NFCom MOC knows two emission types: 1 normal, 2 contingência off-line.
const EMISSION_TYPES = new Set(['1', '2']);

/** Mod 11, weights 2..9 from the right, remainder 0 or 1 → 0; letters of an alphanumeric CNPJ count ASCII − 48. */
function accessKeyCheckDigit(body43: string): number {
  let sum = 0;
  let weight = 2;
  for (let i = body43.length - 1; i >= 0; i--) {
    sum += (body43.charCodeAt(i) - 48) * weight;
    weight = weight === 9 ? 2 : weight + 1;
  }
  const remainder = sum % 11;
  return remainder < 2 ? 0 : 11 - remainder;
}

export interface NfcomAccessKeyInput {
  uf: Uf;
  /** YYYY-MM-DD (or a full ISO timestamp): the key keeps its year and month. */
  issuedAt: string;
  cnpj: string;
  series: number;
  number: number;
  /** 1 normal, 2 contingência. */
  emissionType?: 1 | 2;
  /** 0 unless the authorizer runs several sites. */
  authorizationSite?: number;
  /** The 7-digit code the issuer draws so the key cannot be guessed from the nota's number. */
  numericCode: string | number;
}

export function nfcomAccessKey(input: NfcomAccessKeyInput): string {
  const { uf, issuedAt, series, number, emissionType = 1, authorizationSite = 0, numericCode } = input;
  const cUF = UF_CODES[uf];
  if (!cUF) throw invalid('UF do emitente desconhecida.');
  const date = /^(\d{2})(\d{2})-(\d{2})/.exec(issuedAt);
  if (!date || Number(date[3]) < 1 || Number(date[3]) > 12) throw invalid('Data de emissão inválida: use AAAA-MM-DD.');
  const cnpj = normalizeTaxId(input.cnpj);
  if (!isValidCnpj(cnpj)) throw invalid('CNPJ do emitente inválido.');
  if (!Number.isInteger(series) || series < 0 || series > 999) throw invalid('Série da NFCom deve estar entre 0 e 999.');
  if (!Number.isInteger(number) || number < 1 || number > 999_999_999) {
    throw invalid('Número da NFCom deve estar entre 1 e 999.999.999.');
  }
  if (!EMISSION_TYPES.has(String(emissionType))) throw invalid('Tipo de emissão da NFCom deve ser 1 (normal) ou 2 (contingência).');
  if (!Number.isInteger(authorizationSite) || authorizationSite < 0 || authorizationSite > 9) {
    throw invalid('Site do autorizador (nSiteAutoriz) deve estar entre 0 e 9.');
  }
  const code = String(numericCode);
  if (!/^\d{1,7}$/.test(code)) throw invalid('Código numérico (cNF) da NFCom deve ter até 7 dígitos.');

  const body =
    cUF + date[2] + date[3] + cnpj + NFCOM_MODEL + String(series).padStart(3, '0') +
    String(number).padStart(9, '0') + emissionType + authorizationSite + code.padStart(7, '0');
  return body + accessKeyCheckDigit(body);
}

const compact = (key: string) => key.replace(/^NFCom/i, '').replace(/[\s.\-/]/g, '').toUpperCase();

/** A well-formed NFCom key: known state, real month, model 62, a known emission type, and its check digit. */
export function isValidAccessKey(key: string): boolean {
  const k = compact(key);
  if (!/^\d{6}[0-9A-Z]{12}\d{26}$/.test(k)) return false;
  const month = Number(k.slice(4, 6));
  return (
    KNOWN_UF_CODES.has(k.slice(0, 2)) &&
    month >= 1 && month <= 12 &&
    k.slice(20, 22) === NFCOM_MODEL &&
    EMISSION_TYPES.has(k[34]) &&
    Number(k.slice(25, 34)) > 0 &&
    accessKeyCheckDigit(k.slice(0, 43)) === Number(k[43])
  );
}

/** Eleven groups of four, as the DANFE-COM prints it. */
export function formatAccessKey(key: string): string {
  const k = compact(key);
  if (k.length !== 44) throw invalid('Chave de acesso deve ter 44 caracteres.');
  return k.match(/.{4}/g)!.join(' ');
}

const SVRS_QR_CODE = 'https://dfe-portal.svrs.rs.gov.br/NFCom/QRCode';

/**
 * The consultation URL the DANFE-COM's QR code carries. A nota issued in contingência (tpEmis 2) must also
 * carry `sign`: the key signed with the issuer's certificate (RSA-SHA1, base64), which the signer supplies.
 */
export function nfcomQrCodeUrl(key: string, tpAmb: 1 | 2, sign?: string): string {
  const k = compact(key);
  if (!isValidAccessKey(k)) throw invalid('Chave de acesso da NFCom inválida.');
  if (tpAmb !== 1 && tpAmb !== 2) throw invalid('Ambiente deve ser 1 (produção) ou 2 (homologação).');
  const url = `${SVRS_QR_CODE}?chNFCom=${k}&tpAmb=${tpAmb}`;
  if (k[34] === '2') {
    if (!sign) throw invalid('NFCom em contingência precisa da assinatura (sign) no QR Code.');
    return `${url}&sign=${encodeURIComponent(sign)}`;
  }
  return url;
}
