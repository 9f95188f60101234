// A stand-in for an S3-compatible store, for the tests: its own HTTP server on 127.0.0.1 speaking
// the part of S3 that Prosa uses, path-style (<endpoint>/<bucket>/<key>):
//
//   PUT    /<bucket>/<key>   PutObject     200, ETag
//   GET    /<bucket>/<key>   GetObject     200, or 206 + Content-Range for one `Range: bytes=...`
//   HEAD   /<bucket>/<key>   HeadObject    200, or 404 without a body
//   DELETE /<bucket>/<key>   DeleteObject  204, whether or not the key was there
//
// As S3 does, it refuses any request not signed with AWS Signature Version 4 in its Authorization
// header: it rebuilds the canonical request (method, path, query, the signed headers, the payload
// hash of x-amz-content-sha256), the string to sign for the credential's scope, and the signature
// with the secret of the access key, and answers S3's XML errors (AccessDenied,
// InvalidAccessKeyId, SignatureDoesNotMatch, AuthorizationHeaderMalformed, RequestTimeTooSkewed,
// XAmzContentSHA256Mismatch, BadDigest, NoSuchBucket, NoSuchKey, InvalidRange). What it does not
// implement is answered 501 NotImplemented rather than pretended: presigned URLs, aws-chunked
// (streaming) bodies, listing, multipart uploads, copies, versions, ACLs.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { crc32 } from 'node:zlib';
import { parseRange } from '../../server/files/range.js';

export interface S3StandInOptions {
  /** The region requests must be signed for (default 'us-east-1'). */
  region?: string;
  /** The buckets that exist (default ['prosa']). */
  buckets?: string[];
  /** Access key id → secret (default: one random pair, given back as accessKeyId/secretAccessKey). */
  credentials?: Record<string, string>;
}

export interface StoredObject {
  bytes: Buffer;
  etag: string;
  lastModified: Date;
  contentType: string;
}

/** A request as the stand-in answered it. */
export interface S3Request {
  method: string;
  bucket: string;
  key: string;
  status: number;
  /** S3's error code, when it refused. */
  code?: string;
}

class S3Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, string> = {},
  ) {
    super(message);
  }
}

const MAX_SKEW_MS = 15 * 60 * 1000;
const HEX_SHA256 = /^[0-9a-f]{64}$/;
const EMPTY_SHA256 = createHash('sha256').digest('hex');

