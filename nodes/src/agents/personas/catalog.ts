import { analyticsPersonas } from './analytics.js';
import { crmPersonas } from './crm.js';
import { ecommercePersonas } from './ecommerce.js';
import { marketingPersonas } from './marketing.js';
import { operationsPersonas } from './operations.js';
import { orchestrationPersonas } from './orchestration.js';
import type { Persona } from './persona.js';

/** Every persona, grouped in the seed's order. */
export const personas: readonly Persona[] = [
  ...marketingPersonas,
  ...ecommercePersonas,
  ...analyticsPersonas,
  ...crmPersonas,
  ...operationsPersonas,
  ...orchestrationPersonas,
];

const byKey = new Map(personas.map((p) => [p.key, p]));

export function findPersona(key: string): Persona | undefined {
  return byKey.get(key);
}
