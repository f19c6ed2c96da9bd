// Its own module, so what only needs the category names (the personas, which workflows read)
// does not pull the ports and connectors into the workflow bundle.

/** The categories a connector can belong to; each has one port. */
export const CONNECTOR_CATEGORIES = [
  'crm',
  'cms',
  'commerce',
  'billing',
  'analytics',
  'messaging',
  'llm',
] as const;
export type ConnectorCategory = (typeof CONNECTOR_CATEGORIES)[number];
