// The demo provider's data: its sectors, people, plans and the conversations they have. The
// procedure that loads it into a database is ./seed.ts.
import type { BotOption } from '../../api/bot.js';

export const DEMO_SLUG = 'demo';
export const DEMO_PASSWORD = 'prosa123';

// ── Fixed catalogue ──────────────────────────────────────────────────────────────────────────

export type SectorName = 'Suporte Técnico' | 'Financeiro' | 'Comercial';
export const SECTORS: { name: SectorName; isDefault: boolean }[] = [
  { name: 'Suporte Técnico', isDefault: true },
  { name: 'Financeiro', isDefault: false },
  { name: 'Comercial', isDefault: false },
];

export type AgentKey = 'admin' | 'carla' | 'ana' | 'bruno';
export const USERS: { key: AgentKey; email: string; name: string; role: 'administrador' | 'supervisor' | 'atendente'; sectors: SectorName[] }[] = [
  { key: 'admin', email: 'admin@provedor.demo', name: 'Administrador Demo', role: 'administrador', sectors: ['Suporte Técnico', 'Financeiro', 'Comercial'] },
  { key: 'carla', email: 'carla@provedor.demo', name: 'Carla Supervisora', role: 'supervisor', sectors: ['Suporte Técnico', 'Financeiro', 'Comercial'] },
  { key: 'ana', email: 'ana@provedor.demo', name: 'Ana Souza', role: 'atendente', sectors: ['Suporte Técnico', 'Financeiro'] },
  { key: 'bruno', email: 'bruno@provedor.demo', name: 'Bruno Lima', role: 'atendente', sectors: ['Suporte Técnico', 'Comercial'] },
];
// Who answers the desk: the two agents and the supervisor (the admin only administers).
export const RESPONDERS: AgentKey[] = ['ana', 'bruno', 'carla'];

export const TAGS = [
  { name: 'Urgente', color: '#dc2626' },
  { name: 'Lentidão', color: '#f59e0b' },
  { name: 'Sem conexão', color: '#b91c1c' },
  { name: 'Financeiro', color: '#2563eb' },
  { name: 'Instalação', color: '#16a34a' },
  { name: 'VIP', color: '#7c3aed' },
];

export const MOTIVOS = [
  'Sem conexão',
  'Lentidão',
  '2ª via de boleto',
  'Negociação de débito',
  'Mudança de plano',
  'Mudança de endereço',
  'Cancelamento',
  'Dúvida geral',
  // Applies to every sector: the bot closes with it a conversation nobody answered.
  'Sem resposta',
];

// The bot's menu, off (new conversations go to the Fila as before) and ready to be turned on in
// Administração > Bot; sectors and the timeout motivo by name (seed.ts resolves them).
export const BOT_FLOW: {
  enabled: boolean; greeting: string; timeoutMinutes: number; timeoutMotivo: string;
  options: (Pick<BotOption, 'id' | 'label' | 'action'> & { sector?: SectorName; text?: string })[];
} = {
  enabled: false,
  greeting: 'Olá! Sou a assistente virtual do Provedor Demo. Vou te ajudar por aqui.',
  options: [
    { id: 'boleto', label: '2ª via do boleto', action: 'segunda_via' },
    { id: 'desbloqueio', label: 'Desbloqueio em confiança', action: 'desbloqueio' },
    { id: 'suporte', label: 'Falar com o suporte', action: 'atendente', sector: 'Suporte Técnico' },
    { id: 'comercial', label: 'Planos e mudanças', action: 'atendente', sector: 'Comercial' },
    { id: 'loja', label: 'Endereço da loja', action: 'mensagem', text: 'Nossa loja fica na Rua das Flores, 120, Centro. Atendemos de segunda a sexta, das 8h às 18h, e aos sábados, das 8h às 12h.' },
  ],
  timeoutMinutes: 30,
  timeoutMotivo: 'Sem resposta',
};

