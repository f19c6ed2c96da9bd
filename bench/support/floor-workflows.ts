// The floor of the throughput bench: its flow (Set → If → Set → Merge → Set) written by hand as
// one Temporal workflow, with no platform code, no activity and no expression engine — the same
// five history events per run as the interpreter's.
interface Call {
  body: { email: string; score: number };
}

export async function floorFlow(call: Call): Promise<unknown> {
  const lead = { email: call.body.email, score: call.body.score };
  const joined = lead.score > 10 ? [{ ...lead, tier: 'hot' }] : [lead];
  return { ok: true, lead, joined };
}
