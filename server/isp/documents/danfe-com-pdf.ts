// The DANFE-COM: the printable summary of an NFCom, with the access key and the QR code that opens the nota
// on the authorizer's portal.
import PDFDocument from 'pdfkit';
import { formatBRL } from './money.js';
import { formatAccessKey, nfcomQrCodeUrl } from './nfcom.js';
import { qrPng } from './qr.js';
import { formatTaxId } from './tax-id.js';

export interface DanfeComParty {
  name: string;
  taxId: string;
  address: string;
}

export interface DanfeComInput {
  emitente: DanfeComParty;
  destinatario: DanfeComParty;
  number: string;
  series: string;
  /** ISO date or timestamp of emission. */
  issuedAt: string;
  accessKey: string;
  /** 1 produção, 2 homologação: the QR code says which environment holds the nota. */
  tpAmb: 1 | 2;
  /** Needed only for a nota issued in contingência: the key signed with the issuer's certificate. */
  qrCodeSign?: string;
  authorizationProtocol?: string;
  items: { description: string; amountCents: number }[];
}

const MARGIN = 36;
const WIDTH = 595.28 - 2 * MARGIN;
const QR_SIZE = 120;

const brDate = (iso: string) => iso.slice(0, 10).split('-').reverse().join('/');

type Doc = InstanceType<typeof PDFDocument>;

function partyBox(doc: Doc, y: number, title: string, party: DanfeComParty): number {
  doc.lineWidth(0.5).rect(MARGIN, y, WIDTH, 46).stroke();
  doc.font('Helvetica').fontSize(6.5).text(title, MARGIN + 3, y + 3);
  doc.font('Helvetica-Bold').fontSize(10).text(party.name, MARGIN + 3, y + 12, { width: WIDTH - 6, lineBreak: false });
  doc.font('Helvetica').fontSize(8.5).text(`CPF/CNPJ: ${formatTaxId(party.taxId)}`, MARGIN + 3, y + 25, { lineBreak: false });
  doc.text(party.address, MARGIN + 3, y + 35, { width: WIDTH - 6, lineBreak: false });
  return y + 52;
}

export async function danfeComPdf(input: DanfeComInput): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, info: { Title: `DANFE-COM ${input.number}` } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const url = nfcomQrCodeUrl(input.accessKey, input.tpAmb, input.qrCodeSign);
  doc.font('Helvetica-Bold').fontSize(13).text('DANFE-COM', MARGIN, MARGIN);
  doc.font('Helvetica').fontSize(8.5).text(
    'Documento Auxiliar da Nota Fiscal Fatura de Serviços de Comunicação Eletrônica',
    MARGIN, MARGIN + 16, { width: WIDTH - QR_SIZE - 10 },
  );
  if (input.tpAmb === 2) {
    doc.font('Helvetica-Bold').fontSize(9).text('EMITIDA EM AMBIENTE DE HOMOLOGAÇÃO — SEM VALOR FISCAL', MARGIN, MARGIN + 30);
  }
  let y = MARGIN + 46;
  y = partyBox(doc, y, 'EMITENTE', input.emitente);
  y = partyBox(doc, y, 'DESTINATÁRIO', input.destinatario);

  const info = [
    ['Número', input.number], ['Série', input.series], ['Modelo', '62'], ['Data de emissão', brDate(input.issuedAt)],
  ];
  const infoWidth = WIDTH / info.length;
  info.forEach(([label, value], i) => {
    doc.lineWidth(0.5).rect(MARGIN + i * infoWidth, y, infoWidth, 26).stroke();
    doc.font('Helvetica').fontSize(6.5).text(label, MARGIN + i * infoWidth + 3, y + 3);
    doc.font('Helvetica-Bold').fontSize(10).text(value, MARGIN + i * infoWidth + 3, y + 12, { lineBreak: false });
  });
  y += 32;

  const keyWidth = WIDTH - QR_SIZE - 10;
  doc.lineWidth(0.5).rect(MARGIN, y, keyWidth, QR_SIZE).stroke();
  doc.font('Helvetica').fontSize(6.5).text('CHAVE DE ACESSO', MARGIN + 3, y + 3);
  doc.font('Helvetica-Bold').fontSize(10).text(formatAccessKey(input.accessKey), MARGIN + 3, y + 13, { width: keyWidth - 6 });
  doc.font('Helvetica').fontSize(7.5).text('Consulte pela chave de acesso ou pelo QR Code em:', MARGIN + 3, y + 34, { width: keyWidth - 6 });
  doc.font('Courier').fontSize(6.5).text(url, MARGIN + 3, y + 45, { width: keyWidth - 6 });
  if (input.authorizationProtocol) {
    doc.font('Helvetica').fontSize(7.5).text(`Protocolo de autorização: ${input.authorizationProtocol}`, MARGIN + 3, y + QR_SIZE - 14);
  }
  doc.image(await qrPng(url, 360), MARGIN + WIDTH - QR_SIZE, y, { width: QR_SIZE, height: QR_SIZE });
  y += QR_SIZE + 12;

  doc.font('Helvetica-Bold').fontSize(8).text('DESCRIÇÃO DO SERVIÇO', MARGIN + 3, y);
  doc.text('VALOR', MARGIN + WIDTH - 103, y, { width: 100, align: 'right' });
  y += 12;
  doc.lineWidth(0.5).moveTo(MARGIN, y).lineTo(MARGIN + WIDTH, y).stroke();
  y += 4;
  doc.font('Helvetica').fontSize(8.5);
  for (const item of input.items) {
    doc.text(item.description, MARGIN + 3, y, { width: WIDTH - 120, lineBreak: false });
    doc.text(formatBRL(item.amountCents), MARGIN + WIDTH - 103, y, { width: 100, align: 'right', lineBreak: false });
    y += 13;
  }
  doc.lineWidth(0.5).moveTo(MARGIN, y).lineTo(MARGIN + WIDTH, y).stroke();
  const total = input.items.reduce((sum, item) => sum + item.amountCents, 0);
  doc.font('Helvetica-Bold').fontSize(10).text(`VALOR TOTAL DA NOTA: ${formatBRL(total)}`, MARGIN, y + 6, { width: WIDTH - 3, align: 'right' });
  doc.end();
  return done;
}
