// The Erp of a provider on IXC Soft, through IXC's webservice. Which resources and fields, and where
// they come from (see also client.ts and mapping.ts):
// - cliente (id, razao, cnpj_cpf formatted, fone, telefone_celular, whatsapp, email, endereco,
//   numero, bairro): marcosmarcolin/client-api-ixc examples/resources/cliente/get_cliente_by_cpf.php
//   and get_cliente_by_telefone.php; "IXC Provedor API — Documentação Completa" (Postman collection).
// - cliente_contrato, radusuarios (login, id_contrato): goixc response.go; the IXC database type map.
// - fn_areceber with grid_param liberado=S, status!=C, status!=R, sorted by data_vencimento:
//   marcosmarcolin/client-api-ixc examples/resources/financeiro/post_get_fn_areceber_em_aberto.php.
// - get_boleto {boletos, juro, multa, atualiza_boleto, tipo_boleto: 'arquivo', base64: 'S'} answering
//   the PDF as base64: same repo, post_get_arquivo_boleto.php; goixc form_get_boleto.go.
// - get_pix {id_areceber} answering {type, pix: {qrCode: {qrcode}, dadosPix: {pixCopiaECola}}}:
//   the Postman collection's "Get Pix" and public integrations that read those fields.
// - desbloqueio_confianca {id: <contract>} answering {tipo: 'sucesso'|'erro', codigo, mensagem}
//   (106 = contract does not exist): goixc form_desbloqueio_confianca.go, wiki.ixcsoft.com.br
//   "Desbloqueio_de_Confiança_-_API".
// - cliente_contrato_descontos {id_contrato, id_vd_contrato_produtos, descricao, valor,
//   data_validade, percentual} and vd_contratos_produtos (id_contrato): the Postman collection.
// - su_oss_chamado {tipo, id_cliente, id_contrato_kit, id_assunto, origem_endereco, prioridade,
//   id_filial, setor, mensagem, status}: public integrations inserting orders; the collection.
// - vd_saida (id_cliente, numero_nf, modelo_nf, data_emissao, valor_total) for notas and
//   imprimir_nota {id, base64: 'S'} for their PDF: marcosmarcolin/client-api-ixc
//   examples/resources/financeiro/post_imprimir_nota.php. The series and access-key field names
//   (serie, chave_acesso) are not in any public source found: read when present, empty otherwise.
import { AppError, notFound } from '../../errors.js';
import type {
  Bonus, ClientQuery, Erp, ErpBoleto, ErpClient, ErpContract, ErpNota, ErpNotaDocument, ErpServiceOrder, NewServiceOrder,
} from '../erp.js';
import { IxcClient, type IxcQuery, type IxcRecord } from './client.js';
import {
  centavosToReais, digitsOnly, documentForms, ixcDate, phoneForms, phoneToE164, reaisToCentavos, serviceOrderStatus, toCharge, toClient,
  toContract, todayInSaoPaulo, unformattedDocument,
} from './mapping.js';

/** What a provider's settings keep to reach its IXC (the token as a secret). */
export interface IxcErpSettings {
  /** https://<host> of the provider's IXC. */
  baseUrl: string;
  /** The webservice user's token, "<user id>:<token>". */
  token: string;
  /** Give up on a call after this long (default 5000 ms). */
  timeoutMs?: number;
  /** su_oss_assunto id for orders opened from the desk (IXC requires an assunto). */
  serviceOrderSubjectId?: string;
  /** Setor (department) the orders go to; IXC's default when left out. */
  serviceOrderSectorId?: string;
  /** Filial of the orders (default '1'). */
  filialId?: string;
  /** The clock, for tests; the provider's calendar is America/Sao_Paulo. */
  now?: () => Date;
}

const PHONE_FIELDS = ['telefone_celular', 'whatsapp', 'fone'] as const;
const OPEN_CHARGES = [
  { TB: 'fn_areceber.liberado', OP: '=', P: 'S' },
  { TB: 'fn_areceber.status', OP: '!=', P: 'C' },
  { TB: 'fn_areceber.status', OP: '!=', P: 'R' },
] as const;
const MAX_PAGE = 100;

