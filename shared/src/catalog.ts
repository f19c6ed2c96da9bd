import type { z } from 'zod';
import { nodeTypeKey, type NodeType } from './node-type.js';

/** The node types a tenant can use, keyed by type and version. */
export class NodeCatalog {
  private readonly byKey = new Map<string, NodeType>();
  private readonly versions = new Map<string, number[]>();

  constructor(types: Iterable<NodeType<z.ZodType>> = []) {
    for (const t of types) this.register(t);
  }

  /** @throws Error if this type and version is already registered. */
  register(nodeType: NodeType<z.ZodType>): this {
    if (this.byKey.has(nodeType.key))
      throw new Error(`node type ${nodeType.key} is already registered`);
    this.byKey.set(nodeType.key, nodeType);
    const versions = this.versions.get(nodeType.type) ?? [];
    versions.push(nodeType.version);
    versions.sort((a, b) => a - b);
    this.versions.set(nodeType.type, versions);
    return this;
  }

  get(type: string, version: number): NodeType | undefined {
    return this.byKey.get(nodeTypeKey(type, version));
  }

  /** The newest version of a type, which the palette offers for new nodes. */
  latest(type: string): NodeType | undefined {
    const versions = this.versions.get(type);
    const newest = versions?.[versions.length - 1];
    return newest === undefined ? undefined : this.get(type, newest);
  }

  hasType(type: string): boolean {
    return this.versions.has(type);
  }

  /** Registered versions of a type, oldest first. */
  versionsOf(type: string): readonly number[] {
    return this.versions.get(type) ?? [];
  }

  /** Every node type, ordered by key so listings are stable. */
  list(): NodeType[] {
    return [...this.byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }
}
