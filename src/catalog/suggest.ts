/** "Did you mean": the closest agent names to a mistyped one. */
import { distance } from 'fastest-levenshtein';

export function closestNames(input: string, names: readonly string[], max = 3): string[] {
  const q = input.toLowerCase().slice(0, 200);
  const scored = names.map((name) => {
    const n = name.toLowerCase();
    let d = distance(q, n);
    if (n.includes(q) || q.includes(n)) d = Math.min(d, Math.abs(n.length - q.length) * 0.25);
    return { name, d };
  });
  scored.sort((a, b) => a.d - b.d || a.name.localeCompare(b.name));
  const limit = Math.max(3, Math.ceil(q.length * 0.6));
  return scored.filter((s) => s.d <= limit).slice(0, max).map((s) => s.name);
}
