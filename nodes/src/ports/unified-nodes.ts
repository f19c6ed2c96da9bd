import { z } from 'zod';
import { defineNode } from '@bizosaas/shared';
import { categoryConnectionType } from '../connectors/sdk/define-connector.js';
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

// Unified nodes take any connection of their category: the connection's connector implements the
// category port, so a flow moves from HubSpot to Zoho by changing the connection alone.

const main = [{ name: 'main' }];

export const crmUpsertContactNode = defineNode({
  type: 'crm.upsert_contact',
  version: 1,
  kind: 'action',
  title: 'CRM: upsert contact',
  description:
    'Finds the contact by email in any CRM connection and updates it, or creates it. The output is the canonical contact, with the CRM’s id and record.',
  category: 'CRM',
  icon: 'users',
  params: ContactInputSchema,
  inputs: main,
  outputs: [{ name: 'main', schema: z.object({ created: z.boolean(), record: ContactSchema }) }],
  connectionType: categoryConnectionType('crm'),
});

export const cmsCreateContentNode = defineNode({
  type: 'cms.create_content',
  version: 1,
  kind: 'action',
  title: 'CMS: create content',
  description: 'Creates a post or page in any CMS connection (a draft unless the status says).',
  category: 'CMS',
  icon: 'file-text',
  params: ContentInputSchema,
  inputs: main,
  outputs: [{ name: 'main', schema: ContentSchema }],
  connectionType: categoryConnectionType('cms'),
});

export const commerceListOrdersNode = defineNode({
  type: 'commerce.list_orders',
  version: 1,
  kind: 'action',
  title: 'Commerce: list orders',
  description: 'Lists the newest orders of any commerce connection, as canonical orders.',
  category: 'Commerce',
  icon: 'shopping-cart',
  params: ListRequestSchema,
  inputs: main,
  outputs: [{ name: 'main', schema: pageOf(OrderSchema) }],
  connectionType: categoryConnectionType('commerce'),
});

export const analyticsReportNode = defineNode({
  type: 'analytics.report',
  version: 1,
  kind: 'action',
  title: 'Analytics: report',
  description:
    'Runs a metrics report (metrics by dimensions over a date range) on any analytics connection.',
  category: 'Analytics',
  icon: 'bar-chart',
  params: ReportRequestSchema,
  inputs: main,
  outputs: [{ name: 'main', schema: ReportSchema }],
  connectionType: categoryConnectionType('analytics'),
});

export const billingCreateInvoiceNode = defineNode({
  type: 'billing.create_invoice',
  version: 1,
  kind: 'action',
  title: 'Billing: create invoice',
  description: 'Creates an invoice with its lines for a customer of any billing connection.',
  category: 'Billing',
  icon: 'receipt',
  params: InvoiceInputSchema,
  inputs: main,
  outputs: [{ name: 'main', schema: InvoiceSchema }],
  connectionType: categoryConnectionType('billing'),
});

export const messagingSendNode = defineNode({
  type: 'messaging.send',
  version: 1,
  kind: 'action',
  title: 'Messaging: send message',
  description: 'Sends a message to a channel of any messaging connection.',
  category: 'Messaging',
  icon: 'message-square',
  params: MessageInputSchema,
  inputs: main,
  outputs: [{ name: 'main', schema: MessageSchema }],
  connectionType: categoryConnectionType('messaging'),
});

export const unifiedNodes = [
  crmUpsertContactNode,
  cmsCreateContentNode,
  commerceListOrdersNode,
  analyticsReportNode,
  billingCreateInvoiceNode,
  messagingSendNode,
] as const;
