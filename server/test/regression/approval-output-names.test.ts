// Regression: an approval's output named the decider only by user id (`decidedBy`), so a flow
// that wrote "approved by …" into a CRM note or a chat message could only write a uuid. The
// output now also carries the decider's name and email (`decidedByName`, `decidedByEmail`, and
// `userName`/`userEmail` on each decision); `decidedBy` stays the id, so existing flows that
// look people up by it are unchanged.
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  addMember,
  call,
  signUp,
  startTestServer,
  unique,
  type Session,
  type TestServer,
} from '../harness.js';
import { approvalFlow } from '../flows.js';
import { eventually } from '../smtp.js';

let server: TestServer;
let owner: Session;
let ann: Session;
beforeAll(async () => {
  server = await startTestServer({ worker: true });
  owner = await signUp(server.url);
  ann = await addMember(server.url, owner, 'approver');
});
afterAll(async () => {
  await server?.close();
});

it("gives the decider's name and email beside the id in the approval's output", async () => {
  const graph = approvalFlow({ assignees: { users: [ann.userId] } });
  const approved = graph.nodes.find((n) => n.id === 'approved')!;
  approved.params = {
    values: {
      went: 'approved',
      by: '{{ $node.ask.output.decidedBy }}',
      name: '{{ $node.ask.output.decidedByName }}',
      email: '{{ $node.ask.output.decidedByEmail }}',
      first: '{{ $node.ask.output.decisions[0].userName }}',
    },
  };
  const created = await call<{ id: string }>(
    server.url,
    'flows.create',
    { name: unique('names'), graph },
    owner,
  );
  const flowId = created.data!.id;
  await call(server.url, 'flows.publish', { flowId, revision: 1 }, owner);
  const run = await call<{ runId: string }>(
    server.url,
    'runs.start',
    { flowId, payload: { discount: 10, customer: 'ACME', amount: 1 } },
    owner,
  );
  const runId = run.data!.runId;
  const task = await eventually(async () => {
    const inbox = await call<{ tasks: { id: string; runId: string }[] }>(
      server.url,
      'approvals.inbox',
      undefined,
      { ...ann, type: 'query' },
    );
    return inbox.data?.tasks.find((t) => t.runId === runId);
  });
  const decided = await call(
    server.url,
    'approvals.decide',
    { taskId: task.id, decision: 'approve' },
    ann,
  );
  expect(decided.status).toBe(200);
  const finished = await eventually(async () => {
    const view = await call<{ status: string; result?: { output: unknown } }>(
      server.url,
      'runs.get',
      { runId },
      { ...owner, type: 'query' },
    );
    return view.data && view.data.status !== 'running' ? view.data : undefined;
  }, 30_000);
  expect(finished.result?.output).toEqual({
    went: 'approved',
    by: ann.userId,
    name: 'approver',
    email: ann.email,
    first: 'approver',
  });
});
