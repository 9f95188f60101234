// The boleto as the payer prints it (A4): recibo do pagador on top, the ficha de compensação below with the
// Interleaved 2 of 5 barcode, and the PIX QR code when the bank registered the charge as a boleto híbrido.
import bwipjs from 'bwip-js/node';
import PDFDocument from 'pdfkit';
import { bankCodeWithDv, formatLinha } from './boleto.js';
import { formatBRL } from './money.js';
import { qrPng } from './qr.js';
import { formatTaxId } from './tax-id.js';

export interface BoletoParty {
  name: string;
  taxId: string;
  address: string;
}

export interface BoletoPdfInput {
  beneficiario: BoletoParty;
  pagador: BoletoParty;
  bank: { code: string; name: string; agencia: string; conta: string };
  charge: {
    nossoNumero: string;
    documentNumber: string;
    dueDate: string;
    amountCents: number;
    /** When overdue: what the payer owes today, multa and juros included. */
    amountDueTodayCents?: number;
    issuedAt: string;
  };
  barcode: string;
  linhaDigitavel: string;
  pixCopiaECola: string | null;
  instructions: string[];
}

const MM = 72 / 25.4;
const PAGE_MARGIN = 36;
const WIDTH = 595.28 - 2 * PAGE_MARGIN;
const RIGHT_COLUMN = 150;
const ROW = 24;

const brDate = (date: string) => date.slice(0, 10).split('-').reverse().join('/');

type Doc = InstanceType<typeof PDFDocument>;

/** One labelled cell of the form: the caption small on top, the value below. */
function cell(doc: Doc, x: number, y: number, w: number, h: number, label: string, value = '', align: 'left' | 'right' = 'left') {
  doc.lineWidth(0.5).rect(x, y, w, h).stroke();
  doc.font('Helvetica').fontSize(6).text(label, x + 2, y + 2, { width: w - 4, lineBreak: false });
  if (value) doc.font('Helvetica-Bold').fontSize(9).text(value, x + 3, y + 11, { width: w - 6, align, lineBreak: false });
}

function bankHeader(doc: Doc, y: number, input: BoletoPdfInput, right: string) {
  doc.font('Helvetica-Bold').fontSize(12).text(input.bank.name, PAGE_MARGIN, y + 6, { width: 150, lineBreak: false });
  doc.moveTo(PAGE_MARGIN + 150, y).lineTo(PAGE_MARGIN + 150, y + 24).stroke();
  doc.fontSize(14).text(bankCodeWithDv(input.bank.code), PAGE_MARGIN + 152, y + 5, { width: 56, align: 'center', lineBreak: false });
  doc.moveTo(PAGE_MARGIN + 210, y).lineTo(PAGE_MARGIN + 210, y + 24).stroke();
  doc.fontSize(10.5).text(right, PAGE_MARGIN + 214, y + 7, { width: WIDTH - 214, align: 'right', lineBreak: false });
  doc.lineWidth(1.5).moveTo(PAGE_MARGIN, y + 24).lineTo(PAGE_MARGIN + WIDTH, y + 24).stroke();
}

const partyLine = (party: BoletoParty) => `${party.name} — CPF/CNPJ ${formatTaxId(party.taxId)}`;

function amounts(charge: BoletoPdfInput['charge']) {
  const due = charge.amountDueTodayCents;
  const late = due !== undefined && due > charge.amountCents;
  return { moraMulta: late ? formatBRL(due - charge.amountCents) : '', cobrado: late ? formatBRL(due) : '' };
}

