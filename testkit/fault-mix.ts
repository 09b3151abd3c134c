import type { FaultRule } from "../emulator";

/**
 * The soak fault mix on every action: 20% Throttling.User, 5% ServiceUnavailable (503), 1%
 * dropped connections, 1% dropped after the change was made, and 2% answers slower than the
 * SDK read timeout `readTimeoutMs` (made, then answered late). Each rule's probability is
 * scaled by what earlier rules left, so the rates are marginal. Benchmark figure 6 and the
 * concurrent-stacks tests run under it.
 */
export function soakFaultMix(readTimeoutMs: number): FaultRule[] {
  const mix: [number, FaultRule][] = [
    [0.2, { code: "Throttling.User", status: 400 }],
    [0.05, { code: "ServiceUnavailable", status: 503 }],
    [0.01, { drop: true }],
    [0.01, { drop: true, afterApply: true }],
  ];
  let left = 1;
  const rules = mix.map(([rate, rule]) => {
    const probability = rate / left;
    left -= rate;
    return { action: "*", ...rule, probability };
  });
  // Latency-only rules do not decide the answer, so this one sees what the others let through.
  rules.push({
    action: "*",
    latencyMs: readTimeoutMs + 1_000,
    afterApply: true,
    probability: 0.02 / left,
  });
  return rules;
}
