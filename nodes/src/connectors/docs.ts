import { z } from 'zod';
import { unifiedOperations } from '../ports/unified-nodes.js';
import { CATEGORY_TITLES, type Connector } from './sdk/define-connector.js';

// docs/connectors/<id>.md, generated from the connector's own declaration so it cannot drift: a
// test compares each file with this rendering (`npm run docs:connectors` rewrites them).

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  default?: unknown;
  title?: string;
  description?: string;
  enum?: unknown[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  format?: string;
  secret?: boolean;
  options?: string;
}

function schemaOf(type: z.ZodType, io: 'input' | 'output'): JsonSchema {
  return z.toJSONSchema(type, { io, unrepresentable: 'any' }) as JsonSchema;
}

const SHOWN_FORMATS = new Set(['email', 'uri', 'date', 'date-time', 'uuid']);

function typeName(s: JsonSchema): string {
  if (s.enum) return s.enum.map((v) => `\`${JSON.stringify(v)}\``).join(' \\| ');
  if (s.anyOf) return s.anyOf.map(typeName).join(' \\| ');
  if (s.type === 'array') return `${s.items ? typeName(s.items) : 'any'}[]`;
  const base = Array.isArray(s.type) ? s.type.join(' \\| ') : (s.type ?? 'any');
  return s.format && SHOWN_FORMATS.has(s.format) ? `${base} (${s.format})` : base;
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function fieldRows(schema: JsonSchema, showSecret: boolean): string[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([name, field]) => {
    const notes = [
      field.title ?? field.description ?? '',
      field.default !== undefined ? `default \`${JSON.stringify(field.default)}\`` : '',
      field.options ? `options from \`${field.options}\`` : '',
      showSecret && field.secret ? 'secret (write-only)' : '',
    ].filter(Boolean);
    return `| \`${name}\` | ${typeName(field)} | ${required.has(name) ? 'yes' : 'no'} | ${cell(notes.join('; '))} |`;
  });
}

function table(schema: JsonSchema, showSecret = false): string[] {
  const rows = fieldRows(schema, showSecret);
  if (rows.length === 0) return ['No parameters.'];
  return ['| name | type | required | notes |', '|---|---|---|---|', ...rows];
}

/** The Markdown page of one connector: auth, limits, operations, triggers, option loaders. */
export function connectorMarkdown(connector: Connector): string {
  const { connection } = connector;
  const lines: string[] = [
    `# ${connector.title}`,
    '',
    '<!-- Generated from nodes/src/connectors/' +
      `${connector.id}/index.ts by \`npm run docs:connectors\`; a test keeps it in sync. -->`,
    '',
    connector.description,
    '',
    `- Connection type: \`${connector.id}\``,
    `- Category: ${CATEGORY_TITLES[connector.category]}` +
      (connector.category === 'llm'
        ? ' (the model of agent nodes)'
        : connector.port
          ? ` (serves ${unifiedOperations
              .filter((u) => u.category === connector.category)
              .map((u) => `\`${u.node.type}\``)
              .join(', ')})`
          : ''),
    `- Vendor API: ${connector.docsUrl}`,
    `- Rate limit per connection, shared by every worker: ${
      connection.rateLimit
        ? `${connection.rateLimit.requests} requests per ${connection.rateLimit.perMs / 1000} s`
        : 'none'
    }`,
    `- Test connection: ${'run' in connection.test ? 'a custom check through the connection' : `\`${connection.test.method} ${connection.test.path}\``}`,
    '',
    '## Authentication',
    '',
  ];
  for (const method of connection.auth) {
    const extra =
      method.kind === 'oauth2'
        ? ` — scopes ${method.scopes.map((s) => `\`${s}\``).join(', ')}${method.pkce ? ', PKCE' : ''}`
        : method.kind === 'api_key'
          ? ` — in the ${method.in} \`${method.name}\``
          : '';
    lines.push(
      `### ${method.title} (\`${method.id}\`, ${method.kind}${extra})`,
      '',
      ...table(schemaOf(method.credentials, 'input'), true),
      '',
    );
  }
  lines.push('## Operations', '');
  if (connector.operations.length === 0)
    lines.push('None: agent nodes use the connection as their model.', '');
  for (const op of connector.operations) {
    lines.push(
      `### \`${connector.id}.${op.id}\` v${op.version ?? 1} — ${op.title}`,
      '',
      op.description,
      '',
      ...(op.http
        ? [
            `Request: \`${op.http.method} ${op.http.path}\`${op.http.pagination ? ` (paged by ${op.http.pagination.spec.style})` : ''}`,
            '',
          ]
        : []),
      ...table(schemaOf(op.params, 'input')),
      '',
    );
  }
  if (connector.triggers.length > 0) {
    lines.push('## Triggers', '');
    for (const trigger of connector.triggers) {
      lines.push(
        `### \`${connector.id}.${trigger.id}\` v${trigger.version ?? 1} — ${trigger.title} (${trigger.kind})`,
        '',
        trigger.description,
        '',
        ...(trigger.kind === 'polling'
          ? [`Polls every ${trigger.intervalMs / 1000} s by default.`, '']
          : []),
        ...table(schemaOf(trigger.params, 'input')),
        '',
      );
    }
  }
  if (connector.options.length > 0) {
    lines.push('## Option loaders', '');
    for (const loader of connector.options) lines.push(`- \`${loader.id}\`: ${loader.title}`);
    lines.push('');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
