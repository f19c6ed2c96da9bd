// A minimal workflow for the stack tests: one activity call, so a worker really ran it.
import { proxyActivities } from '@temporalio/workflow';

const { greeting } = proxyActivities<{ greeting(name: string): Promise<string> }>({
  startToCloseTimeout: '10 seconds',
});

export async function greet(name: string): Promise<string> {
  return `${await greeting(name)}!`;
}
