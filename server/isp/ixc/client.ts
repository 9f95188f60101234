// The calls Prosa makes to IXC Soft's webservice: POST https://<host>/webservice/v1/<resource>, HTTP
// Basic auth with the user's token ("<user id>:<token>", base64 of that string), JSON bodies. A
// listing carries the header `ixcsoft: listar` and a {qtype, query, oper, page, rp, sortname,
// sortorder, grid_param} body and is answered {page, total, registros} with every value a string;
// a write is answered {type: 'success'|'error', message, id}.
// Sources: marcosmarcolin/client-api-ixc src/HttpClient/RequestClient.php (auth split, headers),
// andre-luiz-dos-santos/goixc request.go and form_fn_areceber.go (grid_param), and "IXC Provedor
// API — Documentação Completa", generated from IXC's Postman collection (ixc-postman.json).
//
// Failures become AppError: 'erp_unavailable' when IXC cannot be reached or does not answer in
// time (or answers 5xx), 'erp_refused' when it answers an error (wrong token, {"type":"error"}).
// The token never leaves this file: it is in no message, log or error detail.
import { AppError } from '../../errors.js';

export const DEFAULT_TIMEOUT_MS = 5_000;

export type IxcRecord = Record<string, string>;

/** IXC's operators: '=' equal, 'L' like (contains), and comparisons. */
export type IxcOper = '=' | 'L' | '>' | '<' | '>=' | '<=' | '!=';

/** One extra condition of a listing, IXC's grid_param entry. */
export interface IxcCondition {
  TB: string;
  OP: IxcOper;
  P: string;
}

export interface IxcQuery {
  qtype: string;
  query: string;
  oper?: IxcOper;
  page?: number;
  rp?: number;
  sortname?: string;
  sortorder?: 'asc' | 'desc';
  grid?: IxcCondition[];
}

export interface IxcListing {
  page: number;
  total: number;
  registros: IxcRecord[];
}

export interface IxcWriteResult {
  id: string;
  message: string;
}

export interface IxcClientOptions {
  /** https://<host>, without /webservice/v1. */
  baseUrl: string;
  /** "<user id>:<token>" as IXC shows it on the user's page. */
  token: string;
  timeoutMs?: number;
}

export class IxcClient {
  private readonly root: string;
  private readonly authorization: string;
  private readonly timeoutMs: number;

  constructor(options: IxcClientOptions) {
    this.root = `${options.baseUrl.replace(/\/+$/, '')}/webservice/v1`;
    this.authorization = `Basic ${Buffer.from(options.token).toString('base64')}`;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** A listing (header ixcsoft: listar). */
  async list(resource: string, query: IxcQuery): Promise<IxcListing> {
    const body: Record<string, string> = {
      qtype: query.qtype,
      query: query.query,
      oper: query.oper ?? '=',
      page: String(query.page ?? 1),
      rp: String(query.rp ?? 20),
    };
    if (query.sortname) body.sortname = query.sortname;
    if (query.sortorder) body.sortorder = query.sortorder;
    if (query.grid?.length) body.grid_param = JSON.stringify(query.grid);
    const answer = await this.post(resource, body, true);
    const json = this.json(answer, resource) as { page?: unknown; total?: unknown; registros?: unknown };
    refuseIxcError(json);
    return {
      page: Number(json.page ?? 1),
      total: Number(json.total ?? 0),
      // IXC leaves registros out when nothing matched.
      registros: Array.isArray(json.registros) ? (json.registros as IxcRecord[]) : [],
    };
  }

  /** An insert: answers the new record's id. */
  async write(resource: string, body: Record<string, string>): Promise<IxcWriteResult> {
    const json = this.json(await this.post(resource, body, false), resource) as { type?: unknown; message?: unknown; id?: unknown };
    refuseIxcError(json);
    if (json.type !== 'success') throw new AppError('erp_refused', `O IXC não confirmou a gravação em ${resource}.`);
    return { id: String(json.id ?? ''), message: String(json.message ?? '') };
  }

  /**
   * One of IXC's action resources (get_boleto, get_pix, desbloqueio_confianca, imprimir_nota...):
   * answers the raw text, since some answer a base64 file rather than JSON, and the JSON when it is.
   */
  async call(resource: string, body: Record<string, string>): Promise<{ text: string; json: unknown }> {
    const answer = await this.post(resource, body, false);
    let json: unknown;
    try {
      json = JSON.parse(answer.text);
    } catch {
      json = undefined;
    }
    refuseIxcError(json);
    return { text: answer.text, json };
  }

  private async post(resource: string, body: Record<string, string>, listing: boolean): Promise<{ status: number; text: string }> {
    const headers: Record<string, string> = { authorization: this.authorization, 'content-type': 'application/json' };
    if (listing) headers.ixcsoft = 'listar';
    let status: number;
    let text: string;
    try {
      // The same signal bounds reading the body: a slow answer is cut at the timeout as a whole.
      const response = await fetch(`${this.root}/${encodeURIComponent(resource)}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      status = response.status;
      text = await response.text();
    } catch (error) {
      throw this.unreachable(error);
    }
    if (status === 401 || status === 403) {
      throw new AppError('erp_refused', ixcMessage(text) ?? `O IXC recusou o acesso (HTTP ${status}). Confira o token do webservice.`);
    }
    if (status >= 500) {
      throw new AppError('erp_unavailable', `O IXC respondeu HTTP ${status}. Tente novamente em instantes.`);
    }
    if (status < 200 || status >= 300) {
      throw new AppError('erp_refused', ixcMessage(text) ?? `O IXC recusou o pedido a ${resource} (HTTP ${status}).`);
    }
    return { status, text };
  }

  private json(answer: { text: string }, resource: string): unknown {
    try {
      return JSON.parse(answer.text);
    } catch {
      throw new AppError('erp_unavailable', `Resposta ilegível do IXC para ${resource}. Tente novamente em instantes.`);
    }
  }

  private unreachable(error: unknown): AppError {
    if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
      return new AppError('erp_unavailable', `O IXC não respondeu em ${waited(this.timeoutMs)}. Tente novamente em instantes.`);
    }
    const cause = (error as { cause?: { code?: string } }).cause;
    const reason = cause?.code ? ` (${cause.code})` : '';
    return new AppError('erp_unavailable', `Sem conexão com o IXC${reason}. Tente novamente em instantes.`);
  }
}

const waited = (ms: number) => (ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`);

/** IXC answers errors as {"type":"error","message"}; a few action resources in Portuguese ({"tipo":"erro","mensagem"}). */
export function ixcErrorMessage(json: unknown): string | null {
  if (!json || typeof json !== 'object') return null;
  const body = json as { type?: unknown; message?: unknown; tipo?: unknown; mensagem?: unknown };
  if (body.type === 'error') return String(body.message ?? 'O IXC recusou o pedido.');
  if (body.tipo === 'erro') return String(body.mensagem ?? 'O IXC recusou o pedido.');
  return null;
}

function refuseIxcError(json: unknown) {
  const message = ixcErrorMessage(json);
  if (message !== null) throw new AppError('erp_refused', `O IXC recusou: ${message}`, ixcCode(json));
}

function ixcCode(json: unknown): Record<string, unknown> | undefined {
  const codigo = (json as { codigo?: unknown } | null)?.codigo;
  return codigo === undefined ? undefined : { ixcCode: String(codigo) };
}

function ixcMessage(text: string): string | null {
  try {
    const message = ixcErrorMessage(JSON.parse(text));
    return message === null ? null : `O IXC recusou: ${message}`;
  } catch {
    return null;
  }
}
