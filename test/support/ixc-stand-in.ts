// A stand-in for IXC Soft's webservice, as far as Prosa uses it, on 127.0.0.1 and a port of its own.
// It answers as IXC does (see server/isp/ixc/ixc-erp.ts for the sources of each shape): Basic auth
// with the user's token; listings only with the header `ixcsoft: listar`, over in-memory records
// whose values are all strings, honouring qtype/query/oper/page/rp/sortname/sortorder/grid_param and
// refusing a field the resource does not have; writes answered {type: 'success'|'error', message,
// id}; get_boleto and imprimir_nota answering a real PDF in base64; desbloqueio_confianca answering
// in Portuguese ({tipo, codigo, mensagem}). A wrong token gets HTTP 401 with IXC's error JSON — what
// IXC really answers then is not in any public source we found. It records the calls it got (never
// the token) and can be made slow (setLatency) or down (setDown: connections are cut).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type IxcRecord = Record<string, string>;

/** The fields of each listing resource the stand-in knows; a record gets '' for those it leaves out. */
export const IXC_FIELDS = {
  cliente: ['id', 'ativo', 'tipo_pessoa', 'razao', 'fantasia', 'cnpj_cpf', 'fone', 'telefone_celular', 'telefone_comercial', 'whatsapp',
    'email', 'cep', 'endereco', 'numero', 'complemento', 'bairro', 'cidade', 'uf'],
  cliente_contrato: ['id', 'id_cliente', 'id_vd_contrato', 'contrato', 'status', 'status_internet', 'contrato_suspenso', 'valor_unitario',
    'data', 'data_ativacao', 'data_cancelamento', 'endereco_padrao_cliente', 'endereco', 'numero', 'complemento', 'bairro', 'cidade',
    'desbloqueio_confianca', 'desbloqueio_confianca_ativo', 'dt_ult_desb_conf', 'dt_retorno_desb_conf'],
  radusuarios: ['id', 'id_cliente', 'id_contrato', 'id_grupo', 'login', 'senha', 'ativo', 'online'],
  fn_areceber: ['id', 'id_cliente', 'id_contrato', 'data_emissao', 'data_vencimento', 'valor', 'valor_aberto', 'valor_recebido',
    'valor_total_com_juros', 'status', 'liberado', 'nn_boleto', 'linha_digitavel', 'pix_txid', 'documento', 'obs', 'id_saida'],
  su_oss_chamado: ['id', 'tipo', 'id_cliente', 'id_contrato_kit', 'id_assunto', 'id_filial', 'setor', 'origem_endereco', 'prioridade',
    'mensagem', 'status', 'protocolo', 'data_abertura'],
  vd_saida: ['id', 'id_cliente', 'id_contrato', 'numero_nf', 'serie', 'modelo_nf', 'data_emissao', 'valor_total', 'chave_acesso', 'status'],
  vd_contratos_produtos: ['id', 'id_contrato', 'id_plano', 'descricao', 'qtde', 'valor_unit'],
  cliente_contrato_descontos: ['id', 'id_contrato', 'id_vd_contrato_produtos', 'descricao', 'valor', 'data_validade', 'percentual'],
} as const;

export type IxcResource = keyof typeof IXC_FIELDS;
export type IxcStandInData = { [R in IxcResource]?: Partial<Record<(typeof IXC_FIELDS)[R][number], string>>[] };
export type IxcState = Record<IxcResource, IxcRecord[]>;

export interface IxcCall {
  resource: string;
  listing: boolean;
  body: unknown;
}

export interface IxcStandInOptions {
  /** "<user id>:<token>", as the requests must carry it (base64, HTTP Basic). */
  token: string;
  data?: IxcStandInData;
  /** PIX copia-e-cola by fn_areceber id, for get_pix. */
  pix?: Record<string, string>;
  /** How long a desbloqueio em confiança holds (IXC's own setting), default 3 days. */
  trustUnlockDays?: number;
  today?: string;
}

const WRITABLE: IxcResource[] = ['su_oss_chamado', 'cliente_contrato_descontos'];
const OPERS = new Set(['=', 'L', '>', '<', '>=', '<=', '!=']);

