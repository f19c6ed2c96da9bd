/**
 * A node name not in `taken`: expressions address nodes by name, so a new or pasted node gets
 * "Set 2", "Set 3"… rather than a duplicate the validator would reject.
 */
export function uniqueName(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  const stem = base.replace(/ \d+$/, '');
  for (let i = 2; ; i++) {
    const candidate = `${stem} ${i}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** A fresh machine-made id; random so ids from two browser tabs never collide. */
export function newId(prefix: string): string {
  return `${prefix}_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
}