export const QUICK_REPLIES = [
  { shortcut: 'saudacao', title: 'Saudação', body: 'Olá, {{cliente.primeiro_nome}}! Aqui é {{atendente.nome}}, como posso ajudar?' },
  {
    shortcut: 'reiniciar',
    title: 'Reiniciar roteador',
    body: 'Por favor, desligue o roteador da tomada, aguarde 30 segundos e ligue novamente. Depois de uns 2 minutos, me avise se as luzes voltaram ao normal.',
  },
  { shortcut: 'boleto', title: '2ª via do boleto', body: '{{cliente.primeiro_nome}}, vou te enviar a 2ª via do boleto agora.' },
  { shortcut: 'aguarde', title: 'Aguarde', body: 'Só um instante, {{cliente.primeiro_nome}}, estou verificando aqui no sistema.' },
  {
    shortcut: 'encerramento',
    title: 'Encerramento',
    body: 'Agradecemos o contato, {{cliente.primeiro_nome}}! O protocolo do seu atendimento é {{protocolo}}. Se precisar, é só chamar por aqui.',
  },
  {
    shortcut: 'visita',
    title: 'Visita técnica agendada',
    body: '{{cliente.nome}}, sua visita técnica está agendada. O técnico vai se identificar com o crachá do Provedor Demo.',
  },
  {
    shortcut: 'velocidade',
    title: 'Teste de velocidade',
    body: 'Pode fazer um teste no fast.com com o celular perto do roteador e me mandar o resultado?',
  },
];

export const PROVIDER_PROTOCOL_MESSAGE = 'Olá! O protocolo do seu atendimento é {{protocolo}}.';
export const PROVIDER_CLOSING_MESSAGE = 'Seu atendimento foi encerrado. Obrigado pelo contato!';

// 36 contacts; the first 12 are the provider's clients. f/m only picks "obrigada"/"obrigado".
export const PEOPLE: { name: string; g: 'f' | 'm' }[] = [
  { name: 'Maria da Conceição Silva', g: 'f' },
  { name: 'João Pedro Gonçalves', g: 'm' },
  { name: 'Ana Lúcia Araújo', g: 'f' },
  { name: 'Antônio Carlos Ferreira', g: 'm' },
  { name: 'Sebastião Rodrigues', g: 'm' },
  { name: 'Débora Cristina Lima', g: 'f' },
  { name: 'Fábio Henrique Souza', g: 'm' },
  { name: 'Márcia Regina Alves', g: 'f' },
  { name: 'José Aparecido Barbosa', g: 'm' },
  { name: 'Patrícia Gonçalves Ribeiro', g: 'f' },
  { name: 'Luís Otávio Carvalho', g: 'm' },
  { name: 'Francisca das Chagas Pereira', g: 'f' },
  { name: 'Cláudia Simões', g: 'f' },
  { name: 'Sérgio Magalhães', g: 'm' },
  { name: 'Vinícius Araújo', g: 'm' },
  { name: 'Letícia Brandão', g: 'f' },
  { name: 'Rogério da Conceição', g: 'm' },
  { name: 'Juliana Gonçalves', g: 'f' },
  { name: 'Caio Estêvão Nogueira', g: 'm' },
  { name: 'Tânia Mônica Castro', g: 'f' },
  { name: 'André Figueiredo', g: 'm' },
  { name: 'Lúcia Helena Duarte', g: 'f' },
  { name: 'Raimundo Nonato Sá', g: 'm' },
  { name: 'Cecília Antunes', g: 'f' },
  { name: 'Thaís Guimarães', g: 'f' },
  { name: 'Márcio Assunção', g: 'm' },
  { name: 'Beatriz Sampaio', g: 'f' },
  { name: 'Flávia Cordeiro', g: 'f' },
  { name: 'Otávio Brandão Teixeira', g: 'm' },
  { name: 'Jéssica Lourenço', g: 'f' },
  { name: 'Henrique Falcão', g: 'm' },
  { name: 'Natália Peçanha', g: 'f' },
  { name: 'Rafael Antônio Moura', g: 'm' },
  { name: 'Inês Carolina Batista', g: 'f' },
  { name: 'Gabriel Simão', g: 'm' },
  { name: 'Valéria Assis Monteiro', g: 'f' },
];
export const CLIENT_COUNT = 12;
export const TELEGRAM = new Set([28, 29, 30, 31]);
export const WEBCHAT = new Set([32, 33, 34]);
// Contracts that are blocked, by client index.
export const BLOCKED: Record<number, 'bloqueado_atraso' | 'bloqueado_manual'> = { 3: 'bloqueado_atraso', 7: 'bloqueado_atraso', 10: 'bloqueado_manual' };

