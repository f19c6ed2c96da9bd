import { describe, expect, it } from 'vitest';
import { builtinCatalog } from '@bizosaas/nodes';
import {
  checkParams,
  describeNodeType,
  NodeCatalog,
  nodeTypeFromDescription,
  outputJsonSchema,
  paramsJsonSchema,
  validate,
  type NodeType,
  type NodeTypeDescription,
} from '@bizosaas/shared';
import { sampleDoc } from '../canvas/model/test-doc';

// The canvases are built from the server's catalog.list: every built-in type, sent as JSON and
// rebuilt in the browser, must draw the same form, ports and autocomplete as its declaration.
const builtin = builtinCatalog();
const overTheWire = (t: NodeType) =>
  nodeTypeFromDescription(JSON.parse(JSON.stringify(describeNodeType(t))) as NodeTypeDescription);
const shape = (t: NodeType) => ({
  kind: t.kind,
  title: t.title,
  inputs: t.inputs,
  outputs: t.outputs.map((o) => [o.name, o.title ?? o.name, outputJsonSchema(t, o.name)]),
  connectionType: t.connectionType,
  connectionOptional: t.connectionOptional ?? false,
  triggers: t.triggers,
  bodyOutput: t.container?.bodyOutput,
});
const complaints = (t: NodeType, params: unknown) => {
  const checked = checkParams(t, params);
  return checked.success ? [] : checked.issues.map((i) => `${i.param}: ${i.message}`);
};

describe('node types read from the server', () => {
  it.each(builtin.list().map((t) => [t.key, t] as const))(
    '%s has the same form, ports and output schemas as its declaration',
    (_key, declared) => {
      const rebuilt = overTheWire(declared);
      expect(paramsJsonSchema(rebuilt)).toEqual(paramsJsonSchema(declared));
      expect(shape(rebuilt)).toEqual(shape(declared));
      // Empty params: the same complaints, less a check across fields (the server's, on save).
      expect(complaints(declared, {})).toEqual(expect.arrayContaining(complaints(rebuilt, {})));
    },
  );

  it('validates a flow as the server does', () => {
    const rebuilt = new NodeCatalog(builtin.list().map(overTheWire));
    const { graph } = sampleDoc();
    expect(validate(graph, rebuilt)).toEqual(validate(graph, builtin));
    expect(validate(graph, rebuilt).length).toBeGreaterThan(0);
  });
});