export async function startIxcStandIn(options: IxcStandInOptions) {
  const expected = `Basic ${Buffer.from(options.token).toString('base64')}`;
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const state = {} as IxcState;
  for (const resource of Object.keys(IXC_FIELDS) as IxcResource[]) {
    state[resource] = ((options.data?.[resource] ?? []) as Record<string, string>[]).map((values) => record(resource, values));
  }
  const calls: IxcCall[] = [];
  let latencyMs = 0;
  let down = false;
  const sockets = new Set<Socket>();

  const server = createServer((req, res) => {
    void handle(req, res);
  });
  server.on('connection', (socket) => {
    if (down) return socket.destroy();
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const raw = await readBody(req);
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    // The client gave up meanwhile: IXC would not have done the work either.
    if (res.destroyed || req.socket.destroyed) return;
    if (down) return req.socket.destroy();
    const match = /^\/webservice\/v1\/([a-z0-9_]+)\/?$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !match) return send(res, 404, { type: 'error', message: 'Recurso não encontrado.' });
    if (req.headers.authorization !== expected) {
      return send(res, 401, { type: 'error', message: 'Token inválido ou usuário sem permissão no webservice.' });
    }
    const resource = match[1];
    const listing = req.headers.ixcsoft === 'listar';
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw || '{}');
      if (!body || typeof body !== 'object' || Array.isArray(body)) throw new Error('not an object');
    } catch {
      calls.push({ resource, listing, body: raw });
      return send(res, 200, { type: 'error', message: 'O corpo da requisição não é um JSON válido.' });
    }
    calls.push({ resource, listing, body });
    send(res, 200, answer(resource, listing, body));
  }

  function answer(resource: string, listing: boolean, body: Record<string, unknown>): unknown {
    switch (resource) {
      case 'get_boleto':
        return getBoleto(body);
      case 'get_pix': {
        const copiaECola = options.pix?.[String(body.id_areceber ?? '')];
        if (!copiaECola) return { type: 'error', message: 'Não há PIX para este boleto.' };
        return { type: 'success', pix: { qrCode: { qrcode: copiaECola, imagemQrcode: '' }, dadosPix: { pixCopiaECola: copiaECola, status: 'ATIVA' } } };
      }
      case 'desbloqueio_confianca':
        return trustUnlock(String(body.id ?? ''));
      case 'imprimir_nota': {
        const nota = state.vd_saida.find((r) => r.id === String(body.id ?? ''));
        if (!nota) return { type: 'error', message: 'Nota fiscal não encontrada!' };
        return body.base64 === 'S' ? pdfBase64(`Nota fiscal ${nota.numero_nf}`) : { type: 'error', message: 'Informe base64.' };
      }
    }
    if (!(resource in IXC_FIELDS)) return { type: 'error', message: `Formulário '${resource}' não encontrado.` };
    const known = resource as IxcResource;
    if (listing) return list(known, body);
    if (WRITABLE.includes(known)) return insert(known, body);
    // IXC reads a POST without the listing header as an insert, which these resources refuse from here.
    return { type: 'error', message: `Para listar ${resource} informe o header ixcsoft: listar.` };
  }

  function list(resource: IxcResource, body: Record<string, unknown>) {
    const fields: readonly string[] = IXC_FIELDS[resource];
    const fieldOf = (name: unknown): string | null => {
      const text = String(name ?? '');
      const field = text.startsWith(`${resource}.`) ? text.slice(resource.length + 1) : text;
      return fields.includes(field) ? field : null;
    };
    const conditions: { field: string; oper: string; value: string }[] = [];
    if (body.qtype !== undefined || body.query !== undefined) {
      const field = fieldOf(body.qtype);
      if (!field) return { type: 'error', message: `Campo '${String(body.qtype ?? '')}' não existe em ${resource}.` };
      const oper = String(body.oper ?? '=');
      if (!OPERS.has(oper)) return { type: 'error', message: `Operador '${oper}' inválido.` };
      conditions.push({ field, oper, value: String(body.query ?? '') });
    }
    if (body.grid_param !== undefined) {
      let grid: unknown;
      try {
        grid = JSON.parse(String(body.grid_param));
      } catch {
        return { type: 'error', message: 'grid_param inválido.' };
      }
      if (!Array.isArray(grid)) return { type: 'error', message: 'grid_param inválido.' };
      for (const entry of grid as { TB?: unknown; OP?: unknown; P?: unknown }[]) {
        const field = fieldOf(entry.TB);
        if (!field) return { type: 'error', message: `Campo '${String(entry.TB ?? '')}' não existe em ${resource}.` };
        const oper = String(entry.OP ?? '=');
        if (!OPERS.has(oper)) return { type: 'error', message: `Operador '${oper}' inválido.` };
        conditions.push({ field, oper, value: String(entry.P ?? '') });
      }
    }
    const page = Number(body.page ?? 1);
    const rp = Number(body.rp ?? 20);
    if (!Number.isInteger(page) || page < 1 || !Number.isInteger(rp) || rp < 1) return { type: 'error', message: 'page e rp devem ser números.' };
    let rows = state[resource].filter((row) => conditions.every((c) => compare(row[c.field] ?? '', c.oper, c.value)));
    if (body.sortname !== undefined) {
      const field = fieldOf(body.sortname);
      if (!field) return { type: 'error', message: `Campo '${String(body.sortname)}' não existe em ${resource}.` };
      const direction = String(body.sortorder ?? 'asc').toLowerCase() === 'desc' ? -1 : 1;
      rows = [...rows].sort((a, b) => direction * order(a[field] ?? '', b[field] ?? ''));
    }
    const registros = rows.slice((page - 1) * rp, page * rp).map((row) => ({ ...row }));
    return { page: String(page), total: String(rows.length), registros };
  }

  function insert(resource: IxcResource, body: Record<string, unknown>) {
    const values = Object.fromEntries(Object.entries(body).map(([key, value]) => [key, String(value ?? '')]));
    if (resource === 'su_oss_chamado') {
      if (!state.cliente.some((c) => c.id === values.id_cliente)) return { type: 'error', message: 'Cliente não encontrado!' };
      if (!values.id_assunto) return { type: 'error', message: 'O campo Assunto é obrigatório!' };
      if (!values.tipo) return { type: 'error', message: 'O campo Tipo é obrigatório!' };
      if (values.id_contrato_kit && !state.cliente_contrato.some((c) => c.id === values.id_contrato_kit)) {
        return { type: 'error', message: 'Contrato não encontrado!' };
      }
    } else {
      if (!state.cliente_contrato.some((c) => c.id === values.id_contrato)) return { type: 'error', message: 'Contrato não encontrado!' };
      if (!state.vd_contratos_produtos.some((p) => p.id === values.id_vd_contrato_produtos)) {
        return { type: 'error', message: 'Produto do contrato não encontrado!' };
      }
      if (!values.descricao) return { type: 'error', message: 'O campo Descrição é obrigatório!' };
    }
    const id = String(Math.max(0, ...state[resource].map((r) => Number(r.id))) + 1);
    const saved = record(resource, { ...values, id });
    if (resource === 'su_oss_chamado') {
      saved.status ||= 'A';
      saved.protocolo = `${today.replace(/-/g, '')}${id.padStart(6, '0')}`;
      saved.data_abertura = `${today} 10:00:00`;
    }
    state[resource].push(saved);
    return { type: 'success', message: 'Registro inserido com sucesso!', id };
  }

  function getBoleto(body: Record<string, unknown>) {
    const charge = state.fn_areceber.find((r) => r.id === String(body.boletos ?? ''));
    if (!charge) return { type: 'error', message: 'Boleto não encontrado!' };
    if (body.tipo_boleto !== 'arquivo') return { type: 'error', message: 'Tipo de boleto inválido.' };
    if (charge.status === 'C') return { type: 'error', message: 'Boleto cancelado!' };
    return pdfBase64(`Boleto ${charge.id} ${charge.linha_digitavel}`);
  }

  function trustUnlock(id: string) {
    const contract = state.cliente_contrato.find((r) => r.id === id);
    if (!contract) return { tipo: 'erro', codigo: '106', mensagem: 'Contrato não existe!' };
    if (contract.status_internet === 'A') return { tipo: 'erro', codigo: '107', mensagem: 'Contrato já está desbloqueado!' };
    if (contract.status !== 'A' || !['CA', 'FA', 'CM'].includes(contract.status_internet)) {
      return { tipo: 'erro', codigo: '109', mensagem: 'Este contrato não pode ser desbloqueado!' };
    }
    const until = new Date(`${today}T12:00:00Z`);
    until.setUTCDate(until.getUTCDate() + (options.trustUnlockDays ?? 3));
    Object.assign(contract, {
      status_internet: 'A',
      desbloqueio_confianca_ativo: 'S',
      dt_ult_desb_conf: today,
      dt_retorno_desb_conf: until.toISOString().slice(0, 10),
    });
    return { tipo: 'sucesso', mensagem: 'Desbloqueio de confiança efetuado com sucesso!' };
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    state,
    calls,
    /** Every answer comes this much later. */
    setLatency(ms: number) {
      latencyMs = ms;
    },
    /** Down: new and open connections are cut, as a crashed IXC behind a proxy. */
    setDown(value: boolean) {
      down = value;
      if (value) for (const socket of sockets) socket.destroy();
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type IxcStandIn = Awaited<ReturnType<typeof startIxcStandIn>>;

function record(resource: IxcResource, values: Record<string, string | undefined>): IxcRecord {
  const row: IxcRecord = {};
  for (const field of IXC_FIELDS[resource]) row[field] = String(values[field] ?? '');
  return row;
}

/** MySQL's general_ci collation, which IXC's comparisons use: case and accents ignored. */
const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();
const numeric = (text: string) => /^-?\d+(\.\d+)?$/.test(text);

function order(a: string, b: string) {
  if (numeric(a) && numeric(b)) return Number(a) - Number(b);
  return fold(a) < fold(b) ? -1 : fold(a) > fold(b) ? 1 : 0;
}

function compare(value: string, oper: string, query: string) {
  switch (oper) {
    case '=':
      return fold(value) === fold(query);
    case '!=':
      return fold(value) !== fold(query);
    case 'L':
      return fold(value).includes(fold(query));
    case '>':
      return order(value, query) > 0;
    case '<':
      return order(value, query) < 0;
    case '>=':
      return order(value, query) >= 0;
    default:
      return order(value, query) <= 0;
  }
}

function send(res: ServerResponse, status: number, body: unknown) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8' });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(''));
  });
}

/** A real one-page PDF (valid xref offsets) with a line of text, base64 as IXC sends it. */
export function minimalPdf(text: string): Buffer {
  const safe = text.replace(/[\\()]/g, (c) => `\\${c}`);
  const stream = `BT /F1 12 Tf 72 720 Td (${safe}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(Buffer.byteLength(pdf, 'latin1'));
    pdf += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(pdf, 'latin1');
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) pdf += `${String(offset).padStart(10, '0')} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

const pdfBase64 = (text: string) => minimalPdf(text).toString('base64');
