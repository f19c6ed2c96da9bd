import type { z } from 'zod';
import type { Persona } from './persona.js';

export const CREW_PROCESSES = ['sequential', 'hierarchical'] as const;
export type CrewProcess = (typeof CREW_PROCESSES)[number];

/** A member of a crew: a persona and what it does in this crew. */
export interface CrewMember {
  persona: string;
  task: string;
}

/**
 * One of the seed's workflow crews. `sequential`: the members run in order, each given the
 * request and the previous member's answer; the last answer is the crew's. `hierarchical`: the
 * `manager` persona gets the request and a delegate tool over the members, and composes the answer.
 */
export interface Crew {
  key: string;
  /** The seed's name, e.g. `OnboardingCrew`. */
  name: string;
  title: string;
  description: string;
  process: CrewProcess;
  manager?: string;
  members: CrewMember[];
  /** The shape of the crew's final answer (the last member's, or the manager's). */
  output?: z.ZodType;
}

/** Declares the crews over a persona catalog; a member or manager it does not hold fails at import. */
export function defineCrews(personas: readonly Persona[], crews: Crew[]): Crew[] {
  const known = new Set(personas.map((p) => p.key));
  for (const crew of crews) {
    const missing = [
      ...crew.members.map((m) => m.persona),
      ...(crew.manager ? [crew.manager] : []),
    ].filter((key) => !known.has(key));
    if (missing.length > 0)
      throw new Error(`crew ${crew.key}: unknown personas ${missing.join(', ')}`);
    if ((crew.process === 'hierarchical') !== (crew.manager !== undefined))
      throw new Error(`crew ${crew.key}: a manager exactly when the process is hierarchical`);
    if (crew.members.length === 0) throw new Error(`crew ${crew.key}: no members`);
  }
  return crews;
}
