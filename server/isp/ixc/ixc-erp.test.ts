import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../errors.js';
import { startIxcStandIn, type IxcStandIn } from '../../../test/support/ixc-stand-in.js';
import { createIxcErp } from './ixc-erp.js';

const TOKEN = '12:3f2a9c0e4b7d6a1f8e5c2b9d0a7f4e1c';
const TODAY = '2025-03-10';
const now = () => new Date(`${TODAY}T12:00:00-03:00`);
const LINHA = '34191.79001 01043.510047 91020.150008 1 99990000026000';

let ixc: IxcStandIn;
const erp = (options: { token?: string; timeoutMs?: number; baseUrl?: string } = {}) =>
  createIxcErp({ baseUrl: options.baseUrl ?? ixc.url, token: options.token ?? TOKEN, timeoutMs: options.timeoutMs, serviceOrderSubjectId: '43', now });

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

beforeAll(async () => {
  ixc = await startIxcStandIn({
    token: TOKEN,
    today: TODAY,
    pix: { '501': '00020101021226870014br.gov.bcb.pix2565pix.example.com/qr/v2/cobv/abc5204000053039865406120.005802BR6304ABCD' },
    data: {
      cliente: [
        { id: '7', ativo: 'S', tipo_pessoa: 'F', razao: 'Joana Conceição Silva', cnpj_cpf: '175.181.720-20', telefone_celular: '(49) 99912-3456',
          fone: '4933221100', email: 'joana@example.com', endereco: 'Rua das Flores', numero: '120', bairro: 'Centro' },
        { id: '8', ativo: 'S', tipo_pessoa: 'J', razao: 'Mercado Boa Vista LTDA', cnpj_cpf: '12.345.678/0001-95', whatsapp: '11987654321' },
        { id: '9', ativo: 'S', tipo_pessoa: 'F', razao: 'José Conceição', cnpj_cpf: '529.982.247-25' },
      ],
      cliente_contrato: [
        { id: '70', id_cliente: '7', contrato: 'Fibra 500 Mega', status: 'A', status_internet: 'A', valor_unitario: '99.90', endereco_padrao_cliente: 'S' },
        { id: '71', id_cliente: '7', contrato: 'Fibra 300', status: 'A', status_internet: 'CM' },
        { id: '72', id_cliente: '7', contrato: 'Fibra 200', status: 'A', status_internet: 'CA' },
        { id: '73', id_cliente: '7', contrato: 'Fibra 100', status: 'A', status_internet: 'FA' },
        { id: '74', id_cliente: '7', contrato: 'Rádio 10', status: 'A', status_internet: 'D' },
        { id: '75', id_cliente: '7', contrato: 'Fibra antiga', status: 'I', status_internet: 'D' },
        { id: '76', id_cliente: '7', contrato: 'Fibra nova', status: 'P', status_internet: 'AA' },
        { id: '77', id_cliente: '7', contrato: 'Fibra negativada', status: 'N', status_internet: 'CA' },
        { id: '78', id_cliente: '7', contrato: 'Desistência', status: 'D', status_internet: 'D' },
        { id: '80', id_cliente: '8', contrato: 'Link dedicado', status: 'A', status_internet: 'CA', valor_unitario: '450.00' },
      ],
      radusuarios: [{ id: '900', id_cliente: '7', id_contrato: '70', login: 'joana.silva', ativo: 'S' }],
      vd_contratos_produtos: [{ id: '600', id_contrato: '80', descricao: 'Link 100M', qtde: '1', valor_unit: '450.00' }],
      fn_areceber: [
        { id: '500', id_cliente: '7', id_contrato: '70', valor: '99.90', valor_aberto: '99.90', data_vencimento: '2025-03-20', status: 'A',
          liberado: 'S', nn_boleto: '10435100', linha_digitavel: LINHA },
        { id: '501', id_cliente: '7', id_contrato: '70', valor: '99.90', valor_aberto: '99.90', valor_total_com_juros: '103.10',
          data_vencimento: '2025-02-20', status: 'A', liberado: 'S', nn_boleto: '10435099', linha_digitavel: LINHA },
        { id: '502', id_cliente: '7', id_contrato: '70', valor: '99.90', data_vencimento: '2025-01-20', status: 'R', liberado: 'S' },
        { id: '503', id_cliente: '7', id_contrato: '70', valor: '99.90', data_vencimento: '2024-12-20', status: 'C', liberado: 'S' },
        { id: '504', id_cliente: '7', id_contrato: '70', valor: '15.00', data_vencimento: '2024-11-20', status: 'A', liberado: 'N' },
      ],
      vd_saida: [{ id: '3001', id_cliente: '7', numero_nf: '1234', serie: '1', modelo_nf: '62', data_emissao: '2025-02-01', valor_total: '99.90' }],
    },
  });
});

afterAll(() => ixc.close());

