// The Pix BR Code "copia e cola" (static), per BCB's Manual de Padrões para Iniciação do Pix: EMV TLV fields
// closed by a CRC16 the payer's bank checks before reading anything else.
import { AppError } from '../../errors.js';

const invalid = (message: string) => new AppError('validation_failed', message);

/** CRC16-CCITT-FALSE (poly 0x1021, init 0xFFFF), as 4 uppercase hex digits. */
export function crc16(text: string): string {
  let crc = 0xffff;
  for (const byte of Buffer.from(text, 'utf8')) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}

const field = (id: string, value: string) => {
  if (value.length > 99) throw invalid(`Campo ${id} do Pix passa de 99 caracteres.`);
  return `${id}${String(value.length).padStart(2, '0')}${value}`;
};

// Readers differ on bytes past ASCII; the manual asks for plain text, so accents go and anything else is refused.
function plainAscii(value: string, what: string): string {
  const text = value.normalize('NFD').replace(/[\u0300-\u036f]/g, '').trim();
  if (!/^[\x20-\x7e]*$/.test(text)) throw invalid(`${what} do Pix tem caracteres que o padrão não aceita.`);
  return text;
}

export interface PixCopiaECola {
  /** The recebedor's Pix key: CPF, CNPJ, e-mail, +55 phone or random key (EVP). */
  key: string;
  merchantName: string;
  merchantCity: string;
  amountCents?: number;
  /** Up to 25 letters and digits; "***" is written when there is none. */
  txid?: string;
  /** Shown to the payer by some banks. */
  description?: string;
}

export function pixCopiaECola({ key, merchantName, merchantCity, amountCents, txid, description }: PixCopiaECola): string {
  const pixKey = key.trim();
  if (pixKey.length === 0 || pixKey.length > 77) throw invalid('Chave Pix deve ter de 1 a 77 caracteres.');
  const name = plainAscii(merchantName, 'Nome do recebedor');
  if (name.length === 0 || name.length > 25) throw invalid('Nome do recebedor no Pix deve ter de 1 a 25 caracteres.');
  const city = plainAscii(merchantCity, 'Cidade do recebedor');
  if (city.length === 0 || city.length > 15) throw invalid('Cidade do recebedor no Pix deve ter de 1 a 15 caracteres.');
  if (txid !== undefined && !/^[A-Za-z0-9]{1,25}$/.test(txid)) {
    throw invalid('Identificador (txid) do Pix deve ter de 1 a 25 letras ou números.');
  }
  if (amountCents !== undefined && (!Number.isInteger(amountCents) || amountCents <= 0 || amountCents > 999_999_999_999)) {
    throw invalid('Valor do Pix deve ser positivo, em centavos inteiros.');
  }
  const info = description === undefined ? '' : plainAscii(description, 'Descrição');
  const account = field('00', 'br.gov.bcb.pix') + field('01', pixKey) + (info ? field('02', info) : '');
  if (account.length > 99) throw invalid('Chave Pix e descrição juntas passam do limite de 99 caracteres do campo 26.');

  const payload =
    field('00', '01') +
    field('26', account) +
    field('52', '0000') +
    field('53', '986') +
    (amountCents === undefined ? '' : field('54', (amountCents / 100).toFixed(2))) +
    field('58', 'BR') +
    field('59', name) +
    field('60', city) +
    field('62', field('05', txid ?? '***')) +
    '6304';
  return payload + crc16(payload);
}
