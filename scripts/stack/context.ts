// What every service of the local stack needs to know: configuration, folders, generated secrets.
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { readConfig, type Config } from '@bizosaas/shared/config';
import { demoConnectorBaseUrls, demoConnectorOAuthUrls } from '../demo/vendors/base-urls.js';
import { ensureDir } from './processes.js';
import { readStackEnv, ROOT, writeStackEnv } from './stack-env.js';

export interface StackContext {
  config: Config;
  root: string;
  dataDir: string;
  logDir: string;
  pidDir: string;
  /** The Python venv holding the `temporal` and `bao` binaries. */
  venvBin: string;
  /** Environment for the processes the stack starts: the config plus the generated secrets. */
  childEnv: NodeJS.ProcessEnv;
}

export function createContext(env: NodeJS.ProcessEnv = process.env): StackContext {
  const config = readConfig(env);
  const dataDir = resolve(ROOT, config.BIZOSAAS_DATA_DIR);
  ensureDir(dataDir);
  if (!readStackEnv(dataDir).PAYLOAD_ENCRYPTION_KEY) {
    writeStackEnv(dataDir, { PAYLOAD_ENCRYPTION_KEY: randomBytes(32).toString('base64') });
  }
  const demo = `http://127.0.0.1:${config.DEMO_SERVICE_PORT}`;
  return {
    config,
    root: ROOT,
    dataDir,
    logDir: ensureDir(dataDir, 'logs'),
    pidDir: ensureDir(dataDir, 'pids'),
    venvBin: join(ROOT, '.data/venv/bin'),
    childEnv: {
      // The dev stack's demo tenant reaches its CRM, chat and analytics through the connectors, at
      // the demo service, and its analytics grant refreshes there too.
      ...(config.BIZOSAAS_PROFILE === 'dev'
        ? {
            CONNECTOR_BASE_URLS: JSON.stringify(demoConnectorBaseUrls(demo)),
            CONNECTOR_OAUTH_URLS: JSON.stringify(demoConnectorOAuthUrls(demo)),
          }
        : {}),
      ...env,
      BIZOSAAS_PROFILE: config.BIZOSAAS_PROFILE,
      // The demo service listens where this profile expects it (it reads only this variable).
      DEMO_SERVICE_PORT: String(config.DEMO_SERVICE_PORT),
      ...readStackEnv(dataDir),
    },
  };
}

/** Re-reads the generated secrets after a service (OpenBao) has added to them. */
export function refreshChildEnv(context: StackContext): void {
  Object.assign(context.childEnv, readStackEnv(context.dataDir));
}
