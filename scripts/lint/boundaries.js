// The workspace boundaries the README draws, as a lint rule: which workspace's production code may
// import which package entry, that every other import of a workspace goes through its package
// exports (never a path into its folder), and that the importer declares it in its package.json.
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));

/** Top-level folder → its package.json, for every npm workspace. */
const workspaces = new Map(
  readJson(join(ROOT, 'package.json')).workspaces.map((dir) => [
    dir,
    readJson(join(ROOT, dir, 'package.json')),
  ]),
);
const byName = new Map([...workspaces].map(([dir, pkg]) => [pkg.name, { dir, pkg }]));

/** `@bizosaas/nodes/executors` → { name: '@bizosaas/nodes', subpath: './executors' }. */
function ownPackage(specifier) {
  const match = /^(@bizosaas\/[^/]+)(\/.*)?$/.exec(specifier);
  return match ? { name: match[1], subpath: `.${match[2] ?? ''}` } : undefined;
}

/** Where a file sits: its top-level folder, and whether it is shipped code (src/, not a test). */
function locate(filename) {
  const path = relative(ROOT, filename).split(sep);
  if (path[0] === '..' || path.length < 2) return undefined; // outside the repo, or a root file
  const production = path[1] === 'src' && !/\.test\.tsx?$/.test(path.at(-1));
  return {
    dir: path[0],
    production,
    vitestConfig: path.length === 2 && path[1] === 'vitest.config.ts',
  };
}

function isTypeOnly(node) {
  if (node.type === 'TSImportType') return true;
  if (node.importKind === 'type' || node.exportKind === 'type') return true;
  return (
    node.type === 'ImportDeclaration' &&
    node.specifiers.length > 0 &&
    node.specifiers.every((s) => s.importKind === 'type')
  );
}

export const boundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'Workspace boundaries: allowed package entries, exports only, declared' },
    schema: [
      {
        type: 'object',
        properties: {
          production: { type: 'object' },
          neverImported: { type: 'array', items: { type: 'string' } },
        },
        additionalProperties: false,
      },
    ],
    messages: {
      byPath:
        "'{{specifier}}' reaches into {{target}}/ by path: import {{name}} through its package exports",
      outside: "'{{specifier}}' reaches outside {{own}}/ by path",
      notExported:
        "'{{specifier}}' is not an export of {{name}} (it exports {{exports}}): no deep imports into another workspace",
      undeclared: '{{own}}/ imports {{name}} without declaring it in {{own}}/package.json',
      never: 'nothing imports {{name}}',
      notAllowed: "{{own}}/src may not import '{{specifier}}' (it may import {{allowed}})",
      typeOnly: "{{own}}/src may import '{{specifier}}' for its types only: use `import type`",
    },
  },
  create(context) {
    const { production = {}, neverImported = [] } = context.options[0] ?? {};
    const here = locate(context.filename);
    if (!here) return {};
    const own = workspaces.get(here.dir);
    const ownDir = join(ROOT, here.dir);

    function check(node, source) {
      if (!source || typeof source.value !== 'string') return;
      const specifier = source.value;
      const report = (messageId, data = {}) =>
        context.report({ node: source, messageId, data: { specifier, own: here.dir, ...data } });

      if (specifier.startsWith('.')) {
        const target = resolve(dirname(context.filename), specifier);
        if (target === ownDir || target.startsWith(ownDir + sep)) return;
        const targetDir = relative(ROOT, target).split(sep)[0];
        // Vitest loads config files with Node before any TypeScript package resolves (a `.ts`
        // export fails with ERR_UNKNOWN_FILE_EXTENSION), so they take the test environment by path.
        if (here.vitestConfig && targetDir === 'scripts') return;
        const targetPackage = workspaces.get(targetDir);
        if (targetPackage) report('byPath', { target: targetDir, name: targetPackage.name });
        else report('outside');
        return;
      }

      const imported = ownPackage(specifier);
      if (!imported || imported.name === own?.name) return;
      const { name, subpath } = imported;
      if (neverImported.includes(name)) return report('never', { name });
      const target = byName.get(name);
      if (!target) return;
      const exports = Object.keys(target.pkg.exports ?? {});
      if (!exports.includes(subpath))
        return report('notExported', { name, exports: exports.join(', ') || 'nothing' });
      const typeOnly = isTypeOnly(node);
      const rules = here.production ? production[here.dir] : undefined;
      if (rules) {
        const rule = rules.find((r) => (typeof r === 'string' ? r : r.entry) === specifier);
        if (!rule) {
          const allowed = rules.map((r) => (typeof r === 'string' ? r : `${r.entry} (types)`));
          return report('notAllowed', { allowed: allowed.join(', ') || 'no other workspace' });
        }
        if (typeof rule !== 'string' && rule.typeOnly && !typeOnly) return report('typeOnly');
      }
      // Shipped code needs what it imports at run time; types and tests may use dev dependencies.
      const declared = {
        ...own?.dependencies,
        ...(here.production && !typeOnly ? {} : own?.devDependencies),
      };
      if (!(name in declared)) report('undeclared', { name });
    }

    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
      TSImportType: (node) => check(node, node.argument?.literal ?? node.argument),
    };
  },
};