export function createIxcErp(settings: IxcErpSettings): Erp {
  const ixc = new IxcClient(settings);
  const today = () => todayInSaoPaulo((settings.now ?? (() => new Date()))());

  const byId = async (resource: string, id: string): Promise<IxcRecord | null> => {
    if (!/^\d+$/.test(id)) return null;
    const { registros } = await ixc.list(resource, { qtype: `${resource}.id`, query: id, oper: '=', rp: 1 });
    return registros[0] ?? null;
  };

  const listAll = async (resource: string, query: IxcQuery) => (await ixc.list(resource, { rp: MAX_PAGE, ...query })).registros;

  const contractOf = async (ref: string): Promise<ErpContract> => {
    const record = await byId('cliente_contrato', ref);
    if (!record) throw notFound('Contrato');
    const logins = await listAll('radusuarios', { qtype: 'radusuarios.id_contrato', query: ref });
    return toContract(record, logins[0]?.login || null, today());
  };

  async function findClients(query: ClientQuery, limit = 20): Promise<ErpClient[]> {
    const searches: IxcQuery[] = [];
    if (query.name?.trim()) searches.push({ qtype: 'cliente.razao', query: query.name.trim(), oper: 'L' });
    if (query.document?.trim()) {
      for (const form of documentForms(query.document)) searches.push({ qtype: 'cliente.cnpj_cpf', query: form, oper: '=' });
    }
    const phone = query.phone ? phoneToE164(query.phone) : null;
    if (phone) {
      for (const field of PHONE_FIELDS) for (const form of phoneForms(phone)) searches.push({ qtype: `cliente.${field}`, query: form, oper: '=' });
    }
    if (searches.length === 0) return [];
    const answers = await Promise.all(searches.map((search) => listAll('cliente', { ...search, rp: limit, sortname: 'cliente.razao', sortorder: 'asc' })));
    const found = new Map<string, ErpClient>();
    for (const record of answers.flat()) if (!found.has(record.id)) found.set(record.id, toClient(record));
    let clients = [...found.values()];
    // Several criteria narrow: a client must match every one given.
    if (query.name?.trim() && (query.document || phone)) clients = clients.filter((c) => matchesName(c, query.name!));
    if (query.document?.trim()) clients = clients.filter((c) => c.document === unformattedDocument(query.document));
    if (phone) clients = clients.filter((c) => c.phones.includes(phone));
    return clients.sort((a, b) => a.name.localeCompare(b.name, 'pt-BR')).slice(0, limit);
  }

  return {
    kind: 'ixc',
    findClients,

    async getClient(ref) {
      const record = await byId('cliente', ref);
      return record ? toClient(record) : null;
    },

    async contracts(clientRef) {
      const [records, logins] = await Promise.all([
        listAll('cliente_contrato', { qtype: 'cliente_contrato.id_cliente', query: clientRef, sortname: 'cliente_contrato.id', sortorder: 'asc' }),
        listAll('radusuarios', { qtype: 'radusuarios.id_cliente', query: clientRef }),
      ]);
      const loginOf = (contractId: string) => logins.find((login) => login.id_contrato === contractId)?.login || null;
      return records.map((record) => toContract(record, loginOf(record.id), today()));
    },

    async openCharges(clientRef) {
      const records = await listAll('fn_areceber', {
        qtype: 'fn_areceber.id_cliente', query: clientRef, sortname: 'fn_areceber.data_vencimento', sortorder: 'asc', grid: [...OPEN_CHARGES],
      });
      const now = today();
      return records
        .map((record) => toCharge(record, now))
        .filter((charge) => charge.status === 'aberto' || charge.status === 'vencido')
        .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || Number(a.ref) - Number(b.ref));
    },

    async boleto(chargeRef): Promise<ErpBoleto> {
      const record = await byId('fn_areceber', chargeRef);
      if (!record) throw notFound('Cobrança');
      const charge = toCharge(record, today());
      const linhaDigitavel = digitsOnly(record.linha_digitavel);
      // juro/multa/atualiza_boleto 'S': IXC prints the amount updated to today on the PDF.
      const file = await ixc.call('get_boleto', {
        boletos: chargeRef, juro: 'S', multa: 'S', atualiza_boleto: 'S', tipo_boleto: 'arquivo', base64: 'S',
      });
      const pdf = Buffer.from(file.text.trim(), 'base64');
      if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') {
        throw new AppError('erp_refused', `O IXC não devolveu o PDF do boleto ${chargeRef}.`);
      }
      return { charge, filename: `boleto-${chargeRef}.pdf`, pdf, linhaDigitavel, pixCopiaECola: await pixOf(chargeRef) };
    },

    async notas(clientRef): Promise<ErpNota[]> {
      const records = await listAll('vd_saida', { qtype: 'vd_saida.id_cliente', query: clientRef, sortname: 'vd_saida.id', sortorder: 'desc' });
      return records.filter((record) => (record.numero_nf ?? '').trim() !== '').map(toNota);
    },

    async notaDocument(notaRef): Promise<ErpNotaDocument> {
      const record = await byId('vd_saida', notaRef);
      if (!record) throw notFound('Nota fiscal');
      const file = await ixc.call('imprimir_nota', { id: notaRef, base64: 'S' });
      const pdf = Buffer.from(file.text.trim(), 'base64');
      if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') throw new AppError('erp_refused', `O IXC não devolveu o PDF da nota ${notaRef}.`);
      return { nota: toNota(record), filename: `nota-${record.numero_nf || notaRef}.pdf`, pdf };
    },

    async grantBonus(contractRef, bonus: Bonus): Promise<ErpContract> {
      const contract = await contractOf(contractRef);
      switch (bonus.kind) {
        case 'desbloqueio_confianca':
          // IXC applies the days set in its own configuration: the webservice takes only the contract.
          await trustUnlock(contractRef);
          break;
        case 'desconto':
          await discount(contract, bonus);
          break;
        case 'dias_extras':
          throw new AppError('erp_refused', 'O IXC não aceita dias extras pelo webservice. Lance o bônus no próprio IXC.');
      }
      return contractOf(contractRef);
    },

    async openServiceOrder(order: NewServiceOrder): Promise<ErpServiceOrder> {
      if (!settings.serviceOrderSubjectId) {
        throw new AppError('validation_failed', 'Configure o assunto (id do su_oss_assunto) das ordens de serviço do IXC.');
      }
      const client = await byId('cliente', order.clientRef);
      if (!client) throw notFound('Cliente');
      const body: Record<string, string> = {
        tipo: 'C',
        id_cliente: order.clientRef,
        id_contrato_kit: order.contractRef ?? '',
        id_assunto: settings.serviceOrderSubjectId,
        origem_endereco: 'C',
        prioridade: 'N',
        id_filial: settings.filialId ?? '1',
        mensagem: `${order.subject}\n\n${order.description}\n\nAberta pelo atendimento ${order.conversationProtocolo} (${order.type}).`,
        status: 'A',
      };
      if (settings.serviceOrderSectorId) body.setor = settings.serviceOrderSectorId;
      const { id } = await ixc.write('su_oss_chamado', body);
      const saved = await byId('su_oss_chamado', id);
      return {
        ref: id,
        protocolo: saved?.protocolo || id,
        type: order.type,
        subject: order.subject,
        description: order.description,
        status: serviceOrderStatus(saved?.status),
        createdAt: saved?.data_abertura ? `${saved.data_abertura.replace(' ', 'T')}-03:00` : new Date().toISOString(),
      };
    },
  };

  async function pixOf(chargeRef: string): Promise<string | null> {
    try {
      const { json } = await ixc.call('get_pix', { id_areceber: chargeRef });
      const pix = (json as { pix?: { dadosPix?: { pixCopiaECola?: string }; qrCode?: { qrcode?: string } } } | undefined)?.pix;
      return pix?.dadosPix?.pixCopiaECola || pix?.qrCode?.qrcode || null;
    } catch (error) {
      // A charge whose bank has no PIX: IXC answers an error, and the boleto goes without it.
      if (error instanceof AppError && error.code === 'erp_refused') return null;
      throw error;
    }
  }

  async function trustUnlock(contractRef: string) {
    try {
      await ixc.call('desbloqueio_confianca', { id: contractRef });
    } catch (error) {
      if (error instanceof AppError && error.details?.ixcCode === '106') throw notFound('Contrato');
      throw error;
    }
  }

  async function discount(contract: ErpContract, bonus: Extract<Bonus, { kind: 'desconto' }>) {
    const [product] = await listAll('vd_contratos_produtos', { qtype: 'vd_contratos_produtos.id_contrato', query: contract.ref, rp: 1 });
    if (!product) throw new AppError('erp_refused', 'O contrato não tem produto no IXC para receber o desconto.');
    const price = reaisToCentavos(product.valor_unit) ?? contract.monthlyPriceCents;
    const cents = bonus.valueCents ?? (bonus.percent !== undefined && price !== null ? Math.round((price * bonus.percent) / 100) : null);
    if (cents === null || cents <= 0) throw new AppError('validation_failed', 'Informe o valor ou o percentual do desconto.');
    await ixc.write('cliente_contrato_descontos', {
      id_contrato: contract.ref,
      id_vd_contrato_produtos: product.id,
      descricao: 'Desconto concedido pelo atendimento',
      valor: centavosToReais(cents),
      data_validade: '',
      percentual: bonus.percent !== undefined ? String(bonus.percent) : '',
    });
  }
}

function toNota(record: IxcRecord): ErpNota {
  return {
    ref: record.id,
    number: record.numero_nf ?? '',
    series: record.serie ?? '',
    model: record.modelo_nf ?? '',
    issuedAt: ixcDate(record.data_emissao) ? `${ixcDate(record.data_emissao)}T00:00:00-03:00` : '',
    amountCents: reaisToCentavos(record.valor_total) ?? 0,
    accessKey: digitsOnly(record.chave_acesso),
  };
}

const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
const matchesName = (client: ErpClient, name: string) => fold(client.name).includes(fold(name.trim()));
