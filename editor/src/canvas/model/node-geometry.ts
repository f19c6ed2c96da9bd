import {
  ERROR_OUTPUT,
  type JsonValue,
  type NodeCatalog,
  type NodeInstance,
} from '@bizosaas/shared';

/** A flow node's width on the canvas; `.flow-node` in styles.css says the same. */
export const NODE_WIDTH = 220;
/** The band at the top of a loop container that holds its icon, name and outer ports. */
export const CONTAINER_HEADER = 64;
/** Room kept around the body inside a loop container. */
export const CONTAINER_PADDING = 32;
/** How far in from a container's left side its body port sits. */
export const BODY_PORT_INSET = 16;
/** Where a loop's body starts inside it: right of the body port, below the header. */
export const BODY_ORIGIN = { x: CONTAINER_PADDING + 48, y: CONTAINER_HEADER + 8 };

export interface Size {
  width: number;
  height: number;
}

/**
 * A node's ports as the canvas draws them: inputs on the left, outputs (and the error route) on
 * the right. `labels` names the outputs that read better by what they carry than by their port
 * name (a Switch's cases by their values).
 */
export function nodePorts(
  node: NodeInstance,
  catalog: NodeCatalog,
): { inputs: string[]; outputs: string[]; labels: ReadonlyMap<string, string> } {
  const type = catalog.get(node.type, node.typeVersion);
  const declared = type?.outputs.map((o) => o.name) ?? [];
  const cases = caseLabels(node.params, declared);
  return {
    inputs: type?.inputs.map((p) => p.name) ?? [],
    outputs: [
      ...(cases ? declared.filter((p) => !CASE_PORT.test(p) || cases.has(p)) : declared),
      ...(node.onError === 'route' ? [ERROR_OUTPUT] : []),
    ],
    labels: cases ?? new Map(),
  };
}

export const CASE_PORT = /^case_(\d+)$/;

/**
 * A node type with a `cases` list declares its ports `case_1…case_N` up front (the most it
 * offers, so ports exist before any case is written); the canvas shows one per case written,
 * labelled with the case's value.
 */
function caseLabels(
  params: Record<string, JsonValue>,
  outputs: readonly string[],
): Map<string, string> | undefined {
  const cases = params.cases;
  if (!Array.isArray(cases) || !outputs.some((p) => CASE_PORT.test(p))) return undefined;
  const labels = new Map<string, string>();
  cases.forEach((value, i) => {
    const port = `case_${i + 1}`;
    if (outputs.includes(port)) labels.set(port, caseLabel(value));
  });
  return labels;
}

const caseLabel = (value: JsonValue) =>
  typeof value === 'string' ? (value === '' ? '(empty)' : value) : JSON.stringify(value);

/** Tall enough to space its outputs apart; a node is never shorter. */
export const nodeMinHeight = (outputCount: number) => Math.max(56, outputCount * 22 + 12);

/** Where a port sits along the node's side, as a fraction of its height. */
export const portFraction = (index: number, count: number) => (index + 1) / (count + 1);

export interface PortPlace {
  port: string;
  /** Pixels from the node's top. */
  top: number;
  /** Pixels from the node's left side. */
  left: number;
}

/**
 * Where each port is drawn on a node of a given size. A loop container keeps its input and its
 * outer outputs level with its header, and its body port inside, at the top left of the body, so
 * the body is wired from inside the box.
 */
export function portPlaces(
  node: NodeInstance,
  catalog: NodeCatalog,
  size: Size,
): { inputs: PortPlace[]; outputs: PortPlace[] } {
  const { inputs, outputs } = nodePorts(node, catalog);
  const bodyOutput = catalog.get(node.type, node.typeVersion)?.container?.bodyOutput;
  if (bodyOutput === undefined) {
    const along = (list: string[], left: number) =>
      list.map((port, i) => ({ port, left, top: size.height * portFraction(i, list.length) }));
    return { inputs: along(inputs, 0), outputs: along(outputs, size.width) };
  }
  const header = (list: string[], left: number) =>
    list.map((port, i) => ({
      port,
      left,
      top: CONTAINER_HEADER * portFraction(i, list.length),
    }));
  const outer = outputs.filter((p) => p !== bodyOutput);
  return {
    inputs: header(inputs, 0),
    outputs: [
      { port: bodyOutput, left: BODY_PORT_INSET, top: CONTAINER_HEADER + CONTAINER_PADDING / 2 },
      ...header(outer, size.width),
    ],
  };
}

/**
 * A node's size: React Flow's measurement once it has one, else the size the node will have,
 * which is exact unless a long type title wraps.
 */
export function nodeSize(
  node: NodeInstance,
  catalog: NodeCatalog,
  measured: ReadonlyMap<string, Size>,
): Size {
  return (
    measured.get(node.id) ?? {
      width: NODE_WIDTH,
      height: nodeMinHeight(nodePorts(node, catalog).outputs.length),
    }
  );
}
