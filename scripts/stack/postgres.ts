// PostgreSQL: our own cluster under <data>/postgres, on loopback TCP only. PostgreSQL refuses to
// run as root, so as root the cluster belongs to Debian's `postgres` user.
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, statSync, writeFileSync, appendFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { hostPort } from '@bizosaas/shared/config';
import type { StackContext } from './context.js';
import { readStackEnv, writeStackEnv } from './stack-env.js';
import { ensureDir, readPidFile, run, StackError } from './processes.js';
import type { Service } from './service.js';

const asRoot = process.getuid?.() === 0;

function binary(name: string): string {
  const dir = process.env.BIZOSAAS_PG_BINDIR ?? '/usr/lib/postgresql/15/bin';
  const path = join(dir, name);
  if (!existsSync(path)) {
    throw new StackError(`PostgreSQL's ${name} is missing (${path})`, 'apt-get install postgresql');
  }
  return path;
}

/** Runs a PostgreSQL server command as the user that owns the cluster. */
function runAsOwner(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): string {
  return asRoot
    ? run('runuser', ['-u', 'postgres', '--', command, ...args], { env })
    : run(command, args, { env });
}

function postgresUser(): { uid: number; gid: number } {
  const out = run('id', ['postgres']);
  const uid = Number(/uid=(\d+)/.exec(out)?.[1]);
  const gid = Number(/gid=(\d+)/.exec(out)?.[1]);
  return { uid, gid };
}

/**
 * The postgres user must reach the data folder. A clone in a private folder (mode 0700, as
 * `mktemp -d` makes) blocks it, so grant search permission (x, not read) on the way down.
 */
function letPostgresTraverse(dir: string): void {
  const blocked: string[] = [];
  for (let current = dirname(dir); current !== dirname(current); current = dirname(current)) {
    if ((statSync(current).mode & 0o001) === 0) blocked.push(current);
  }
  for (const folder of blocked) {
    console.log(`    granting the postgres user search permission on ${folder}`);
    chmodSync(folder, statSync(folder).mode | 0o001);
  }
}

function dataDir(context: StackContext): string {
  return join(context.dataDir, 'postgres');
}

function logFile(context: StackContext): string {
  return join(context.logDir, 'postgres.log');
}

function initCluster(context: StackContext): void {
  const dir = ensureDir(dataDir(context));
  const superPassword = randomBytes(18).toString('base64url');
  writeStackEnv(context.dataDir, { POSTGRES_SUPERUSER_PASSWORD: superPassword });
  const pwfile = join(dir, '..', '.pgpass-init');
  writeFileSync(pwfile, `${superPassword}\n`, { mode: 0o600 });
  if (asRoot) {
    const { uid, gid } = postgresUser();
    letPostgresTraverse(dir);
    chownSync(dir, uid, gid);
    chownSync(pwfile, uid, gid);
  }
  try {
    runAsOwner(binary('initdb'), [
      '-D',
      dir,
      '-U',
      'postgres',
      `--pwfile=${pwfile}`,
      '--auth-host=scram-sha-256',
      '--auth-local=peer',
      '--encoding=UTF8',
      '--locale=C.UTF-8',
    ]);
  } finally {
    run('rm', ['-f', pwfile]);
  }
  const { port } = hostPort(context.config.DATABASE_URL);
  appendFileSync(
    join(dir, 'postgresql.conf'),
    `\n# BizOSaaS local stack\nlisten_addresses = '127.0.0.1'\nport = ${port}\nunix_socket_directories = ''\n`,
  );
}

function psql(context: StackContext, sql: string, database = 'postgres'): string {
  const { host, port } = hostPort(context.config.DATABASE_URL);
  return run(
    'psql',
    [
      '-h',
      host,
      '-p',
      String(port),
      '-U',
      'postgres',
      '-d',
      database,
      '-tAq',
      '-v',
      'ON_ERROR_STOP=1',
      '-c',
      sql,
    ],
    {
      env: {
        ...process.env,
        PGPASSWORD: readStackEnv(context.dataDir).POSTGRES_SUPERUSER_PASSWORD,
        PGCONNECT_TIMEOUT: '5',
      },
    },
  ).trim();
}

const quoteLiteral = (value: string) => `'${value.replaceAll("'", "''")}'`;
const quoteIdent = (value: string) => `"${value.replaceAll('"', '""')}"`;

/** The application's role and database, as DATABASE_URL names them. */
function ensureRoleAndDatabase(context: StackContext): void {
  const url = new URL(context.config.DATABASE_URL);
  const role = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  const database = url.pathname.slice(1);
  if (!psql(context, `SELECT 1 FROM pg_roles WHERE rolname = ${quoteLiteral(role)}`)) {
    psql(context, `CREATE ROLE ${quoteIdent(role)} LOGIN PASSWORD ${quoteLiteral(password)}`);
  }
  if (!psql(context, `SELECT 1 FROM pg_database WHERE datname = ${quoteLiteral(database)}`)) {
    psql(context, `CREATE DATABASE ${quoteIdent(database)} OWNER ${quoteIdent(role)}`);
  }
}

export const postgres: Service = {
  name: 'postgres',
  address: (context) => {
    const { host, port } = hostPort(context.config.DATABASE_URL);
    return `${host}:${port}`;
  },
  pid: (context) => readPidFile(join(dataDir(context), 'postmaster.pid')),
  logFile,
  async start(context) {
    if (!existsSync(join(dataDir(context), 'PG_VERSION'))) initCluster(context);
    const log = logFile(context);
    if (asRoot) {
      appendFileSync(log, '');
      const { uid, gid } = postgresUser();
      chownSync(log, uid, gid);
    }
    runAsOwner(binary('pg_ctl'), ['start', '-D', dataDir(context), '-l', log, '-w', '-t', '60']);
    ensureRoleAndDatabase(context);
  },
  async stop(context) {
    runAsOwner(binary('pg_ctl'), ['stop', '-D', dataDir(context), '-m', 'fast', '-w', '-t', '60']);
  },
};
