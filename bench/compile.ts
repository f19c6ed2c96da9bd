/**
 * npm run bench -- compile
 *
 * Validates and compiles generated flows of 10, 100, 1,000 and 5,000 nodes (chains, if/switch
 * branches joined by merges, nested for-each loops, expressions referencing upstream nodes) and
 * prints the median time of each. `validateAndCompile` is what publishing runs: one validation
 * pass, then the definition and its hash. The last line compares 1,000 with 100 nodes: linear
 * growth is about x10.
 */
import { validate, validateAndCompile } from '@bizosaas/shared';
import { catalog } from '@bizosaas/shared/testing/catalog';
import { buildFlow } from '@bizosaas/shared/testing/flows';

const SIZES = [10, 100, 1_000, 5_000];
const CHOICES = [
  3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4, 6, 2, 6, 4, 3, 3, 8, 3, 2, 7, 9, 5,
];

/** Picks a node builder sequence whose flow is closest to `size` nodes. */
function flowOf(size: number) {
  const graph = buildFlow(CHOICES.slice(0, Math.max(4, Math.min(CHOICES.length, size))), size);
  const problems = validate(graph, catalog).filter((p) => p.severity === 'error');
  if (problems.length > 0) throw new Error(`generated flow is invalid: ${problems[0]?.message}`);
  return graph;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

const medians = new Map<number, number>();
for (const size of SIZES) {
  const graph = flowOf(size);
  const runs = size >= 5_000 ? 21 : size >= 1_000 ? 61 : 201;
  for (let i = 0; i < Math.min(10, runs); i++) validateAndCompile(graph, catalog);
  // Fresh copies made up front, so nothing is cached by object identity and the copying's garbage
  // is not collected inside the timed region.
  const copies = Array.from(
    { length: runs },
    () => JSON.parse(JSON.stringify(graph)) as typeof graph,
  );
  const times: number[] = [];
  for (const copy of copies) {
    const start = performance.now();
    const { definition } = validateAndCompile(copy, catalog);
    times.push(performance.now() - start);
    if (!definition) throw new Error('generated flow did not compile');
  }
  medians.set(size, median(times));
  const fastest = Math.min(...times);
  console.log(
    `${String(size).padStart(5)} nodes (${graph.nodes.length} drawn, ${graph.edges.length} edges): median ${median(times).toFixed(2)} ms, fastest ${fastest.toFixed(2)} ms over ${runs} runs`,
  );
}
const growth = (medians.get(1_000) as number) / (medians.get(100) as number);
console.log(
  `compile: 1000 nodes ${(medians.get(1_000) as number).toFixed(2)} ms, growth x${growth.toFixed(1)}`,
);
