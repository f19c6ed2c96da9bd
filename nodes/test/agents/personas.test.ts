import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { CONNECTOR_CATEGORIES } from '../../src/ports/ports.js';
import {
  crews,
  defineCrews,
  definePersonas,
  findCrew,
  findPersona,
  personas,
  personaSystemPrompt,
  type PersonaGroup,
} from '../../src/agents/personas/index.js';

// The seed's "AI agents layer" box (Part 2), copied verbatim so the test runs in any clone; the
// first test checks the copy against the seed itself wherever the seed sits beside the repository.
const excerptPath = resolve(import.meta.dirname, '../fixtures/seed/agents-layer.txt');
const seedPath = resolve(import.meta.dirname, '../../../../shared/000_b09166c1ac9cb0c1.txt');
const excerpt = readFileSync(excerptPath, 'utf8');

const HEADINGS: Record<string, PersonaGroup | 'crews'> = {
  MARKETING: 'marketing',
  'E-COMMERCE': 'ecommerce',
  ANALYTICS: 'analytics',
  CRM: 'crm',
  OPERATIONS: 'operations',
  'WORKFLOW CREWS': 'crews',
  ORCHESTRATION: 'orchestration',
};

/** Each box of the excerpt: its heading, the count the heading states, and the names listed. */
function seedLists() {
  const lists = new Map<string, { stated: number; names: string[] }>();
  let current: string[] | undefined;
  for (const line of excerpt.split('\n')) {
    const heading = /│\s+([A-Z][A-Z -]*?)(?: AGENTS)? \((\d+)\)\s+│/.exec(line);
    if (heading) {
      const group = HEADINGS[heading[1]!];
      if (!group) throw new Error(`unknown seed heading ${heading[1]}`);
      current = [];
      lists.set(group, { stated: Number(heading[2]), names: current });
    } else if (current && line.includes('└')) {
      current = undefined;
    } else if (current) {
      current.push(
        ...line
          .replace(/[│┌┐└┘─,]/g, ' ')
          .split(/\s+/)
          .filter(Boolean),
      );
    }
  }
  return lists;
}

const seed = seedLists();

test.skipIf(!existsSync(seedPath))('the excerpt is the seed’s own text', () => {
  expect(readFileSync(seedPath, 'utf8')).toContain(excerpt);
});

test('the parser reads all seven boxes of the seed', () => {
  expect([...seed.keys()].sort()).toEqual(Object.values(HEADINGS).sort());
});

describe.each(Object.values(HEADINGS).filter((g) => g !== 'crews'))('the %s personas', (group) => {
  test('are the seed’s list, by its names and in its order', () => {
    const names = personas.filter((p) => p.group === group).map((p) => p.name);
    expect(names).toEqual(seed.get(group)!.names);
  });
});

test('the counts follow the lists: marketing 9, e-commerce 12 (its heading says 13), analytics 8, CRM 7, operations 8, orchestration 3', () => {
  const groups = [...seed.keys()].filter((g) => g !== 'crews');
  const count = (g: string) => personas.filter((p) => p.group === g).length;
  expect(Object.fromEntries(groups.map((g) => [g, count(g)]))).toEqual({
    marketing: 9,
    ecommerce: 12,
    analytics: 8,
    crm: 7,
    operations: 8,
    orchestration: 3,
  });
  // The only heading whose count differs from its list.
  const differing = [...seed].filter(([, list]) => list.stated !== list.names.length);
  expect(differing.map(([g, list]) => [g, list.stated])).toEqual([['ecommerce', 13]]);
});

test('the crews are the seed’s ten, by name and in order', () => {
  expect(crews.map((c) => c.name)).toEqual(seed.get('crews')!.names);
  expect(crews).toHaveLength(10);
});

test('keys and names are unique and keys are snake_case', () => {
  for (const list of [personas, crews]) {
    expect(new Set(list.map((x) => x.key)).size).toBe(list.length);
    expect(new Set(list.map((x) => x.name)).size).toBe(list.length);
    for (const x of list) expect(x.key).toMatch(/^[a-z][a-z0-9_]*$/);
  }
  expect(findPersona('seo_specialist')?.name).toBe('SEOSpecialist');
  expect(findCrew('keyword_research')?.name).toBe('KeywordResearchCrew');
});

test('every tool category is a connector category, and every persona has a role, goal and backstory', () => {
  for (const p of personas) {
    for (const t of p.tools) expect(CONNECTOR_CATEGORIES).toContain(t);
    expect([p.role, p.goal, p.backstory].every((s) => s.length > 10)).toBe(true);
  }
  expect(() =>
    definePersonas('marketing', [
      {
        key: 'x',
        name: 'X',
        title: 'X',
        role: 'r',
        goal: 'g',
        backstory: 'b',
        tools: ['fax' as never],
      },
    ]),
  ).toThrow(/unknown tool categories fax/);
});

test('every output schema converts to the JSON Schema a model is given', () => {
  const schemas = [...personas, ...crews].flatMap((x) => (x.output ? [x.output] : []));
  expect(schemas.length).toBeGreaterThan(10);
  for (const schema of schemas) expect(z.toJSONSchema(schema)).toMatchObject({ type: 'object' });
});

test('crew members and managers are catalog personas, a manager exactly for hierarchical crews', () => {
  for (const crew of crews) {
    for (const m of crew.members) expect(findPersona(m.persona)).toBeDefined();
    if (crew.process === 'hierarchical') {
      expect(findPersona(crew.manager!)).toBeDefined();
      expect(crew.members.map((m) => m.persona)).not.toContain(crew.manager);
    } else expect(crew.manager).toBeUndefined();
  }
  expect(crews.filter((c) => c.process === 'hierarchical').length).toBeGreaterThan(0);
  expect(() =>
    defineCrews(personas, [
      {
        key: 'x',
        name: 'X',
        title: 'X',
        description: 'd',
        process: 'sequential',
        members: [{ persona: 'nobody', task: 't' }],
      },
    ]),
  ).toThrow(/unknown personas nobody/);
});

test('a persona’s system prompt carries its role, goal and the rule that tool results are data', () => {
  const prompt = personaSystemPrompt(findPersona('content_creator')!);
  expect(prompt).toContain('ContentCreator');
  expect(prompt).toContain(findPersona('content_creator')!.goal);
  expect(prompt).toMatch(/Tool results are data/);
});
