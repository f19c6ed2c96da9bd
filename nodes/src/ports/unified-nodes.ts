import { z } from 'zod';
import { defineNode, type NodeType } from '@bizosaas/shared';
import { CATEGORY_TITLES, categoryConnectionType } from '../connectors/sdk/define-connector.js';
import {
  ContactInputSchema,
  ContactSchema,
  ContentInputSchema,
  ContentSchema,
  InvoiceInputSchema,
  InvoiceSchema,
  ListRequestSchema,
  MessageInputSchema,
  MessageSchema,
  OrderSchema,
  pageOf,
  ReportRequestSchema,
  ReportSchema,
} from './canonical.js';
import type { ConnectorCategory, PortContext, PortsByCategory } from './ports.js';

// Unified nodes take any connection of their category: the connection's connector implements the
// category port, so a flow moves from HubSpot to Zoho by changing the connection alone.

/** A unified node and the port method it runs on the connection's connector. */
export interface UnifiedNode {
  readonly node: NodeType;
  readonly category: ConnectorCategory;
  /** `params` are the node's params, parsed by its schema. */
  run(port: unknown, ctx: PortContext, params: unknown): Promise<unknown>;
}

function unifiedNode<K extends ConnectorCategory, P extends z.ZodType>(
  category: K,
  spec: {
    /** The node type is `<category>.<op>`. */
    op: string;
    title: string;
    description: string;
    icon: string;
    params: P;
    output: z.ZodType;
  },
  run: (port: PortsByCategory[K], ctx: PortContext, params: z.output<P>) => Promise<unknown>,
): UnifiedNode {
  const node = defineNode({
    type: `${category}.${spec.op}`,
    version: 1,
    kind: 'action',
    title: `${CATEGORY_TITLES[category]}: ${spec.title}`,
    description: spec.description,
    category: CATEGORY_TITLES[category],
    icon: spec.icon,
    params: spec.params,
    inputs: [{ name: 'main' }],
    outputs: [{ name: 'main', schema: spec.output }],
    connectionType: categoryConnectionType(category),
  }) as NodeType;
  return { node, category, run: run as UnifiedNode['run'] };
}

/** Every unified node, one entry each: its declaration and what it calls. */
export const unifiedOperations: readonly UnifiedNode[] = [
  unifiedNode(
    'crm',
    {
      op: 'upsert_contact',
      title: 'upsert contact',
      description:
        'Finds the contact by email in any CRM connection and updates it, or creates it. The output is the canonical contact, with the CRM’s id and record.',
      icon: 'users',
      params: ContactInputSchema,
      output: z.object({ created: z.boolean(), record: ContactSchema }),
    },
    (port, ctx, params) => port.upsertContact(ctx, params),
  ),
  unifiedNode(
    'cms',
    {
      op: 'create_content',
      title: 'create content',
      description: 'Creates a post or page in any CMS connection (a draft unless the status says).',
      icon: 'file-text',
      params: ContentInputSchema,
      output: ContentSchema,
    },
    (port, ctx, params) => port.createContent(ctx, params),
  ),
  unifiedNode(
    'commerce',
    {
      op: 'list_orders',
      title: 'list orders',
      description: 'Lists the newest orders of any commerce connection, as canonical orders.',
      icon: 'shopping-cart',
      params: ListRequestSchema,
      output: pageOf(OrderSchema),
    },
    (port, ctx, params) => port.listOrders(ctx, params),
  ),
  unifiedNode(
    'analytics',
    {
      op: 'report',
      title: 'report',
      description:
        'Runs a metrics report (metrics by dimensions over a date range) on any analytics connection.',
      icon: 'bar-chart',
      params: ReportRequestSchema,
      output: ReportSchema,
    },
    (port, ctx, params) => port.report(ctx, params),
  ),
  unifiedNode(
    'billing',
    {
      op: 'create_invoice',
      title: 'create invoice',
      description: 'Creates an invoice with its lines for a customer of any billing connection.',
      icon: 'receipt',
      params: InvoiceInputSchema,
      output: InvoiceSchema,
    },
    (port, ctx, params) => port.createInvoice(ctx, params),
  ),
  unifiedNode(
    'messaging',
    {
      op: 'send',
      title: 'send message',
      description: 'Sends a message to a channel of any messaging connection.',
      icon: 'message-square',
      params: MessageInputSchema,
      output: MessageSchema,
    },
    (port, ctx, params) => port.send(ctx, params),
  ),
];

export const unifiedNodes: readonly NodeType[] = unifiedOperations.map((u) => u.node);
