// npm run setup: the first run from a terminal — the provider and its first administrator, on the
// configured database (embedded or DATABASE_URL), as the first-run page does.
//   npm run setup                                   asks for each field (the password unseen)
//   npm run setup -- --provider "Fibra Já" --cnpj 11.222.333/0001-81 --city Campinas \
//                    --name "Maria Souza" --email maria@fibraja.com.br   (password: SETUP_PASSWORD or asked)
import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { ZodError } from 'zod';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/connection.js';
import { AppError } from '../errors.js';
import { setUpInstallation, setupNeeded } from './set-up-installation.js';

const { values } = parseArgs({
  options: {
    provider: { type: 'string' }, cnpj: { type: 'string' }, city: { type: 'string' },
    name: { type: 'string' }, email: { type: 'string' },
  },
});

// One reader for every answer, read as lines as they come: typed, or piped in all at once.
let muted = false;
const terminal = new Writable({
  write(chunk, _encoding, done) {
    if (!muted) process.stdout.write(chunk);
    done();
  },
});
let reader = null as ReturnType<typeof createInterface> | null;
let lines = null as AsyncIterator<string> | null;

/** Asks on the terminal what the flags did not say; the password without echoing it. */
async function ask(question: string, given: string | undefined, secret = false): Promise<string> {
  if (given !== undefined) return given;
  reader ??= createInterface({ input: process.stdin, output: terminal, terminal: process.stdin.isTTY === true });
  lines ??= reader[Symbol.asyncIterator]();
  process.stdout.write(question);
  muted = secret;
  const next = await lines.next();
  muted = false;
  if (secret) process.stdout.write('\n');
  if (next.done) throw new AppError('validation_failed', `Faltou responder: ${question.replace(/:\s*$/, '')}.`);
  return next.value;
}

const config = loadConfig();
const database = await openDatabase(config.DATABASE_URL ? { url: config.DATABASE_URL } : { dataDir: join(config.DATA_DIR, 'db') });
try {
  if (!(await setupNeeded(database.db))) {
    console.error('Este Prosa já tem um provedor configurado: nada a fazer. Entre com o e-mail do administrador.');
    process.exitCode = 1;
  } else {
    const input = {
      provider: {
        name: await ask('Nome do provedor: ', values.provider),
        cnpj: await ask('CNPJ: ', values.cnpj),
        city: await ask('Cidade: ', values.city),
      },
      admin: {
        name: await ask('Nome do administrador: ', values.name),
        email: await ask('E-mail do administrador: ', values.email),
        password: await ask('Senha (pelo menos 8 caracteres): ', process.env.SETUP_PASSWORD, true),
      },
    };
    const done = await setUpInstallation(database.db, input);
    console.log(`Provedor criado (${done.slug}). Entre com ${done.email} e a senha escolhida.`);
  }
} catch (error) {
  if (error instanceof ZodError) {
    console.error(`Dados inválidos: ${error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    process.exitCode = 2;
  } else if (error instanceof AppError) {
    console.error(error.message);
    process.exitCode = 1;
  } else {
    throw error;
  }
} finally {
  reader?.close();
  await database.close();
}