export async function startS3StandIn(options: S3StandInOptions = {}) {
  const region = options.region ?? 'us-east-1';
  const accessKeyId = `AKIA${randomBytes(8).toString('hex').toUpperCase()}`;
  const secretAccessKey = randomBytes(30).toString('base64');
  const credentials = new Map(Object.entries(options.credentials ?? { [accessKeyId]: secretAccessKey }));
  const buckets = new Map((options.buckets ?? ['prosa']).map((name) => [name, new Map<string, StoredObject>()]));
  const requests: S3Request[] = [];

  const server = createServer((request, response) => {
    const seen: S3Request = { method: request.method ?? '', bucket: '', key: '', status: 0 };
    handle(request, response, seen)
      .catch((error: unknown) => {
        const refusal = error instanceof S3Error ? error : new S3Error(500, 'InternalError', String(error));
        seen.code = refusal.code;
        answerError(request, response, refusal);
      })
      .finally(() => {
        seen.status = response.statusCode;
        requests.push(seen);
      });
  });

  async function handle(request: IncomingMessage, response: ServerResponse, seen: S3Request) {
    const body = await readBody(request);
    const url = new URL(request.url ?? '/', 'http://stand-in');
    const [bucket, key] = bucketAndKey(url.pathname);
    seen.bucket = bucket;
    seen.key = key;
    verifySignature(request, url, body);

    const objects = buckets.get(bucket);
    if (!bucket || !key) throw new S3Error(501, 'NotImplemented', 'Only object requests (/<bucket>/<key>) are implemented.');
    const unsupported = [...url.searchParams.keys()].filter((name) => name !== 'x-id');
    if (unsupported.length > 0) throw new S3Error(501, 'NotImplemented', `Query parameters not implemented: ${unsupported.join(', ')}.`);
    if (!objects) throw new S3Error(404, 'NoSuchBucket', 'The specified bucket does not exist', { BucketName: bucket });

    switch (request.method) {
      case 'PUT': {
        if (request.headers['x-amz-copy-source']) throw new S3Error(501, 'NotImplemented', 'CopyObject is not implemented.');
        const etag = `"${createHash('md5').update(body).digest('hex')}"`;
        const contentType = String(request.headers['content-type'] ?? 'application/octet-stream');
        objects.set(key, { bytes: body, etag, lastModified: new Date(), contentType });
        response.writeHead(200, { ETag: etag, 'x-amz-request-id': requestId() }).end();
        return;
      }
      case 'GET':
      case 'HEAD': {
        const object = objects.get(key);
        if (!object) throw new S3Error(404, 'NoSuchKey', 'The specified key does not exist.', { Key: key });
        const size = object.bytes.length;
        const headers: Record<string, string | number> = {
          'Content-Type': object.contentType,
          ETag: object.etag,
          'Last-Modified': object.lastModified.toUTCString(),
          'Accept-Ranges': 'bytes',
          'x-amz-request-id': requestId(),
        };
        const range = request.method === 'GET' ? parseRange(request.headers.range, size) : null;
        if (range === 'unsatisfiable') {
          throw new S3Error(416, 'InvalidRange', 'The requested range is not satisfiable', { RangeRequested: String(request.headers.range) });
        }
        const bytes = range ? object.bytes.subarray(range.start, range.end + 1) : object.bytes;
        if (range) headers['Content-Range'] = `bytes ${range.start}-${range.end}/${size}`;
        headers['Content-Length'] = bytes.length;
        response.writeHead(range ? 206 : 200, headers);
        response.end(request.method === 'GET' ? bytes : undefined);
        return;
      }
      case 'DELETE':
        objects.delete(key);
        response.writeHead(204, { 'x-amz-request-id': requestId() }).end();
        return;
      default:
        throw new S3Error(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.', { Method: String(request.method) });
    }
  }

  /** Signature Version 4, header-based, as S3 checks it; throws S3's refusal. */
  function verifySignature(request: IncomingMessage, url: URL, body: Buffer) {
    const authorization = request.headers.authorization;
    if (!authorization) {
      if (url.searchParams.has('X-Amz-Signature')) throw new S3Error(501, 'NotImplemented', 'Presigned URLs are not implemented.');
      throw new S3Error(403, 'AccessDenied', 'Access Denied');
    }
    const match = /^AWS4-HMAC-SHA256 (.+)$/.exec(authorization);
    if (!match) throw new S3Error(400, 'InvalidArgument', 'Unsupported Authorization Type', { ArgumentName: 'Authorization' });
    const fields = new Map(match[1].split(',').map((part) => {
      const [name, ...value] = part.trim().split('=');
      return [name, value.join('=')] as const;
    }));
    const credential = fields.get('Credential');
    const signedHeadersField = fields.get('SignedHeaders');
    const signature = fields.get('Signature');
    if (!credential || !signedHeadersField || !signature) {
      throw new S3Error(400, 'AuthorizationHeaderMalformed', 'The authorization header is malformed; it needs Credential, SignedHeaders and Signature.');
    }

    const [keyId, scopeDate, scopeRegion, service, terminator, ...rest] = credential.split('/');
    if (!terminator || rest.length > 0 || service !== 's3' || terminator !== 'aws4_request') {
      throw new S3Error(400, 'AuthorizationHeaderMalformed', `The authorization header is malformed; incorrect credential: ${credential}`);
    }
    if (scopeRegion !== region) {
      throw new S3Error(400, 'AuthorizationHeaderMalformed', `The authorization header is malformed; the region '${scopeRegion}' is wrong; expecting '${region}'`, { Region: region });
    }
    const secret = credentials.get(keyId);
    if (secret === undefined) {
      throw new S3Error(403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', { AWSAccessKeyId: keyId });
    }

    const amzDate = header(request, 'x-amz-date');
    const dateMatch = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
    if (!dateMatch) throw new S3Error(403, 'AccessDenied', 'AWS authentication requires a valid x-amz-date header');
    if (scopeDate !== amzDate.slice(0, 8)) {
      throw new S3Error(400, 'AuthorizationHeaderMalformed', `The authorization header is malformed; invalid credential date ${scopeDate}: it is not the date of x-amz-date.`);
    }
    const [, y, mo, d, h, mi, s] = dateMatch.map(Number);
    const signedAt = Date.UTC(y, mo - 1, d, h, mi, s);
    if (Math.abs(Date.now() - signedAt) > MAX_SKEW_MS) {
      throw new S3Error(403, 'RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.', { RequestTime: amzDate });
    }

    const payloadHash = header(request, 'x-amz-content-sha256');
    if (!payloadHash) throw new S3Error(400, 'InvalidRequest', 'Missing required header for this request: x-amz-content-sha256');

    const signedHeaders = signedHeadersField.split(';');
    const unsigned = Object.keys(request.headers).filter((name) => name.startsWith('x-amz-') && !signedHeaders.includes(name));
    if (!signedHeaders.includes('host') || unsigned.length > 0) {
      throw new S3Error(403, 'AccessDenied', `There were headers present in the request which were not signed: ${['host', ...unsigned].filter((name) => !signedHeaders.includes(name)).join(', ')}`);
    }

    const canonicalRequest = [
      request.method,
      canonicalUri(url.pathname),
      canonicalQuery(url.search),
      signedHeaders.map((name) => `${name}:${header(request, name)}\n`).join(''),
      signedHeadersField,
      payloadHash,
    ].join('\n');
    const scope = `${scopeDate}/${scopeRegion}/s3/aws4_request`;
    const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
    let signingKey = hmac(`AWS4${secret}`, scopeDate);
    for (const part of [scopeRegion, 's3', 'aws4_request']) signingKey = hmac(signingKey, part);
    const expected = hmac(signingKey, stringToSign).toString('hex');
    if (!sameText(expected, signature)) {
      throw new S3Error(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.', {
        AWSAccessKeyId: keyId,
        StringToSign: stringToSign,
        SignatureProvided: signature,
        CanonicalRequest: canonicalRequest,
      });
    }

    // The signature covered the payload hash the client claimed; now the bytes must be those.
    if (payloadHash.startsWith('STREAMING-') || header(request, 'content-encoding').split(',').some((c) => c.trim() === 'aws-chunked')) {
      throw new S3Error(501, 'NotImplemented', `aws-chunked bodies (${payloadHash}) are not implemented by this stand-in.`);
    }
    if (payloadHash !== 'UNSIGNED-PAYLOAD') {
      if (!HEX_SHA256.test(payloadHash)) {
        throw new S3Error(400, 'InvalidArgument', `x-amz-content-sha256 must be UNSIGNED-PAYLOAD or a SHA-256 in hex, not ${payloadHash}`);
      }
      const actual = body.length === 0 ? EMPTY_SHA256 : sha256Hex(body);
      if (actual !== payloadHash) {
        throw new S3Error(400, 'XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.", {
          ClientComputedContentSHA256: payloadHash,
          S3ComputedContentSHA256: actual,
        });
      }
    }
    checkDigests(request, body);
  }

  return {
    endpoint: `http://127.0.0.1:${await listen()}`,
    region,
    accessKeyId,
    secretAccessKey,
    /** Every request answered, oldest first. */
    requests,
    /** The objects of one bucket, by key (live: tests may look, add or take away). */
    objects(bucket: string): Map<string, StoredObject> {
      const objects = buckets.get(bucket);
      if (!objects) throw new Error(`no bucket ${bucket} in the S3 stand-in`);
      return objects;
    },
    close(): Promise<void> {
      server.closeAllConnections();
      return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };

  function listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
    });
  }
}

