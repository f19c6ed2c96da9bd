import { createContext, useCallback, useContext, useId, useMemo, type ReactNode } from 'react';
import {
  OnErrorSchema,
  outputJsonSchema,
  paramsJsonSchema,
  type JsonValue,
  type NodeInstance,
} from '@bizosaas/shared';
import { nodeAcceptsConnection } from '../../connections/accepts';
import { updateParams } from '../model/case-edges';
import { updateNode } from '../model/edits';
import { upstreamNodes } from '../model/upstream';
import type { ExpressionScope } from '../expression/completions';
import { useCanvas, useCanvasStore } from '../store';
import { NodeSamples } from './node-samples';
import { NodeConnectionContext } from './param-widgets';
import { SchemaForm } from './schema-form';

/** A connection the tenant has made, as the connection picker lists it. */
export interface ConnectionOption {
  id: string;
  name: string;
  type: string;
}

/**
 * What the page shows under a trigger's settings (a webhook's URL and secret): the canvas knows no
 * server, so the flow page supplies it. Outside the fieldset, so a read-only user can still copy.
 */
export const TriggerPanelContext = createContext<((node: NodeInstance) => ReactNode) | undefined>(
  undefined,
);

const ON_ERROR_LABEL = {
  fail: 'Fail the run',
  continue: 'Continue with the error as output',
  route: 'Route to the error output',
} as const;

/** Settings of the one selected node: name, params form, connection, error handling, notes. */
export function Inspector({ connections }: { connections: readonly ConnectionOption[] }) {
  const selected = useCanvas((s) => s.selected);
  const only = selected.size === 1 ? ([...selected][0] as string) : undefined;
  const node = useCanvas((s) =>
    only === undefined ? undefined : s.doc.graph.nodes.find((n) => n.id === only),
  );
  if (!node) {
    return (
      <aside className="inspector" aria-label="Inspector">
        <p className="muted">
          {selected.size > 1
            ? `${selected.size} items selected.`
            : 'Select a node to edit its settings.'}
        </p>
      </aside>
    );
  }
  return <NodeInspector key={node.id} node={node} connections={connections} />;
}

function NodeInspector({
  node,
  connections,
}: {
  node: NodeInstance;
  connections: readonly ConnectionOption[];
}) {
  const catalog = useCanvas((s) => s.catalog);
  const run = useCanvas((s) => s.run);
  const readOnly = useCanvas((s) => s.readOnly);
  const store = useCanvasStore();
  const problems = useCanvas((s) => s.problems);
  const triggerPanel = useContext(TriggerPanelContext);
  const type = catalog.get(node.type, node.typeVersion);
  const ids = {
    name: useId(),
    connection: useId(),
    onError: useId(),
    notes: useId(),
    disabled: useId(),
  };
  const nodeProblems = useMemo(
    () => problems.filter((p) => p.nodeId === node.id),
    [problems, node.id],
  );
  // Stable across drags of this node: the form re-renders only when params or problems change.
  const scope = useCallback((): ExpressionScope => {
    const { doc } = store.getState();
    return {
      nodes: upstreamNodes(doc.graph, node.id).map((n) => {
        const t = catalog.get(n.type, n.typeVersion);
        const port = t?.outputs[0]?.name;
        return {
          name: n.name,
          title: t?.title ?? n.type,
          output: t && port ? outputJsonSchema(t, port) : undefined,
        };
      }),
      variables: Object.keys(doc.graph.settings.variables),
      inLoop: node.parentId !== undefined,
    };
  }, [store, catalog, node.id, node.parentId]);
  const onParamsChange = useCallback(
    (params: Record<string, JsonValue>) => {
      const { doc, catalog: cat, run: apply } = store.getState();
      const current = doc.graph.nodes.find((n) => n.id === node.id);
      // A Switch's edges follow its cases when one is removed.
      if (current) apply(updateParams(doc, cat, current, params));
    },
    [store, node.id],
  );
  const paramsSchema = useMemo(() => (type ? paramsJsonSchema(type) : undefined), [type]);
  const edit = (field: string, patch: Partial<NodeInstance>) =>
    run(updateNode(node, { ...node, ...patch }, field));

  return (
    <aside className="inspector" aria-label={`Inspector: ${node.name}`}>
      <fieldset disabled={readOnly} className="inspector-body">
        <h2 className="panel-title">{type?.title ?? node.type}</h2>
        {type && <p className="field-help">{type.description}</p>}
        <div className="field">
          <label htmlFor={ids.name} className="field-label">
            Name
          </label>
          <input
            id={ids.name}
            className="input"
            value={node.name}
            onChange={(e) => edit('name', { name: e.target.value })}
          />
        </div>
        {nodeProblems
          .filter((p) => p.param === undefined)
          .map((p, i) => (
            <p key={i} className={`field-problems ${p.severity}`} role="note">
              {p.message}
            </p>
          ))}
        {type?.connectionType && (
          <div className="field">
            <label htmlFor={ids.connection} className="field-label">
              Connection ({type.connectionType})
            </label>
            <select
              id={ids.connection}
              className="input"
              value={node.connectionId ?? ''}
              onChange={(e) =>
                edit('connection', {
                  connectionId: e.target.value === '' ? undefined : e.target.value,
                })
              }
            >
              <option value="">{type.connectionOptional ? 'None' : 'Choose a connection…'}</option>
              {connections
                .filter((c) => nodeAcceptsConnection(type.connectionType!, c.type))
                .map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
            </select>
          </div>
        )}
        {paramsSchema && (
          <NodeConnectionContext.Provider value={node.connectionId}>
            <SchemaForm
              schema={paramsSchema}
              value={node.params}
              onChange={onParamsChange}
              problems={nodeProblems}
              scope={scope}
            />
          </NodeConnectionContext.Provider>
        )}
        {type?.kind !== 'trigger' && (
          <div className="field">
            <label htmlFor={ids.onError} className="field-label">
              On error
            </label>
            <select
              id={ids.onError}
              className="input"
              value={node.onError}
              onChange={(e) => edit('onError', { onError: OnErrorSchema.parse(e.target.value) })}
            >
              {OnErrorSchema.options.map((o) => (
                <option key={o} value={o}>
                  {ON_ERROR_LABEL[o]}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="field field-inline">
          <input
            id={ids.disabled}
            type="checkbox"
            className="checkbox"
            checked={node.disabled === true}
            onChange={(e) => edit('disabled', { disabled: e.target.checked || undefined })}
          />
          <label htmlFor={ids.disabled}>Disabled</label>
        </div>
        <div className="field">
          <label htmlFor={ids.notes} className="field-label">
            Notes
          </label>
          <textarea
            id={ids.notes}
            className="input"
            rows={2}
            value={node.notes ?? ''}
            onChange={(e) => edit('notes', { notes: e.target.value || undefined })}
          />
        </div>
      </fieldset>
      {type?.kind === 'trigger' && triggerPanel?.(node)}
      <NodeSamples nodeId={node.id} />
    </aside>
  );
}