async function recibo(doc: Doc, top: number, input: BoletoPdfInput, linha: string): Promise<number> {
  const { charge, bank } = input;
  bankHeader(doc, top, input, linha);
  let y = top + 30;
  doc.font('Helvetica-Bold').fontSize(9).text('Recibo do Pagador', PAGE_MARGIN, y);
  y += 14;
  const qrSize = input.pixCopiaECola ? 110 : 0;
  const w = WIDTH - (qrSize ? qrSize + 10 : 0);
  cell(doc, PAGE_MARGIN, y, w, ROW, 'Beneficiário', partyLine(input.beneficiario));
  y += ROW;
  cell(doc, PAGE_MARGIN, y, w / 3, ROW, 'Agência/Código do beneficiário', `${bank.agencia} / ${bank.conta}`);
  cell(doc, PAGE_MARGIN + w / 3, y, w / 3, ROW, 'Nosso número', charge.nossoNumero);
  cell(doc, PAGE_MARGIN + (2 * w) / 3, y, w / 3, ROW, 'Vencimento', brDate(charge.dueDate), 'right');
  y += ROW;
  cell(doc, PAGE_MARGIN, y, w / 3, ROW, 'Número do documento', charge.documentNumber);
  cell(doc, PAGE_MARGIN + w / 3, y, w / 3, ROW, '(=) Valor do documento', formatBRL(charge.amountCents));
  cell(doc, PAGE_MARGIN + (2 * w) / 3, y, w / 3, ROW, '(=) Valor cobrado', amounts(charge).cobrado, 'right');
  y += ROW;
  cell(doc, PAGE_MARGIN, y, w, ROW, 'Pagador', partyLine(input.pagador));
  y += ROW;
  if (input.pixCopiaECola) {
    const qr = await qrPng(input.pixCopiaECola, 330);
    doc.image(qr, PAGE_MARGIN + WIDTH - qrSize, top + 44, { width: qrSize, height: qrSize });
    doc.font('Helvetica-Bold').fontSize(8).text('Pague com Pix', PAGE_MARGIN + WIDTH - qrSize, top + 34, { width: qrSize, align: 'center' });
    y = Math.max(y, top + 44 + qrSize) + 4;
    doc.font('Helvetica').fontSize(6).text('Pix copia e cola:', PAGE_MARGIN, y);
    doc.font('Courier').fontSize(6.5).text(input.pixCopiaECola, PAGE_MARGIN, y + 8, { width: WIDTH });
    y = doc.y + 4;
  }
  doc.font('Helvetica').fontSize(6).text('Autenticação mecânica', PAGE_MARGIN + WIDTH - 120, y, { width: 120, align: 'right' });
  return y + 14;
}