describe('IXC adapter against the stand-in', () => {
  it('finds a client by part of the name, accents and case ignored', async () => {
    const clients = await erp().findClients({ name: 'conceicao' });
    expect(clients.map((c) => c.ref)).toEqual(['7', '9']);
    expect(clients[0]).toMatchObject({
      name: 'Joana Conceição Silva', document: '17518172020', email: 'joana@example.com', address: 'Rua das Flores, 120 - Centro',
      phones: ['5549999123456', '554933221100'],
    });
  });

  it('finds a client by CPF formatted and unformatted, and a company by CNPJ', async () => {
    expect((await erp().findClients({ document: '175.181.720-20' })).map((c) => c.ref)).toEqual(['7']);
    expect((await erp().findClients({ document: '17518172020' })).map((c) => c.ref)).toEqual(['7']);
    expect((await erp().findClients({ document: '12345678000195' })).map((c) => c.ref)).toEqual(['8']);
  });

  it('finds a client by phone in E.164, whichever way IXC stored it', async () => {
    expect((await erp().findClients({ phone: '5549999123456' })).map((c) => c.ref)).toEqual(['7']);
    expect((await erp().findClients({ phone: '5511987654321' })).map((c) => c.ref)).toEqual(['8']);
    expect(await erp().findClients({ phone: '5521900000000' })).toEqual([]);
  });

  it('maps every IXC contract status to ours, with the PPPoE login', async () => {
    const contracts = await erp().contracts('7');
    expect(Object.fromEntries(contracts.map((c) => [c.ref, c.status]))).toEqual({
      70: 'ativo', 71: 'bloqueado_manual', 72: 'bloqueado_atraso', 73: 'bloqueado_atraso', 74: 'suspenso',
      75: 'cancelado', 76: 'aguardando_instalacao', 77: 'bloqueado_atraso', 78: 'cancelado',
    });
    expect(contracts[0]).toMatchObject({ plan: 'Fibra 500 Mega', pppoeLogin: 'joana.silva', monthlyPriceCents: 9990, clientRef: '7' });
  });

  it('lists the open charges, aberto and vencido, oldest first, paid and cancelled left out', async () => {
    const charges = await erp().openCharges('7');
    expect(charges.map((c) => [c.ref, c.status, c.dueDate])).toEqual([
      ['501', 'vencido', '2025-02-20'],
      ['500', 'aberto', '2025-03-20'],
    ]);
    expect(charges[0]).toMatchObject({ amountCents: 9990, amountDueTodayCents: 10310, nossoNumero: '10435099', bankCode: '341', contractRef: '70' });
    expect(charges[1].amountDueTodayCents).toBe(9990);
  });

  it('gives the boleto as PDF bytes, its linha digitável in digits and the PIX copia e cola', async () => {
    const boleto = await erp().boleto('501');
    expect(boleto.pdf.subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
    expect(boleto.pdf.toString('latin1')).toContain('%%EOF');
    expect(boleto.linhaDigitavel).toBe('34191790010104351004791020150008199990000026000');
    expect(boleto.linhaDigitavel).toHaveLength(47);
    expect(boleto.pixCopiaECola).toMatch(/^000201/);
    expect(boleto.filename).toBe('boleto-501.pdf');
    const call = ixc.calls.filter((c) => c.resource === 'get_boleto').at(-1)!;
    expect(call.body).toMatchObject({ boletos: '501', tipo_boleto: 'arquivo', base64: 'S', juro: 'S', multa: 'S', atualiza_boleto: 'S' });
    expect((await erp().boleto('500')).pixCopiaECola).toBeNull();
  });

  it('unlocks a blocked contract in trust, and the contract is active in IXC afterwards', async () => {
    const after = await erp().grantBonus('80', { kind: 'desbloqueio_confianca', days: 3 });
    expect(ixc.state.cliente_contrato.find((c) => c.id === '80')).toMatchObject({ status_internet: 'A', dt_ult_desb_conf: TODAY });
    expect(after).toMatchObject({ status: 'ativo', lastTrustUnlockAt: `${TODAY}T00:00:00-03:00`, trustUnlockUntil: '2025-03-13T00:00:00-03:00' });
  });

  it("passes IXC's refusal of a trust unlock on as erp_refused with its message", async () => {
    const error = await refusal(erp().grantBonus('70', { kind: 'desbloqueio_confianca', days: 3 }));
    expect(error.code).toBe('erp_refused');
    expect(error.message).toContain('Contrato já está desbloqueado!');
  });

  it('writes a discount on the contract through cliente_contrato_descontos', async () => {
    await erp().grantBonus('80', { kind: 'desconto', valueCents: 2500 });
    expect(ixc.state.cliente_contrato_descontos.at(-1)).toMatchObject({ id_contrato: '80', id_vd_contrato_produtos: '600', valor: '25.00' });
  });

  it('refuses extra days, which IXC does not take through its webservice', async () => {
    const error = await refusal(erp().grantBonus('80', { kind: 'dias_extras', days: 5 }));
    expect(error.code).toBe('erp_refused');
    expect(error.message).toMatch(/não aceita dias extras/);
  });

  it('opens a service order and answers the protocolo IXC gave it', async () => {
    const order = await erp().openServiceOrder({
      clientRef: '7', contractRef: '70', type: 'suporte', subject: 'Sem conexão', description: 'Luz LOS vermelha', conversationProtocolo: '20250310-0042',
    });
    const saved = ixc.state.su_oss_chamado.at(-1)!;
    expect(order).toMatchObject({ ref: saved.id, protocolo: saved.protocolo, status: 'aberta', subject: 'Sem conexão' });
    expect(order.protocolo).toMatch(/^20250310\d{6}$/);
    expect(saved).toMatchObject({ id_cliente: '7', id_contrato_kit: '70', id_assunto: '43', tipo: 'C', status: 'A' });
    expect(saved.mensagem).toContain('20250310-0042');
  });

  it('lists the notas and fetches one as PDF', async () => {
    const [nota] = await erp().notas('7');
    expect(nota).toMatchObject({ ref: '3001', number: '1234', series: '1', model: '62', amountCents: 9990 });
    const document = await erp().notaDocument('3001');
    expect(document.pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('answers not_found for ids IXC does not know, and null for an unknown client', async () => {
    expect(await erp().getClient('999')).toBeNull();
    expect((await refusal(erp().boleto('999'))).code).toBe('not_found');
    expect((await refusal(erp().grantBonus('999', { kind: 'desbloqueio_confianca', days: 1 }))).code).toBe('not_found');
    expect((await refusal(erp().openServiceOrder({
      clientRef: '999', contractRef: null, type: 'suporte', subject: 'x', description: 'y', conversationProtocolo: 'p',
    }))).code).toBe('not_found');
  });

  it("answers erp_refused with IXC's message for a wrong token, and never echoes the token", async () => {
    const error = await refusal(erp({ token: '12:wrong' }).findClients({ name: 'Joana' }));
    expect(error.code).toBe('erp_refused');
    expect(error.message).toContain('Token inválido');
    expect(JSON.stringify({ message: error.message, details: error.details })).not.toContain('wrong');
  });

  it('answers erp_unavailable when IXC refuses connections', async () => {
    const port = await freePort();
    const error = await refusal(erp({ baseUrl: `http://127.0.0.1:${port}` }).getClient('7'));
    expect(error.code).toBe('erp_unavailable');
    expect(error.message).toMatch(/Sem conexão com o IXC/);
  });

  it('answers erp_unavailable when IXC is down', async () => {
    ixc.setDown(true);
    try {
      expect((await refusal(erp().getClient('7'))).code).toBe('erp_unavailable');
    } finally {
      ixc.setDown(false);
    }
  });

  it('gives up on a slow IXC within the timeout, as erp_unavailable', async () => {
    ixc.setLatency(2_000);
    try {
      const started = performance.now();
      const error = await refusal(erp({ timeoutMs: 300 }).getClient('7'));
      const elapsed = performance.now() - started;
      expect(error.code).toBe('erp_unavailable');
      expect(error.message).toBe('O IXC não respondeu em 300 ms. Tente novamente em instantes.');
      expect(elapsed).toBeGreaterThanOrEqual(290);
      expect(elapsed).toBeLessThan(800);
    } finally {
      ixc.setLatency(0);
    }
  });
});

describe('the IXC stand-in refuses what IXC refuses', () => {
  const post = (resource: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${ixc.url}/webservice/v1/${resource}`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(TOKEN).toString('base64')}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    }).then(async (r) => ({ status: r.status, json: await r.json() }));

  it('a listing without the ixcsoft: listar header', async () => {
    const answer = await post('cliente', { qtype: 'cliente.id', query: '7', oper: '=' });
    expect(answer.json.type).toBe('error');
  });

  it('a qtype the resource does not have', async () => {
    const answer = await post('cliente', { qtype: 'cliente.senha_secreta', query: '1', oper: '=' }, { ixcsoft: 'listar' });
    expect(answer.json).toMatchObject({ type: 'error' });
    expect(answer.json.message).toContain('cliente.senha_secreta');
  });

  it('answers listings with every value a string, paged', async () => {
    const answer = await post('cliente_contrato', { qtype: 'cliente_contrato.id_cliente', query: '7', oper: '=', page: '2', rp: '4', sortname: 'cliente_contrato.id', sortorder: 'asc' }, { ixcsoft: 'listar' });
    expect(answer.json.total).toBe('9');
    expect(answer.json.page).toBe('2');
    expect(answer.json.registros.map((r: { id: string }) => r.id)).toEqual(['74', '75', '76', '77']);
    for (const row of answer.json.registros) for (const value of Object.values(row)) expect(typeof value).toBe('string');
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
