import { readdirSync, readFileSync } from 'node:fs';
import proto from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { describe, expect, test } from 'vitest';
import { workflowBundlerOptions, workflowsPath } from '../src/worker.js';
import { fixtureDataConverter } from './histories/fixture.js';

// Recorded by histories/record.ts, one per node kind; the interpreter must replay each unchanged.
const dir = new URL('./histories/', import.meta.url);
const names = readdirSync(dir).filter((f) => f.endsWith('.json'));

function load(name: string): proto.temporal.api.history.v1.IHistory {
  const json = JSON.parse(readFileSync(new URL(name, dir), 'utf8')) as object;
  return proto.temporal.api.history.v1.History.fromObject(json);
}

// Bundled as every worker bundles it.
const options = () => ({
  workflowsPath,
  bundlerOptions: workflowBundlerOptions,
  dataConverter: fixtureDataConverter(),
});
const replay = (history: proto.temporal.api.history.v1.IHistory) =>
  Worker.runReplayHistory(options(), history);

describe('determinism', () => {
  test('every recorded history replays', async () => {
    expect(names.length).toBeGreaterThanOrEqual(8);
    const histories = names.map((name) => ({ workflowId: name, history: load(name) }));
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories(options(), histories)) {
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
  });

  test('an altered history raises a determinism error', async () => {
    const history = load('for-each-action.json');
    const scheduled = history.events?.find((e) => e.activityTaskScheduledEventAttributes);
    const attributes = scheduled?.activityTaskScheduledEventAttributes;
    if (!attributes) throw new Error('the recorded loop scheduled no activity');
    attributes.activityType = { name: 'someOtherActivity' };
    await expect(replay(history)).rejects.toBeInstanceOf(DeterminismViolationError);
  });
});
