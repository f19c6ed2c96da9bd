// Pure entry of the connectors: their declarations and node types, safe in the browser and the
// workflow sandbox. Their executors are in ./executors.ts (Node-only).
import type { NodeType } from '@bizosaas/shared';
import { unifiedNodes } from '../ports/unified-nodes.js';
import { anthropicConnector } from './anthropic/index.js';
import { azureOpenaiConnector } from './azure_openai/index.js';
import { geminiConnector } from './gemini/index.js';
import { googleAnalyticsConnector } from './google_analytics/index.js';
import { groqConnector } from './groq/index.js';
import { hubspotConnector } from './hubspot/index.js';
import { openaiConnector } from './openai/index.js';
import { openaiCompatibleConnector } from './openai_compatible/index.js';
import type { Connector } from './sdk/index.js';
import { shopifyConnector } from './shopify/index.js';
import { slackConnector } from './slack/index.js';
import { stripeConnector } from './stripe/index.js';
import { wordpressConnector } from './wordpress/index.js';
import { zohoCrmConnector } from './zoho_crm/index.js';

/** Every connector the platform ships, one registration each. */
export const builtinConnectors: readonly Connector[] = [
  anthropicConnector,
  azureOpenaiConnector,
  geminiConnector,
  googleAnalyticsConnector,
  groqConnector,
  hubspotConnector,
  openaiConnector,
  openaiCompatibleConnector,
  shopifyConnector,
  slackConnector,
  stripeConnector,
  wordpressConnector,
  zohoCrmConnector,
];

/** The connector with this id (also its connection type), if there is one. */
export function findConnector(
  id: string,
  connectors: readonly Connector[] = builtinConnectors,
): Connector | undefined {
  return connectors.find((c) => c.id === id);
}

/** The node types of these connectors (their operations and triggers) and the unified category nodes. */
export function connectorNodeTypes(
  connectors: readonly Connector[] = builtinConnectors,
): NodeType[] {
  return [...connectors.flatMap((c) => c.nodes), ...unifiedNodes];
}
