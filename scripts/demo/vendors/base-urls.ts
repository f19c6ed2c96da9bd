// Which connectors the dev stack sends to the demo service instead of the vendor (the demo
// tenant's connections then use the real connectors against it). WordPress needs no entry: a
// connection names its own site, the demo service's address.

export function demoConnectorBaseUrls(demoServicePort: number): Record<string, string> {
  const demo = `http://127.0.0.1:${demoServicePort}`;
  return { hubspot: demo, slack: `${demo}/api` };
}