/** The bucket and the key (decoded) of a path-style path. */
function bucketAndKey(pathname: string): [string, string] {
  try {
    const [bucket, ...key] = pathname.slice(1).split('/');
    return [decodeURIComponent(bucket), decodeURIComponent(key.join('/'))];
  } catch {
    throw new S3Error(400, 'InvalidURI', "Couldn't parse the specified URI.");
  }
}

/** S3's canonical URI: each segment of the path URI-encoded once (S3 does not normalize it). */
function canonicalUri(pathname: string): string {
  try {
    return pathname.split('/').map((segment) => uriEncode(decodeURIComponent(segment))).join('/');
  } catch {
    throw new S3Error(400, 'InvalidURI', "Couldn't parse the specified URI.");
  }
}

/** Names and values URI-encoded, sorted by name (then value), `a=1&b=` — an empty value keeps its `=`. */
function canonicalQuery(search: string): string {
  const pairs = search.replace(/^\?/, '').split('&').filter(Boolean).map((pair) => {
    const at = pair.indexOf('=');
    const [name, value] = at === -1 ? [pair, ''] : [pair.slice(0, at), pair.slice(at + 1)];
    try {
      return [uriEncode(decodeURIComponent(name)), uriEncode(decodeURIComponent(value))] as const;
    } catch {
      throw new S3Error(400, 'InvalidURI', "Couldn't parse the specified URI.");
    }
  });
  pairs.sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0));
  return pairs.map(([name, value]) => `${name}=${value}`).join('&');
}