export const CITIES = [
  { city: 'Campinas', uf: 'SP', ddd: '19', bairros: ['Cambuí', 'Taquaral', 'Jardim Chapadão', 'Vila Industrial', 'Jardim Proença'] },
  { city: 'Sumaré', uf: 'SP', ddd: '19', bairros: ['Centro', 'Jardim Nova Veneza', 'Parque Itália'] },
  { city: 'Hortolândia', uf: 'SP', ddd: '19', bairros: ['Jardim Amanda', 'Remanso Campineiro', 'Jardim Rosolém'] },
  { city: 'Valinhos', uf: 'SP', ddd: '19', bairros: ['Centro', 'Jardim Pinheiros', 'Vila Santana'] },
  { city: 'Jundiaí', uf: 'SP', ddd: '11', bairros: ['Anhangabaú', 'Vila Arens', 'Eloy Chaves'] },
];
export const STREETS = [
  'Rua das Palmeiras', 'Rua Barão de Jaguara', 'Avenida Brasil', 'Rua José Paulino', 'Rua Sacramento',
  'Rua Coronel Quirino', 'Avenida Orosimbo Maia', 'Rua Dom Pedro II', 'Rua Tiradentes', 'Rua São Benedito',
  'Rua Conceição', 'Rua Antônio Cesarino',
];
export const PLANS = ['Fibra 300 Mega', 'Fibra 300 Mega', 'Fibra 500 Mega', 'Fibra 500 Mega', 'Fibra 1 Giga'];
// What each plan is, for Contratos and the charges.
export const PLAN_DETAILS: Record<string, { downloadMbps: number; uploadMbps: number; monthlyPriceCents: number }> = {
  'Fibra 300 Mega': { downloadMbps: 300, uploadMbps: 150, monthlyPriceCents: 9990 },
  'Fibra 500 Mega': { downloadMbps: 500, uploadMbps: 250, monthlyPriceCents: 11990 },
  'Fibra 1 Giga': { downloadMbps: 1000, uploadMbps: 500, monthlyPriceCents: 16990 },
};
// The demo provider as the beneficiary of its boletos and the issuer of its notas.
export const PROVIDER_ISP_SETTINGS = {
  beneficiario: { name: 'Provedor Demo Telecom Ltda', taxId: '11222333000181', address: 'Rua Barão de Jaguara, 1000, Centro, Campinas - SP, 13015-001' },
  bank: { code: '237', name: 'Bradesco', agencia: '1172', conta: '0403005', carteira: '06' },
  pix: { key: '11222333000181', merchantName: 'Provedor Demo Telecom', merchantCity: 'Campinas' },
  multaPercent: 2,
  jurosPercentPerMonth: 1,
  trustUnlockDays: 3,
  trustUnlockPeriodDays: 30,
  nfcomEnvironment: 2 as const,
};
export const SERVICE_ORDER_SUBJECTS = ['Sem conexão', 'Lentidão na internet', 'Troca de roteador', 'Mudança de endereço'];
export const UPGRADE: Record<string, string> = {
  'Fibra 300 Mega': 'Fibra 500 Mega',
  'Fibra 500 Mega': 'Fibra 1 Giga',
  'Fibra 1 Giga': 'Fibra 1 Giga com Wi-Fi mesh',
};
export const MAIL_DOMAINS = ['gmail.com', 'hotmail.com', 'outlook.com', 'yahoo.com.br', 'uol.com.br'];

// ── Conversation scripts ─────────────────────────────────────────────────────────────────────
// Placeholders: {primeiro_nome} {atendente} {protocolo} {plano} {plano_novo} {vencimento}
// {obrigado} {Obrigado} (the contact's gender). The contact greets, receives the protocol, then
// tells the problem (`opening`); an agent assumes and the `dialogue` follows.

export type Line = ['in' | 'out' | 'note', string];
export interface Script {
  sector: SectorName;
  motivo: string;
  tags: string[];
  opening: string[];
  dialogue: Line[];
}