async function ficha(doc: Doc, top: number, input: BoletoPdfInput, linha: string) {
  const { charge, bank } = input;
  const left = WIDTH - RIGHT_COLUMN;
  const rightX = PAGE_MARGIN + left;
  const { moraMulta, cobrado } = amounts(charge);
  bankHeader(doc, top, input, linha);
  let y = top + 26;
  cell(doc, PAGE_MARGIN, y, left, ROW, 'Local de pagamento', 'Pagável em qualquer banco, lotérica ou app até o vencimento');
  cell(doc, rightX, y, RIGHT_COLUMN, ROW, 'Vencimento', brDate(charge.dueDate), 'right');
  y += ROW;
  cell(doc, PAGE_MARGIN, y, left, ROW * 1.4, 'Beneficiário', partyLine(input.beneficiario));
  doc.font('Helvetica').fontSize(7).text(input.beneficiario.address, PAGE_MARGIN + 3, y + 22, { width: left - 6, lineBreak: false });
  cell(doc, rightX, y, RIGHT_COLUMN, ROW * 1.4, 'Agência/Código do beneficiário', `${bank.agencia} / ${bank.conta}`, 'right');
  y += ROW * 1.4;
  const quarter = left / 4;
  cell(doc, PAGE_MARGIN, y, quarter, ROW, 'Data do documento', brDate(charge.issuedAt));
  cell(doc, PAGE_MARGIN + quarter, y, quarter, ROW, 'Número do documento', charge.documentNumber);
  cell(doc, PAGE_MARGIN + 2 * quarter, y, quarter / 2, ROW, 'Espécie doc.', 'DS');
  cell(doc, PAGE_MARGIN + 2.5 * quarter, y, quarter / 2, ROW, 'Aceite', 'N');
  cell(doc, PAGE_MARGIN + 3 * quarter, y, quarter, ROW, 'Data do processamento', brDate(charge.issuedAt));
  cell(doc, rightX, y, RIGHT_COLUMN, ROW, 'Nosso número', charge.nossoNumero, 'right');
  y += ROW;
  cell(doc, PAGE_MARGIN, y, quarter, ROW, 'Uso do banco');
  cell(doc, PAGE_MARGIN + quarter, y, quarter, ROW, 'Espécie', 'R$');
  cell(doc, PAGE_MARGIN + 2 * quarter, y, quarter, ROW, 'Quantidade');
  cell(doc, PAGE_MARGIN + 3 * quarter, y, quarter, ROW, 'Valor');
  cell(doc, rightX, y, RIGHT_COLUMN, ROW, '(=) Valor do documento', formatBRL(charge.amountCents), 'right');
  y += ROW;
  const instructionsTop = y;
  cell(doc, rightX, y, RIGHT_COLUMN, ROW, '(-) Desconto / Abatimento');
  cell(doc, rightX, y + ROW, RIGHT_COLUMN, ROW, '(+) Mora / Multa', moraMulta, 'right');
  cell(doc, rightX, y + 2 * ROW, RIGHT_COLUMN, ROW, '(=) Valor cobrado', cobrado, 'right');
  doc.lineWidth(0.5).rect(PAGE_MARGIN, instructionsTop, left, 3 * ROW).stroke();
  doc.font('Helvetica').fontSize(6).text('Instruções (texto de responsabilidade do beneficiário)', PAGE_MARGIN + 2, instructionsTop + 2);
  doc.font('Helvetica').fontSize(7.5).text(input.instructions.join('\n'), PAGE_MARGIN + 3, instructionsTop + 11, {
    width: left - 6, height: 3 * ROW - 13, ellipsis: true,
  });
  y += 3 * ROW;
  doc.lineWidth(0.5).rect(PAGE_MARGIN, y, WIDTH, ROW * 1.6).stroke();
  doc.font('Helvetica').fontSize(6).text('Pagador', PAGE_MARGIN + 2, y + 2);
  doc.font('Helvetica-Bold').fontSize(8.5).text(partyLine(input.pagador), PAGE_MARGIN + 3, y + 10, { width: WIDTH - 6, lineBreak: false });
  doc.font('Helvetica').fontSize(7.5).text(input.pagador.address, PAGE_MARGIN + 3, y + 22, { width: WIDTH - 6, lineBreak: false });
  y += ROW * 1.6 + 6;
  // FEBRABAN's barcode: Interleaved 2 of 5, wide bars three times the narrow, 13 mm tall, about 103 mm long.
  const bars = await bwipjs.toBuffer({ bcid: 'interleaved2of5', text: input.barcode, scale: 3, height: 13, includetext: false });
  doc.image(bars, PAGE_MARGIN, y, { width: 103 * MM, height: 13 * MM });
  doc.font('Helvetica').fontSize(6).text('Autenticação mecânica — Ficha de Compensação', PAGE_MARGIN + WIDTH - 200, y, { width: 200, align: 'right' });
}

/** The boleto's PDF, one A4 page. */
export async function boletoPdf(input: BoletoPdfInput): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: PAGE_MARGIN, info: { Title: `Boleto ${input.charge.documentNumber}` } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const linha = formatLinha(input.linhaDigitavel);
  const afterRecibo = await recibo(doc, PAGE_MARGIN, input, linha);
  doc.lineWidth(0.5).dash(3, { space: 3 }).moveTo(PAGE_MARGIN, afterRecibo + 6).lineTo(PAGE_MARGIN + WIDTH, afterRecibo + 6).stroke().undash();
  doc.font('Helvetica').fontSize(6).text('Corte na linha pontilhada', PAGE_MARGIN, afterRecibo + 9, { width: WIDTH, align: 'right' });
  await ficha(doc, Math.max(afterRecibo + 24, 842 - PAGE_MARGIN - 400), input, linha);
  doc.end();
  return done;
}