/** RFC 3986 unreserved characters kept, every other byte as %XX in upper case. */
function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** A header as it is signed: values trimmed, runs of spaces as one, repeated headers joined by commas. */
function header(request: IncomingMessage, name: string): string {
  const value = request.headers[name];
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values.map((v) => v.trim().replace(/\s+/g, ' ')).join(',');
}

/** Content-MD5 and the x-amz-checksum-* a client may send along: they must be the body's. */
function checkDigests(request: IncomingMessage, body: Buffer) {
  const md5 = header(request, 'content-md5');
  if (md5 && md5 !== createHash('md5').update(body).digest('base64')) {
    throw new S3Error(400, 'BadDigest', 'The Content-MD5 you specified did not match what we received.');
  }
  for (const name of Object.keys(request.headers)) {
    const algorithm = /^x-amz-checksum-(.+)$/.exec(name)?.[1];
    if (!algorithm || algorithm === 'mode' || algorithm === 'type') continue;
    let actual: string;
    if (algorithm === 'crc32') {
      const crc = Buffer.alloc(4);
      crc.writeUInt32BE(crc32(body));
      actual = crc.toString('base64');
    } else if (algorithm === 'sha1' || algorithm === 'sha256') {
      actual = createHash(algorithm).update(body).digest('base64');
    } else {
      throw new S3Error(501, 'NotImplemented', `The ${algorithm} checksum is not implemented by this stand-in.`);
    }
    if (header(request, name) !== actual) {
      throw new S3Error(400, 'BadDigest', `The ${algorithm.toUpperCase()} you specified did not match the calculated checksum.`);
    }
  }
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function answerError(request: IncomingMessage, response: ServerResponse, error: S3Error) {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  const id = requestId();
  // A HEAD answer carries the status alone, as S3's does.
  if (request.method === 'HEAD') {
    response.writeHead(error.status, { 'x-amz-request-id': id }).end();
    return;
  }
  const fields = { Code: error.code, Message: error.message, ...error.extra, RequestId: id };
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error>${Object.entries(fields).map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`).join('')}</Error>`;
  response.writeHead(error.status, { 'Content-Type': 'application/xml', 'Content-Length': Buffer.byteLength(xml), 'x-amz-request-id': id }).end(xml);
}

const escapeXml = (text: string) =>
  text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

const requestId = () => randomBytes(8).toString('hex').toUpperCase();
const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