export const SCRIPTS: Record<string, Script> = {
  semConexao: {
    sector: 'Suporte Técnico',
    motivo: 'Sem conexão',
    tags: ['Sem conexão', 'Urgente'],
    opening: ['Minha internet caiu desde cedo', 'Já desliguei e liguei o roteador e nada'],
    dialogue: [
      ['out', 'Olá, {primeiro_nome}! Aqui é {atendente}. Vou verificar sua conexão aqui no sistema, só um instante.'],
      ['in', 'Ok, fico no aguardo'],
      ['out', 'Estou vendo que sua ONU está sem sinal. Tem alguma luz vermelha acesa no aparelho da fibra?'],
      ['in', 'Tem sim, a luz LOS está piscando vermelha'],
      ['note', 'Sinal óptico zerado na OLT, provável rompimento de fibra na rua. Abrir OS para a equipe de rede.'],
      ['out', 'Agradeço a informação. É um rompimento na fibra, vou agendar uma visita técnica para hoje à tarde, entre 13h e 17h. Terá alguém em casa?'],
      ['in', 'Vai ter sim, minha mãe fica em casa. {Obrigado}!'],
    ],
  },
  lentidao: {
    sector: 'Suporte Técnico',
    motivo: 'Lentidão',
    tags: ['Lentidão'],
    opening: ['A internet fica muito lenta toda noite', 'Depois das 19h não consigo nem assistir vídeo, fica travando'],
    dialogue: [
      ['out', 'Olá, {primeiro_nome}! Aqui é {atendente}, como posso ajudar? Vou analisar sua conexão.'],
      ['in', 'Tá bom'],
      ['out', 'Pode fazer um teste no fast.com com o celular e me mandar o resultado?'],
      ['in', 'Deu 38 Mega aqui no quarto'],
      ['out', 'Seu plano é o {plano}. No quarto o sinal de 2.4 GHz chega fraco; conecte na rede que termina com _5G perto do roteador e teste de novo, por favor.'],
      ['in', 'Agora deu 280 Mega perto do roteador'],
      ['out', 'Então a conexão está ok, o problema é o alcance do Wi-Fi. Temos roteador mesh para cobrir a casa toda. Quer que o comercial entre em contato?'],
      ['in', 'Pode sim, {obrigado}!'],
    ],
  },
  segundaVia: {
    sector: 'Financeiro',
    motivo: '2ª via de boleto',
    tags: ['Financeiro'],
    opening: ['Preciso da segunda via do boleto desse mês', 'O meu não chegou no e-mail'],
    dialogue: [
      ['out', '{primeiro_nome}, vou te enviar a 2ª via do boleto agora.'],
      ['in', '{Obrigado}'],
      ['out', 'Segue o boleto com vencimento no dia {vencimento}: https://boleto.provedor.demo/2via/83721 — também dá para pagar pelo Pix com o código que está no boleto.'],
      ['in', 'Consegui pagar pelo Pix, já cai na hora?'],
      ['out', 'Sim, o pagamento via Pix é compensado em poucos minutos.'],
      ['in', 'Perfeito, valeu'],
    ],
  },
  negociacao: {
    sector: 'Financeiro',
    motivo: 'Negociação de débito',
    tags: ['Financeiro', 'Urgente'],
    opening: ['Minha internet foi bloqueada', 'Estou com dois boletos atrasados, tem como parcelar?'],
    dialogue: [
      ['out', 'Olá, {primeiro_nome}! Aqui é {atendente}. Vou verificar os débitos no seu cadastro.'],
      ['note', 'Cliente com 2 faturas em aberto (60 dias). A política permite parcelar em 2x sem juros.'],
      ['out', 'Constam duas faturas em aberto. Podemos parcelar em 2x sem juros, e libero sua conexão em confiança por 48 horas assim que confirmar.'],
      ['in', 'Pode ser, como faço?'],
      ['out', 'Vou gerar os novos boletos e te enviar por aqui. O primeiro vence em 5 dias.'],
      ['in', 'Recebi os boletos, vou pagar amanhã cedo'],
      ['out', 'Ótimo! Sua conexão já foi liberada, pode reiniciar o roteador se ainda não voltou.'],
      ['in', 'Voltou aqui, {obrigado}!'],
    ],
  },
  mudancaPlano: {
    sector: 'Comercial',
    motivo: 'Mudança de plano',
    tags: [],
    opening: ['Queria saber quanto fica para aumentar minha internet', 'Hoje tenho o {plano}'],
    dialogue: [
      ['out', 'Olá, {primeiro_nome}! Aqui é {atendente}, do comercial. Posso passar você para o {plano_novo} por mais R$ 30,00 por mês, com Wi-Fi 6.'],
      ['in', 'Precisa trocar o roteador?'],
      ['out', 'Não precisa, o seu roteador já suporta. A mudança é feita remotamente e o valor novo vem na próxima fatura.'],
      ['in', 'Então pode mudar'],
      ['out', 'Pronto! Plano alterado para {plano_novo}. Reinicie o roteador daqui a uns 10 minutos para pegar a nova velocidade.'],
      ['in', 'Show, {obrigado}'],
    ],
  },
  senhaWifi: {
    sector: 'Suporte Técnico',
    motivo: 'Dúvida geral',
    tags: [],
    opening: ['Oi, quero trocar a senha do Wi-Fi', 'Acho que o vizinho está usando'],
    dialogue: [
      ['out', 'Olá, {primeiro_nome}! Aqui é {atendente}. Posso trocar a senha por aqui mesmo. Qual senha você quer usar? Precisa ter pelo menos 8 caracteres.'],
      ['in', 'Pode ser casa2024familia'],
      ['out', 'Senha alterada! Os aparelhos vão desconectar; é só conectar de novo na mesma rede usando a nova senha.'],
      ['in', 'Conectou aqui, {obrigado}'],
    ],
  },
  visitaTecnica: {
    sector: 'Suporte Técnico',
    motivo: 'Sem conexão',
    tags: ['Sem conexão'],
    opening: ['O cabo da fibra arrebentou com o vento', 'Está caído no quintal', 'Fiquei sem internet'],
    dialogue: [
      ['out', 'Olá, {primeiro_nome}! Aqui é {atendente}. Sinto muito pelo transtorno, vou abrir uma ordem de serviço para a equipe técnica.'],
      ['in', 'Demora muito?'],
      ['out', 'Temos horário amanhã de manhã, entre 8h e 12h. Pode ser?'],
      ['in', 'Pode, vou estar em casa'],
      ['out', 'Visita agendada! O técnico vai se identificar com o crachá do Provedor Demo.'],
    ],
  },
  mudancaEndereco: {
    sector: 'Comercial',
    motivo: 'Mudança de endereço',
    tags: ['Instalação'],
    opening: ['Vou me mudar no fim do mês', 'Dá pra levar a internet para o endereço novo?'],
    dialogue: [
      ['out', 'Olá, {primeiro_nome}! Aqui é {atendente}. Claro! Me passa o endereço novo com CEP para eu verificar a viabilidade?'],
      ['in', 'Rua Tiradentes, 880, Centro, CEP 13010-050'],
      ['out', 'Temos cobertura nesse endereço. A transferência não tem custo e agendamos a instalação para o dia que você preferir.'],
      ['in', 'Pode ser dia 30 de manhã?'],
      ['out', 'Agendado para o dia 30, período da manhã. O técnico retira o equipamento no endereço atual e instala no novo.'],
      ['in', 'Perfeito'],
    ],
  },
  cancelamento: {
    sector: 'Comercial',
    motivo: 'Cancelamento',
    tags: [],
    opening: ['Quero cancelar minha internet', 'Vou mudar para outra cidade'],
    dialogue: [
      ['out', 'Olá, {primeiro_nome}! Aqui é {atendente}. Que pena! Para qual cidade você vai? Talvez a gente atenda lá também.'],
      ['in', 'Vou para Belo Horizonte'],
      ['out', 'Infelizmente não temos cobertura lá. Vou registrar o cancelamento; o último boleto vem proporcional aos dias de uso.'],
      ['in', 'E o roteador?'],
      ['out', 'A retirada do roteador e da ONU fica agendada para a próxima segunda-feira, no período da manhã.'],
      ['in', 'Ok, {obrigado} pelo atendimento'],
    ],
  },
  pagoBloqueado: {
    sector: 'Financeiro',
    motivo: 'Dúvida geral',
    tags: ['Financeiro'],
    opening: ['Paguei o boleto ontem e a internet continua bloqueada', 'Vou mandar o comprovante'],
    dialogue: [
      ['out', 'Olá, {primeiro_nome}! Aqui é {atendente}. Pode enviar o comprovante por aqui, por favor.'],
      ['in', 'Pronto, mandei a foto do comprovante'],
      ['out', 'Recebi. O pagamento de boleto leva até 2 dias úteis para compensar, mas já fiz o desbloqueio em confiança.'],
      ['in', 'Voltou! {Obrigado}'],
    ],
  },
  novaInstalacao: {
    sector: 'Comercial',
    motivo: 'Dúvida geral',
    tags: ['Instalação'],
    opening: ['Vocês atendem no bairro Jardim Europa?', 'Queria contratar internet'],
    dialogue: [
      ['out', 'Olá, {primeiro_nome}! Aqui é {atendente}. Atendemos sim! Temos Fibra 300 Mega por R$ 89,90, 500 Mega por R$ 119,90 e 1 Giga por R$ 159,90.'],
      ['in', 'Quero o de 500. Tem taxa de instalação?'],
      ['out', 'A instalação é grátis no plano de 500 Mega. Preciso do seu CPF e do endereço completo para o cadastro.'],
      ['in', 'Mando já'],
      ['out', 'Aguardo! Assim que receber, já agendo a instalação.'],
      ['in', 'Enviei os dados por e-mail também'],
    ],
  },
  vencimento: {
    sector: 'Financeiro',
    motivo: 'Dúvida geral',
    tags: ['Financeiro'],
    opening: ['Tem como mudar o dia de vencimento do boleto?', 'Recebo só no dia 20'],
    dialogue: [
      ['out', 'Olá, {primeiro_nome}! Aqui é {atendente}. Tem sim! Hoje seu vencimento é dia {vencimento}. Posso passar para o dia 20?'],
      ['in', 'Isso, dia 20'],
      ['out', 'Alterado. O próximo boleto vem proporcional aos dias extras e os seguintes já vencem no dia 20.'],
      ['in', 'Ótimo, {obrigado}'],
    ],
  },
  quedas: {
    sector: 'Suporte Técnico',
    motivo: 'Lentidão',
    tags: ['Lentidão'],
    opening: ['A internet fica caindo toda hora', 'Cai e volta sozinha'],
    dialogue: [
      ['out', 'Olá, {primeiro_nome}! Aqui é {atendente}, como posso ajudar? Vou verificar o histórico da sua conexão.'],
      ['in', 'Ok'],
      ['out', 'Por favor, desligue o roteador da tomada, aguarde 30 segundos e ligue novamente. Depois me avise se as luzes voltaram ao normal.'],
      ['in', 'Reiniciei, as luzes estão verdes'],
      ['out', 'Atualizei o firmware do seu roteador remotamente. Acompanhe hoje e, se cair de novo, me chame aqui.'],
      ['in', 'Beleza'],
    ],
  },
};

// Suporte Técnico most, then Financeiro, then Comercial; cycled over the conversations.
export const SCRIPT_ROTATION = [
  'semConexao', 'segundaVia', 'lentidao', 'quedas', 'negociacao', 'senhaWifi', 'mudancaPlano',
  'visitaTecnica', 'pagoBloqueado', 'semConexao', 'lentidao', 'vencimento', 'novaInstalacao',
  'quedas', 'segundaVia', 'mudancaEndereco', 'semConexao', 'cancelamento', 'senhaWifi', 'visitaTecnica',
];
export const DEBT_SCRIPTS = ['negociacao', 'pagoBloqueado', 'segundaVia'];

// {periodo}: bom dia / boa tarde / boa noite, from the hour in Brasília when the contact wrote.
export const GREETINGS = ['Oi', 'Olá', '{Periodo}!', '{Periodo}', 'oi, tudo bem?', 'Olá, {periodo}', 'Oi, {periodo}'];
export const BOT_MENU =
  'Olá! Sou a assistente virtual do Provedor Demo. Escolha uma opção:\n1 - Suporte técnico\n2 - Financeiro (2ª via de boleto)\n3 - Comercial';
export const FAREWELL =
  'Agradecemos o contato, {primeiro_nome}! O protocolo do seu atendimento é {protocolo}. Se precisar, é só chamar por aqui.';
